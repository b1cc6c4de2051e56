/**
 * GROUP COMMIT, as transport only. Work that arrives while earlier work is being committed goes
 * together: the queue hands each batch to one call of the function it was given (which opens one
 * transaction for the batch), and answers each caller with its own result, at the same position.
 * A lone item goes at once (no waiting for company); under load the batches grow by themselves, up
 * to `maxBatch`, with at most `maxInFlight` batches at once. If the call fails as a whole (a
 * deadlock between two batches, a lost connection: its transaction wrote nothing), each item is
 * tried again in a call of its own, so one item's failure is never another's.
 *
 * The queue knows nothing of what it carries: the grant path (record-grants.ts, GrantBatcher) gives
 * it recordGrants in a transaction, which decides, refuses and audits each grant.
 */

export interface GroupCommitOptions {
  /** Items in one batch at most. */
  maxBatch?: number;
  /** Batches being committed at once (each holds one connection). */
  maxInFlight?: number;
}

/** The grant path's batching, unless configured (MIZAN_GRANT_BATCH_MAX, MIZAN_GRANT_IN_FLIGHT). */
export const GRANT_BATCHING_DEFAULTS = { maxBatch: 32, maxInFlight: 2 } as const;

export interface GroupCommitStats {
  /** batches committed */
  batches: number;
  /** items in the batches committed (the name the grant path's figures use) */
  grants: number;
  /** items retried alone after their batch failed */
  retried: number;
}

interface Waiting<In, Out> {
  item: In;
  resolve: (r: Out) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<In, Out> {
  private queue: Waiting<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  readonly stats: GroupCommitStats = { batches: 0, grants: 0, retried: 0 };

  /** `commit` takes a batch and answers one result per item, in the same order, once committed. */
  constructor(private readonly commit: (batch: In[]) => Promise<Out[]>, opts: GroupCommitOptions = {}) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? GRANT_BATCHING_DEFAULTS.maxBatch);
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? GRANT_BATCHING_DEFAULTS.maxInFlight);
  }

  /** Queues one item; resolves with its result once its batch has committed. */
  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Batches are formed once the current turn of the event loop is over, so that the items of
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

  /** Waiting items are shared out over the free batches, so that the database works on all of them at once. */
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

  private async run(batch: Waiting<In, Out>[]) {
    let results: Out[];
    try {
      results = await this.commit(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`A batch of ${batch.length} answered ${results.length} results.`);
    } catch {
      // The batch failed as a whole and wrote nothing: each item again, on its own.
      this.stats.retried += batch.length;
      await Promise.all(batch.map((w) => this.alone(w)));
      return;
    }
    this.stats.batches++;
    this.stats.grants += batch.length;
    batch.forEach((w, i) => w.resolve(results[i]!));
  }

  private alone(w: Waiting<In, Out>) {
    return this.commit([w.item]).then((r) => w.resolve(r[0]!), w.reject);
  }
}
