/**
 * Authentication. Machine clients send an API token (`Authorization: Bearer mzn_…`; stored as a
 * SHA-256 hash, scoped read/write, revocable); browsers carry a session cookie (`mizan_session`,
 * stored hashed, revocable) and must echo the `mizan_csrf` cookie in `x-csrf-token` on writes.
 * Both are looked up through SECURITY DEFINER functions (auth_token_actor, auth_session_actor),
 * because no actor is known yet when they run; they record the time of last use at most once a
 * minute (0006_read_paths.sql). A verified API token is then kept for a few seconds in this
 * process (src/kernel/auth-cache.ts): never past its expiry, and dropped at once when this process revokes
 * a token or changes a user or an organisation.
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB, OrgKind, OrgStatus, Role, Locale } from '../db/schema.js';
import { hashToken } from '../modules/identity/staff.js';
import { CSRF_HEADER, SESSION_COOKIE, sameHash, sha256 } from '../modules/identity/sessions.js';
import type { Actor } from '../kernel/actor.js';
import type { Clock } from '../kernel/clock.js';
import { Problem } from '../shared/problem.js';
import { authCache, type TokenCache } from '../kernel/auth-cache.js';

export { authCache } from '../kernel/auth-cache.js';

interface AccountRow {
  id: string;
  org_id: string | null;
  role: Role;
  locale: Locale;
  national_id: string | null;
  display_name: string;
  org_kind: OrgKind | null;
  org_status: OrgStatus | null;
}

/** What auth_token_actor returns for a live token (and what the token cache keeps). */
export interface TokenRow extends AccountRow {
  token_id: string;
  scopes: string[];
  expires_at: Date | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function toActor(row: AccountRow, via: Actor['via']): Actor {
  if (row.org_kind === 'charity' && row.org_status !== 'approved') throw new Problem('forbidden', 'Your organisation is not approved.');
  return { userId: row.id, orgId: row.org_id, orgKind: row.org_kind, role: row.role, locale: row.locale, nationalId: row.national_id, displayName: row.display_name, via };
}

/** The account behind an API token: from the cache while it is fresh, else from the database. */
async function tokenRow(db: Kysely<DB>, token: string, now: Date, cache: TokenCache<TokenRow> | undefined): Promise<TokenRow | undefined> {
  const hash = hashToken(token);
  const key = hash.toString('base64');
  const cached = cache?.get(key, now.getTime());
  if (cached) return cached;
  const generation = authCache.generation;
  const r = await sql<TokenRow>`select * from auth_token_actor(${hash}, ${now})`.execute(db);
  const row = r.rows[0];
  if (row) cache?.set(key, row, now.getTime(), row.expires_at ? new Date(row.expires_at).getTime() : null, generation);
  return row;
}

export async function authenticate(db: Kysely<DB>, req: FastifyRequest, clock: Clock, tokens?: TokenCache<TokenRow>): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Problem('unauthenticated', 'Use "Authorization: Bearer <token>".');
    const row = await tokenRow(db, m[1]!, clock.now(), tokens);
    if (!row) throw new Problem('unauthenticated', 'The token is unknown, expired or revoked.');
    const actor = toActor(row, { kind: 'token', tokenId: row.token_id, scopes: row.scopes });
    if (!SAFE_METHODS.has(req.method) && !row.scopes.includes('write')) {
      throw new Problem('insufficient-scope', 'This API token may only read (scope "read"); issue a token with the "write" scope.');
    }
    return actor;
  }
  // The built-in identity provider under /idp is not Mizan's API: its forms carry no session.
  if (req.url.startsWith('/idp/') || req.url === '/idp') return null;
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const r = await sql<AccountRow & { session_id: string; csrf_hash: Buffer }>`select * from auth_session_actor(${sha256(cookie)}, ${clock.now()})`.execute(db);
  const row = r.rows[0];
  // An expired or revoked session is no session: the caller is anonymous (and public pages work).
  if (!row) return null;
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameHash(sent, row.csrf_hash)) {
      throw new Problem('csrf', `Send the value of the mizan_csrf cookie in the ${CSRF_HEADER} header.`);
    }
  }
  return toActor(row, { kind: 'session', sessionId: row.session_id });
}
