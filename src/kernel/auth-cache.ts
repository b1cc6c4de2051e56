/**
 * A short in-process cache of verified API tokens (src/http/auth.ts), so that a client sending many
 * requests with one token does not look the token up in the database on every request.
 *
 * - Key: the token's SHA-256 (the token itself is never kept). Value: the account behind it, as
 *   auth_token_actor returned it. Unknown, revoked and expired tokens are never cached.
 * - An entry lives for the TTL (MIZAN_AUTH_CACHE_TTL_MS, default 5 s) and never past the token's
 *   expires_at; the cache holds at most MIZAN_AUTH_CACHE_MAX entries (the least recently used go).
 * - Writes that change what a cached entry says — a token revoked, a user deactivated or their
 *   language changed, an organisation approved, suspended or rejected — call
 *   `authCache.changedIn(db)`, which empties every cache of this process at once, and again once
 *   the writing transaction has committed (`afterCommit`, src/kernel/transaction.ts). Another
 *   process (a second server) learns of them when its entries expire: staleness across processes
 *   is bounded by the TTL.
 * - A lookup that began before a clear does not store what it read (it may have read the state
 *   the clear was for), and the clear after commit means that a request that read the old state
 *   while the writing transaction was still open cannot keep it.
 */

import { putBounded } from '../shared/bounded-map.js';
import { afterCommit, type Tx } from './transaction.js';
import type { Executor } from '../db/database.js';
export interface AuthCacheOptions {
  /** How long a verified token is trusted without asking the database; 0 turns the cache off. */
  ttlMs: number;
  /** At most this many tokens are kept. */
  maxEntries: number;
}

export const AUTH_CACHE_DEFAULTS: AuthCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };

/** The longest TTL accepted: the cache is a short-term convenience, not a second source of truth. */
export const AUTH_CACHE_MAX_TTL_MS = 60_000;

export class TokenCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(readonly options: AuthCacheOptions) {}

  /** The entry for this key, while it is still valid at `nowMs`. */
  get(key: string, nowMs: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (nowMs >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    // most recently used last: the oldest entry is the first to go when the cache is full
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /**
   * Keeps a verified token until `nowMs` + TTL, or until it expires if that is sooner. Nothing is
   * kept when the cache was cleared after `generation` was read (see authCache.generation).
   */
  set(key: string, value: V, nowMs: number, expiresAtMs: number | null, generation: number): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0 || generation !== authCache.generation) return;
    const until = Math.min(nowMs + this.options.ttlMs, expiresAtMs ?? Number.POSITIVE_INFINITY);
    if (!(until > nowMs)) return;
    putBounded(this.entries, key, { value, until }, this.options.maxEntries);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const live = new Set<TokenCache<unknown>>();
let generation = 0;

export const authCache = {
  /** Increases at every clear; a lookup compares it before and after (see TokenCache.set). */
  get generation(): number {
    return generation;
  },
  /** Empties every token cache of this process. */
  clear(): void {
    generation++;
    for (const c of live) c.clear();
  },
  /** Call on any write that changes a cached entry: empties the caches now and after `db` commits. */
  changedIn(db: Executor | Tx): void {
    authCache.clear();
    afterCommit(db, () => authCache.clear());
  },
  /** A cache for one server (app); `release` it when the server closes. */
  create<V>(options: AuthCacheOptions): TokenCache<V> {
    const c = new TokenCache<V>(options);
    live.add(c as TokenCache<unknown>);
    return c;
  },
  release(c: TokenCache<unknown>): void {
    live.delete(c);
  },
};
