/**
 * GROUP COMMIT FOR GRANTS. Caseworkers across the country record grants at the same moment; each
 * one alone would pay a transaction of its own (begin, the acting context, one call, commit: four
 * round trips and a commit for a few hundred microseconds of work). The batcher gives grants that
 * arrive while earlier ones are being written to the database together, in one transaction and
 * one call of grant_aid() (0008_grant_path.sql), which checks, inserts and audits each in turn,
 * each under its own actor. A lone grant goes at once (no waiting for company); under load the
 * batches grow by themselves, up to `maxBatch`, with at most `maxInFlight` transactions at once.
 *
 * Nothing about the rule changes: each grant is still arbitrated by the exclusion constraint,
 * within a batch too (a later grant in the same transaction sees the earlier one). A refusal writes
 * nothing and leaves the rest of the batch alone. If the transaction fails as a whole (a deadlock
 * between two batches, a lost connection), every grant of it is tried again on its own, so one
 * grant's failure is never another's.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import { grantsRepository, type GrantItem, type GrantOutcome, type GrantRow } from './grants.repository.js';
import { prepareGrant, settleGrantTraced, type GrantInput } from './grants.service.js';
import { afterCommit } from '../registry/lookups.js';

interface Pending {
  actor: Actor;
  input: GrantInput;
  item: GrantItem;
  resolve: (g: GrantRow) => void;
  reject: (e: unknown) => void;
}

export interface GrantBatcherOptions {
  /** Grants in one transaction at most. */
  maxBatch?: number;
  /** Transactions writing grants at once (each holds one connection). */
  maxInFlight?: number;
}

export const GRANT_BATCHING_DEFAULTS = { maxBatch: 32, maxInFlight: 2 } as const;

export interface GrantBatcherStats {
  batches: number;
  grants: number;
  /** grants retried alone after their batch's transaction failed */
  retried: number;
}

export class GrantBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  readonly stats: GrantBatcherStats = { batches: 0, grants: 0, retried: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dep: Deployment,
    private readonly clock: Clock,
    opts: GrantBatcherOptions = {},
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? GRANT_BATCHING_DEFAULTS.maxBatch);
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? GRANT_BATCHING_DEFAULTS.maxInFlight);
  }

  /** Records one grant; resolves with it once committed, or rejects with the problem that explains why not. */
  grant(actor: Actor, input: GrantInput): Promise<GrantRow> {
    let item: GrantItem;
    try {
      item = prepareGrant(actor, this.dep, this.clock, input);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<GrantRow>((resolve, reject) => {
      this.queue.push({ actor, input, item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Batches are formed once the current turn of the event loop is over, so that the grants of
   * callers woken together (by the commit of the previous batch) go together.
   */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Waiting grants are shared out over the free transactions, so that the database works on all of them at once. */
  private drain() {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const size = Math.min(this.maxBatch, Math.ceil(this.queue.length / (this.maxInFlight - this.inFlight)));
      const batch = this.queue.splice(0, size);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Pending[]) {
    let outcomes: GrantOutcome[];
    try {
      outcomes = await inTx(this.db, batch[0]!.actor, (trx) => grantsRepository.grantMany(trx, batch.map((p) => p.item)));
    } catch {
      // The transaction failed as a whole and wrote nothing: each grant again, in a transaction of its own.
      this.stats.retried += batch.length;
      await Promise.all(batch.map((p) => this.alone(p)));
      return;
    }
    this.stats.batches++;
    this.stats.grants += batch.length;
    // Committed. Granted ones resolve; a refusal is explained in a read of its own actor.
    await Promise.all(
      batch.map((p, i) => {
        const o = outcomes[i]!;
        if (o.outcome === 'granted') {
          p.resolve(o.grant);
          return undefined;
        }
        // A refusal's transaction commits the trace of the lookup it answered (registry/lookups.ts), then the refusal is thrown.
        return inTx(this.db, p.actor, (trx) => settleGrantTraced(trx, p.actor, p.item, o)).then(afterCommit).then(p.resolve, p.reject);
      }),
    );
  }

  private alone(p: Pending) {
    return inTx(this.db, p.actor, async (trx) => {
      const [o] = await grantsRepository.grantMany(trx, [p.item]);
      return settleGrantTraced(trx, p.actor, p.item, o!);
    }).then(afterCommit).then(p.resolve, p.reject);
  }
}
