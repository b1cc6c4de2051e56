/**
 * THE FACTS SNAPSHOT, KEPT FRESH. The what-if and the projection a publish records read the
 * snapshot household_facts (set-based over the whole registry, in one pass); decisions read the
 * facts live. The snapshot is refreshed by a typed job in batches of households (in the order of
 * their id), every night and whenever the ministry asks, so no transaction holds a million rows;
 * a batch killed half-way is retried from where it started. The what-if says how fresh its facts
 * are (factsAt).
 */
import { Type } from 'typebox';
import type { Executor } from '../../db/database.js';
import type { Actor } from '../../kernel/actor.js';
import { audit } from '../audit/audit.service.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { programmesRepository } from './programmes.repository.js';

export const REFRESH_BATCH = 5000;

const RefreshBatch = Type.Object(
  {
    /** The run's name: a day (YYYY-MM-DD) for the nightly run, or `asked-<ISO time>`. */
    run: Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2}|asked-[0-9TZ:.-]{10,40})$' }),
    batch: Type.Integer({ minimum: 0 }),
    after: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000 })),
  },
  { additionalProperties: false },
);

const key = (run: string, batch: number) => `facts-refresh:${run}:${batch}`;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const nextNight = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000 + 2 * 3_600_000);

export const refreshFactsJob = defineJob({
  kind: 'programmes.refresh-facts',
  payload: RefreshBatch,
  run: async (trx, payload, { now }) => {
    const limit = payload.limit ?? REFRESH_BATCH;
    const { last, refreshed } = await programmesRepository.refreshFactsBatch(trx, payload.after, limit);
    if (refreshed === limit) {
      await refreshFactsJob.schedule(trx, { key: key(payload.run, payload.batch + 1), payload: { ...payload, batch: payload.batch + 1, after: last }, runAt: now }, now);
    } else if (!payload.run.startsWith('asked-')) {
      const day = dayOf(nextNight(payload.run));
      await refreshFactsJob.schedule(trx, { key: key(day, 0), payload: { run: day, batch: 0, after: null }, runAt: nextNight(payload.run) }, now);
    }
  },
});

/** Tonight's refresh (02:00 UTC after the day), scheduled once whichever process starts first. */
export function scheduleNightlyRefresh(db: Executor, now: Date): Promise<boolean> {
  const day = dayOf(now);
  return refreshFactsJob.schedule(db, { key: key(day, 0), payload: { run: day, batch: 0, after: null }, runAt: nextNight(day) }, now);
}

/** The ministry asks for a refresh now; answers whether one was started (false: one is running). */
export async function askRefresh(db: Executor, actor: Actor, now: Date, limit?: number) {
  const running = (await refreshFactsJob.due(db, now)) > 0;
  if (!running) {
    const run = `asked-${now.toISOString()}`;
    await refreshFactsJob.schedule(db, { key: key(run, 0), payload: { run, batch: 0, after: null, ...(limit ? { limit } : {}) }, runAt: now }, now);
    await audit(db, actor, { action: 'programme.facts.refresh', subjectType: 'household_facts', subjectId: run, at: now });
  }
  return factsStatus(db, now);
}

export async function factsStatus(db: Executor, now: Date) {
  const s = await programmesRepository.factsStatus(db);
  return {
    rows: s.rows,
    oldest: s.oldest ? new Date(s.oldest).toISOString() : null,
    newest: s.newest ? new Date(s.newest).toISOString() : null,
    refreshing: (await refreshFactsJob.due(db, now)) > 0,
  };
}

export function refreshJobHandlers(): Record<string, JobHandler> {
  return { [refreshFactsJob.kind]: refreshFactsJob.handler(undefined) };
}
