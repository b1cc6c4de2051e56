/**
 * Rate limits shared by every server on one database: the counters are rows of PostgreSQL's
 * UNLOGGED table rate_limit_counters (0013), counted by rate_limit_hit() in one statement per
 * counted request, outside the request's transaction.
 *
 * Which limit a route has (decided once, when the route is registered):
 *  - sign-in (/auth, /idp): per client address;
 *  - sensitive (national-ID lookup, tokens, sessions, organisation applications, the audit trail):
 *    per user, or per client address when nobody is signed in; and the organisation's limit;
 *  - general (every POST/PUT/PATCH/DELETE under /api/v1, and the pool, households and grants):
 *    per user and per organisation, or per client address when nobody is signed in.
 * The organisation's limit counts every limited request of its staff, so two caseworkers of one
 * charity share it and another charity is unaffected. A request already over the user's limit is
 * not counted against the organisation's.
 *
 * Fixed windows, each starting with its key's first request: one row and one upsert per key, the
 * same meaning as the usual RateLimit-Reset header. A sliding window would need the previous
 * window's row or a row per request; these limits are ceilings against floods and runaway
 * clients, where a burst of at most twice the limit across a window's edge does no harm.
 *
 * Why not @fastify/rate-limit's custom store: its store counts one key per request, so a user's
 * and an organisation's limit would be two statements (two round trips) per request, and the
 * organisation's would count requests the user's had already refused.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DB } from '../db/schema.js';
import { Problem } from '../shared/problem.js';

/** Requests per window; 0 turns that limit off. */
export interface RateLimitSettings {
  /** The window of every limit, in milliseconds (one minute). */
  windowMs: number;
  /** Sign-in routes (/auth, /idp), per client address. */
  signIn: number;
  /** Sensitive routes, per user (per client address when not signed in). */
  sensitive: number;
  /** Write routes and the pool, households and grants, per user (per client address when not signed in). */
  user: number;
  /** Every limited route, per organisation. */
  organisation: number;
}

export const RATE_LIMIT_DEFAULTS: RateLimitSettings = {
  windowMs: 60_000,
  // an office behind one address signs its staff in at the start of the day
  signIn: 120,
  sensitive: 120,
  // ten a second, sustained for a minute: more than a person, room for a charity's own system
  user: 600,
  // a large charity: dozens of staff and its systems together
  organisation: 6000,
};

export type LimitClass = 'sign-in' | 'sensitive' | 'general';

/** Endpoints that reveal or mint something sensitive get a tighter limit. */
const SENSITIVE_ROUTES = [/^\/api\/v1\/households\/lookup$/, /\/tokens(\/|$)/, /\/sessions(\/|$)/, /^\/api\/v1\/organisations\/applications$/, /^\/api\/v1\/audit/];
/** Reads limited like writes: the pool, households (the registry) and grants. */
const LIMITED_READS = /^\/api\/v1\/(pool|households|grants)(\/|$)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The limit a route gets, from its method(s) and address; null: not limited. */
export function routeLimitClass(method: string | string[], url: string): LimitClass | null {
  if (url.startsWith('/auth/') || url === '/auth' || url.startsWith('/idp')) return 'sign-in';
  if (SENSITIVE_ROUTES.some((r) => r.test(url))) return 'sensitive';
  if (!url.startsWith('/api/v1/')) return null;
  if ([method].flat().some((m) => WRITES.has(m.toUpperCase())) || LIMITED_READS.test(url)) return 'general';
  return null;
}

type Scope = 'user' | 'organisation' | 'address';
interface Bucket {
  scope: Scope;
  key: string;
  max: number;
}

export interface CountedRequest {
  /** Whether the request may go on. */
  allowed: boolean;
  /** The limit answered in the headers: the one refused, else the one with the fewest requests left. */
  scope: Scope;
  max: number;
  remaining: number;
  resetSeconds: number;
}

/** A client address is kept only as a hash: the counters hold no address. */
const addressKey = (ip: string) => createHash('sha256').update(ip).digest('base64url').slice(0, 22);

const SCOPE_WORDS: Record<Scope, string> = { user: 'for your account', organisation: 'for your organisation', address: 'from your address' };

export class RateLimiter {
  private lastSweep = 0;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    readonly settings: RateLimitSettings,
    private readonly onSweepError: (e: unknown) => void = () => {},
  ) {}

  /** The limits a request is counted against, in locking order (user, then organisation). */
  buckets(cls: LimitClass, req: FastifyRequest): Bucket[] {
    const s = this.settings;
    const actor = req.actor;
    const out: Bucket[] = [];
    if (cls === 'sign-in' || !actor) {
      const max = cls === 'sign-in' ? s.signIn : cls === 'sensitive' ? s.sensitive : s.user;
      out.push({ scope: 'address', key: `a:${cls}:${addressKey(req.ip)}`, max });
    } else {
      out.push(cls === 'sensitive' ? { scope: 'user', key: `u:sensitive:${actor.userId}`, max: s.sensitive } : { scope: 'user', key: `u:${actor.userId}`, max: s.user });
      if (actor.orgId) out.push({ scope: 'organisation', key: `o:${actor.orgId}`, max: s.organisation });
    }
    return out.filter((b) => b.max > 0);
  }

  /** Counts the request (one statement) and says whether it may go on; null when no limit applies. */
  async count(cls: LimitClass, req: FastifyRequest): Promise<CountedRequest | null> {
    const buckets = this.buckets(cls, req);
    if (buckets.length === 0) return null;
    const window = this.settings.windowMs;
    const { rows } = await sql<{ hits: number; allowed: boolean; reset_ms: number }>`select hits, allowed, reset_ms from rate_limit_hit(${buckets.map((b) => b.key)}::text[], ${buckets.map((b) => b.max)}::int[], ${buckets.map(() => window)}::int[])`.execute(this.db);
    this.maybeSweep();
    let answer: CountedRequest | null = null;
    for (const [i, row] of rows.entries()) {
      const b = buckets[i]!;
      const counted: CountedRequest = { allowed: row.allowed, scope: b.scope, max: b.max, remaining: Math.max(0, b.max - row.hits), resetSeconds: Math.ceil(row.reset_ms / 1000) };
      if (!answer || (answer.allowed && (!counted.allowed || counted.remaining < answer.remaining))) answer = counted;
    }
    return answer;
  }

  /** The onRequest step: counts, sets the RateLimit-* headers, refuses with 429 over a limit. */
  async check(cls: LimitClass, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const c = await this.count(cls, req);
    if (!c) return;
    void reply.header('ratelimit-limit', c.max).header('ratelimit-remaining', c.remaining).header('ratelimit-reset', c.resetSeconds);
    if (c.allowed) return;
    void reply.header('retry-after', c.resetSeconds);
    const perWindow = this.settings.windowMs === 60_000 ? 'a minute' : `per ${Math.round(this.settings.windowMs / 1000)} s`;
    throw new Problem('rate-limited', `The limit of ${c.max} requests ${perWindow} ${SCOPE_WORDS[c.scope]} was reached; try again in ${c.resetSeconds} s.`, { limit: c.scope, retryAfter: c.resetSeconds });
  }

  /** Expired counters are deleted at most once a window per process, off the request's path. */
  private maybeSweep() {
    const now = Date.now();
    if (this.sweeping || now - this.lastSweep < this.settings.windowMs) return;
    this.lastSweep = now;
    this.sweeping = sql`select rate_limit_sweep()`
      .execute(this.db)
      .then(() => {}, this.onSweepError)
      .finally(() => {
        this.sweeping = null;
      });
  }

  /** Waits for a sweep under way (before the database is closed). */
  async close(): Promise<void> {
    await this.sweeping;
  }
}
