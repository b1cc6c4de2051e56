/**
 * THE MATCH SWEEP: a durable job (defineJob, kind `matching.sweep`) that brings the registry's
 * persons into the candidate search and proposes to the ministry the pairs that may be one person.
 * A sweep walks the registry's persons not merged in id order (the registry's published
 * personsToIndex: matching never reads persons itself), BATCH at a time; each batch is one job and
 * one transaction:
 *  - the persons of the page not indexed yet get their blocking keys written (person_match_keys)
 *    and are marked indexed (person_match_indexed), so each person is searched for once;
 *  - each is searched for among the indexed persons (find-candidates.ts; those of this batch too:
 *    their keys are already written in this transaction), with the review threshold for the number
 *    of persons indexed (thresholdsFor);
 *  - each candidate pair becomes a pending proposal, ordered (person_a < person_b) and inserted
 *    ON CONFLICT DO NOTHING, so a pair is proposed once, and a pair decided 'different' never again;
 *  - the first batch and the last count the indexed persons' names and phones again
 *    (registry-frequencies.ts), which the search weighs by how common they are;
 *  - a full page schedules the next batch (deterministic key match-sweep:<sweep>:<n>, so scheduling
 *    twice collides and a batch that rolled back runs again as the same job); the last batch
 *    schedules the next day's sweep, at midnight UTC.
 * A sweep is named by its day (UTC): the server and the worker start the day's sweep when they
 * start (src/cli.ts), and a second start on the same day is the same sweep.
 * Nothing of a person is logged; the proposals hold ids, scores and levels only.
 */
import { Type } from 'typebox';
import type { Executor } from '../../db/database.js';
import type { Tx } from '../../kernel/transaction.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { personsToIndex } from '../registry/registry.service.js';
import { findCandidatesOfMany, indexKeys, preparePerson, reviewThreshold } from './find-candidates.js';
import { recountFrequencies } from './registry-frequencies.js';
import { matchingRepository } from './matching.repository.js';

export const SWEEP_BATCH = 500;

const SweepBatch = Type.Object(
  {
    /** The sweep's day (UTC), which names its batches' keys. */
    sweep: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    batch: Type.Integer({ minimum: 0 }),
    /** The last person id of the previous batch (null: from the start). */
    after: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  },
  { additionalProperties: false },
);

export const matchSweepJob = defineJob({
  kind: 'matching.sweep',
  payload: SweepBatch,
  run: async (trx, payload, { now }) => {
    // The names' and phones' frequencies counted as the day's sweep starts and once it has indexed everyone.
    if (payload.batch === 0) await recountFrequencies(trx, now);
    const { last, full } = await sweepBatch(trx, payload.after, payload.limit ?? SWEEP_BATCH, now);
    if (!full) await recountFrequencies(trx, now);
    if (full) {
      await matchSweepJob.schedule(trx, { key: sweepKey(payload.sweep, payload.batch + 1), payload: { ...payload, batch: payload.batch + 1, after: last }, runAt: now }, now);
    } else {
      const next = nextDay(payload.sweep);
      await matchSweepJob.schedule(trx, { key: sweepKey(next, 0), payload: { sweep: next, batch: 0, after: null, ...(payload.limit ? { limit: payload.limit } : {}) }, runAt: new Date(`${next}T00:00:00Z`) }, now);
    }
  },
});

const sweepKey = (sweep: string, batch: number) => `match-sweep:${sweep}:${batch}`;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const nextDay = (sweep: string) => dayOf(new Date(new Date(`${sweep}T00:00:00Z`).getTime() + 86_400_000));

/** Starts today's sweep of the whole registry (UTC day) now, unless it was started already (true when scheduled). */
export function startMatchSweep(db: Executor, now: Date, opts: { limit?: number } = {}): Promise<boolean> {
  const sweep = dayOf(now);
  return matchSweepJob.schedule(db, { key: sweepKey(sweep, 0), payload: { sweep, batch: 0, after: null, ...(opts.limit ? { limit: opts.limit } : {}) }, runAt: now }, now);
}

/** One batch of the sweep, in the caller's transaction: what it indexed and proposed, and where the next batch starts. */
export async function sweepBatch(trx: Tx, after: string | null, limit: number, now: Date) {
  const page = await personsToIndex(trx, { after, limit });
  const indexed = await matchingRepository.indexedAmong(trx, page.map((p) => p.id));
  const fresh = page.filter((p) => !indexed.has(p.id)).map(preparePerson);
  await matchingRepository.index(trx, fresh.map((r) => ({ personId: r.id, keys: indexKeys(r) })), now);
  const review = await reviewThreshold(trx);
  let proposed = 0;
  const found = await findCandidatesOfMany(trx, fresh, { threshold: review });
  for (const [i, r] of fresh.entries()) {
    for (const c of found[i]!.candidates) {
      if (await matchingRepository.propose(trx, { personA: r.id, personB: c.personId, score: c.score, explanation: c.explanation, at: now })) proposed++;
    }
  }
  return { indexed: fresh.length, proposed, last: page.at(-1)?.id ?? after, full: page.length === limit };
}

/** The matching module's job handlers, for the worker. */
export function matchingJobHandlers(): Record<string, JobHandler> {
  return { [matchSweepJob.kind]: matchSweepJob.handler(undefined) };
}
