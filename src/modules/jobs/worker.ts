/**
 * The job worker. Each due job runs in its own transaction: the row is taken with
 * FOR UPDATE SKIP LOCKED, the job's effect is applied, and the job is marked done, all in that one
 * transaction. So with any number of worker processes on one database a job's effect happens
 * exactly once: a second worker skips the locked row, and after the commit the row is no longer
 * pending. A failing job is rolled back to a savepoint and retried later with exponential backoff.
 * A job whose payload does not match its kind's schema (define-job.ts: MalformedJobPayload, thrown
 * before the effect) is marked failed at once, not retried: no later attempt can make it valid.
 * A worker takes only the kinds it has handlers for: a job of another kind waits, pending, for a
 * process that runs it (an SMS waits while sending is off, MIZAN_SMS=off, and goes out once a
 * process with a transport runs).
 * Time comes from the injected Clock.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import { jobsRepository, type JobRow } from './jobs.repository.js';
import { MalformedJobPayload, type JobHandler } from './define-job.js';

export type { JobHandler } from './define-job.js';

export interface WorkerOptions {
  clock: Clock;
  handlers: Record<string, JobHandler>;
  /** Recorded in jobs.done_by. */
  name?: string;
  /**
   * Jobs run at once by this worker, each in its own transaction (default 1). Taking with SKIP
   * LOCKED makes N loops in one process the same as N worker processes: a cycle's two chains of
   * payment batches are paid side by side.
   */
  concurrency?: number;
  onError?: (job: JobRow, err: unknown) => void;
}

/** 30 s, 1 min, 2 min, … capped at 1 hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

export class JobWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  readonly name: string;

  constructor(private readonly db: Kysely<DB>, private readonly opts: WorkerOptions) {
    this.name = opts.name ?? `worker-${process.pid}`;
  }

  /** Runs every job due now (by the clock), one transaction each, `concurrency` at a time. */
  async runDue(max = 10_000): Promise<{ done: number; failed: number }> {
    const now = this.opts.clock.now();
    const kinds = Object.keys(this.opts.handlers);
    let done = 0;
    let failed = 0;
    const loop = async () => {
      while (done + failed < max) {
        const outcome = await this.runOne(now, kinds);
        if (outcome === null) break;
        if (outcome === 'done') done++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.opts.concurrency ?? 1) }, loop));
    return { done, failed };
  }

  /** Takes one due job and runs it in its own transaction: null when none is due. */
  private runOne(now: Date, kinds: string[]): Promise<'done' | 'failed' | null> {
    // Background work acts as the system (role 'system', no user, no organisation).
    return inTx(this.db, SYSTEM_ACTOR, async (trx) => {
      const job = await jobsRepository.takeDue(trx, now, kinds);
      if (!job) return null;
      await sql`savepoint job_effect`.execute(trx);
      try {
        await this.opts.handlers[job.kind]!(trx, job, { now });
        await sql`release savepoint job_effect`.execute(trx);
        await jobsRepository.markDone(trx, job.id, now, this.name);
        return 'done' as const;
      } catch (e) {
        await sql`rollback to savepoint job_effect`.execute(trx);
        const err = e as { code?: string; message?: string };
        if (e instanceof MalformedJobPayload) await jobsRepository.markFailed(trx, job, e.message);
        else await jobsRepository.markAttemptFailed(trx, job, `${err.code ? `[${err.code}] ` : ''}${err.message ?? String(e)}`, new Date(now.getTime() + backoffMs(job.attempts + 1)));
        this.opts.onError?.(job, e);
        return 'failed' as const;
      }
    });
  }

  /** Polls every intervalMs until stop(). */
  start(intervalMs = 5000) {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runDue().catch((e) => this.opts.onError?.({ id: 0, key: '', kind: 'poll', payload: {}, run_at: new Date(), attempts: 0, max_attempts: 0 }, e));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), intervalMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }
}
