/**
 * A short in-process cache of pool pages (GET /api/v1/pool), so that the caseworkers of a charity
 * going through the pool do not each ask the database for the same page.
 *
 * - Key: the organisation and the normalised query (filters, sort, cursor, limit). Value: the page
 *   as the response's JSON text, serialised once by the route's response schema; a hit sends that
 *   text as it is and opens no database transaction. Authentication and the route's permission are
 *   checked before, on every request.
 * - An entry lives for the TTL (MIZAN_POOL_CACHE_MS, default 2000 ms; 0 turns the cache off),
 *   counted from the moment its database read began, and the cache holds at most `maxEntries`
 *   pages (the least recently used go first; expired and stale pages go as new ones are stored).
 * - Every write to aid_requests this process makes (submit, claim, release, approve, reject,
 *   escalate, reassign: requests.repository.ts) calls `poolCache.changedIn(db)`, which makes every
 *   page of every pool cache of this process stale at once, and once more after the writing
 *   transaction has committed (`afterCommit`, src/kernel/transaction.ts), so a page read while the
 *   write was still open is not kept either. A request claimed through this process is therefore
 *   never shown again by this process's pool.
 * - What other processes write (another server, a separate worker), and changes that move a request
 *   in or out of a pool without writing the request itself (an organisation's offer or status, a
 *   household's members), are seen when the entry expires: staleness is bounded by the TTL. A claim
 *   of a request that a stale page still shows gets the ordinary 409: the claim is decided in the
 *   database.
 * - Concurrent misses of one key in one generation share one database read.
 */

import { putBounded } from '../../shared/bounded-map.js';
import { afterCommit, type Tx } from '../../kernel/transaction.js';
import type { Executor } from '../../db/database.js';
export interface PoolCacheOptions {
  /** How long a page is served without asking the database; 0 turns the cache off. */
  ttlMs: number;
  /** At most this many pages are kept. */
  maxEntries: number;
}

export const POOL_CACHE_DEFAULTS: PoolCacheOptions = { ttlMs: 2_000, maxEntries: 10_000 };

/** The longest TTL accepted: the pool must not lag behind the registry for long. */
export const POOL_CACHE_MAX_TTL_MS = 60_000;

let generation = 0;

export const poolCache = {
  /** Increases at every write to aid_requests made by this process. */
  get generation(): number {
    return generation;
  },
  /** Every cached page of this process is stale from now on. */
  changed(): void {
    generation++;
  },
  /** Call on any write to aid_requests: every cached page is stale now and again after `db` commits. */
  changedIn(db: Executor | Tx): void {
    poolCache.changed();
    afterCommit(db, () => poolCache.changed());
  },
};

interface Entry {
  body: string;
  /** when its read began (ms, monotonic) */
  at: number;
  generation: number;
}

export class PoolPageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, { generation: number; page: Promise<string> }>();

  constructor(
    readonly options: PoolCacheOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  /** The key of a page: the organisation and the query, already normalised by the caller. */
  static key(orgId: string, query: readonly (string | number | null)[]): string {
    return JSON.stringify([orgId, ...query]);
  }

  /** The cached page, if it is of the current generation and younger than the TTL. */
  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.generation !== generation || this.now() - e.at >= this.options.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // most recently used last: the first entry is the first to go when the cache is full
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.body;
  }

  /**
   * The page from the database (`read`), kept for the TTL unless aid_requests changed meanwhile.
   * A read of the same key already under way in the current generation is shared.
   */
  load(key: string, read: () => Promise<string>): Promise<string> {
    if (!this.enabled) return read();
    const gen = generation;
    const pending = this.inflight.get(key);
    if (pending && pending.generation === gen) return pending.page;
    const at = this.now();
    const page = read().then(
      (body) => {
        if (this.inflight.get(key)?.page === page) this.inflight.delete(key);
        if (gen === generation) this.store(key, { body, at, generation: gen });
        return body;
      },
      (e: unknown) => {
        if (this.inflight.get(key)?.page === page) this.inflight.delete(key);
        throw e;
      },
    );
    this.inflight.set(key, { generation: gen, page });
    return page;
  }

  private store(key: string, e: Entry) {
    // pages that expired or went stale are dropped from the least recently used end as new ones come
    const now = this.now();
    for (const [k, old] of this.entries) {
      if (old.generation === generation && now - old.at < this.options.ttlMs) break;
      this.entries.delete(k);
    }
    putBounded(this.entries, key, e, this.options.maxEntries);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
