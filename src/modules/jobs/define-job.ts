/**
 * TYPED JOBS. Each kind of job is defined once: its kind, the TypeBox schema of its payload and
 * what it does. Scheduling goes through the definition (`job.schedule(db, { key, payload, runAt })`),
 * so the compiler checks the payload against the schema's type; the worker runs the definition's
 * handler, which checks the payload taken from the `jobs` row against the schema before anything
 * else. A payload that fails the check (a row written by an older release, by hand, or by a bug)
 * throws MalformedJobPayload: the worker marks the job failed at once with the schema's complaint
 * and does not retry it — trying again cannot make the payload valid — and the job's effect never
 * runs (worker.ts).
 */
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Executor } from '../../db/database.js';
import type { Tx } from '../../kernel/transaction.js';
import { jobsRepository, type JobRow } from './jobs.repository.js';

export interface JobContext<D> {
  now: Date;
  job: JobRow;
  /** What the job's effect needs from the process that runs it (the deployment, say), given to handler(). */
  deps: D;
}

export type JobHandler = (trx: Tx, job: JobRow, ctx: { now: Date }) => Promise<void>;

/** The payload of a taken job does not match its kind's schema: the job is failed, never retried. */
export class MalformedJobPayload extends Error {
  constructor(readonly kind: string, readonly problems: string[]) {
    super(`The payload of this "${kind}" job does not match its schema: ${problems.join('; ')}.`);
    this.name = 'MalformedJobPayload';
  }
}

export interface JobDefinition<K extends string, S extends TSchema, D> {
  kind: K;
  payload: S;
  /** The job's effect, with its payload checked and typed. */
  run(trx: Tx, payload: Static<S>, ctx: JobContext<D>): Promise<void>;
}

export interface DefinedJob<K extends string, S extends TSchema, D> extends JobDefinition<K, S, D> {
  /** Schedules one job of this kind unless a job with this key exists (true when inserted). */
  schedule(db: Executor, job: { key: string; payload: Static<S>; runAt: Date; maxAttempts?: number }, now: Date): Promise<boolean>;
  /** The worker's handler: checks the payload against the schema, then runs the job. */
  handler(deps: D): JobHandler;
  /** How many jobs of this kind are due and not done yet (a run in progress). */
  due(db: Executor, now: Date): Promise<number>;
}

/** Where a payload breaks the schema, in a few words per place (no values: a payload may name a request). */
function complaints(schema: TSchema, payload: unknown): string[] {
  return [...Value.Errors(schema, payload)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export function defineJob<K extends string, S extends TSchema, D = undefined>(def: JobDefinition<K, S, D>): DefinedJob<K, S, D> {
  return {
    ...def,
    due: (db, now) => jobsRepository.dueCount(db, def.kind, now),
    schedule: (db, job, now) => jobsRepository.schedule(db, { key: job.key, kind: def.kind, payload: job.payload as Record<string, unknown>, runAt: job.runAt, maxAttempts: job.maxAttempts }, now),
    handler: (deps) => async (trx, job, { now }) => {
      if (!Value.Check(def.payload, job.payload)) throw new MalformedJobPayload(def.kind, complaints(def.payload, job.payload));
      await def.run(trx, job.payload as Static<S>, { now, job, deps });
    },
  };
}

