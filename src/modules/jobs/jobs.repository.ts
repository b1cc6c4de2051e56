/** SQL for the durable job queue (table `jobs`, see migrations/0002_requests.sql). */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export interface JobRow {
  id: number;
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
}

export interface JobSpec {
  /** Deterministic: scheduling the same key twice keeps the first. */
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
}

export const jobsRepository = {
  /** Inserts the job unless a job with this key exists. Returns true when it was inserted. */
  async schedule(db: Executor, job: JobSpec, now: Date): Promise<boolean> {
    const r = await db
      .insertInto('jobs')
      .values({ key: job.key, kind: job.kind, payload: JSON.stringify(job.payload), run_at: job.runAt, max_attempts: job.maxAttempts ?? 5, last_error: null, created_at: now, done_at: null, done_by: null })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },

  /**
   * Takes the next due job of one of `kinds` and locks it for the caller's transaction. SKIP
   * LOCKED: a job another worker holds is passed over, and once that worker commits the job is no
   * longer pending. A job of another kind is left for a worker that runs it.
   */
  async takeDue(db: Executor, now: Date, kinds: readonly string[]): Promise<JobRow | undefined> {
    const r = await sql<JobRow>`
      select id, key, kind, payload, run_at, attempts, max_attempts from jobs
       where status = 'pending' and run_at <= ${now} and kind = any(${[...kinds]}::text[])
       order by run_at, id
       limit 1
       for update skip locked`.execute(db);
    return r.rows[0];
  },

  markDone(db: Executor, id: number, now: Date, by: string) {
    return db.updateTable('jobs').set((eb) => ({ status: 'done', done_at: now, done_by: by, attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  },

  /** A failed attempt: retry at `retryAt`, or give up (status failed) after the last attempt. */
  markAttemptFailed(db: Executor, job: JobRow, error: string, retryAt: Date) {
    const attempts = job.attempts + 1;
    const giveUp = attempts >= job.max_attempts;
    return db
      .updateTable('jobs')
      .set({ attempts, last_error: error.slice(0, 1000), status: giveUp ? 'failed' : 'pending', run_at: giveUp ? job.run_at : retryAt })
      .where('id', '=', job.id)
      .execute();
  },

  /** Gives up on the job now, whatever attempts are left (its payload can never run). */
  markFailed(db: Executor, job: JobRow, error: string) {
    return db.updateTable('jobs').set({ attempts: job.attempts + 1, last_error: error.slice(0, 1000), status: 'failed' }).where('id', '=', job.id).execute();
  },

  /** How many jobs of a kind are due and not yet done (running or waiting to run now). */
  async dueCount(db: Executor, kind: string, now: Date): Promise<number> {
    const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', kind).where('status', '=', 'pending').where('run_at', '<=', now).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  findByKey(db: Executor, key: string) {
    return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
  },

  counts(db: Executor) {
    return db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  },
};
