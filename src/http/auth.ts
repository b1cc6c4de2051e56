/**
 * Authentication. Machine clients send an API token (`Authorization: Bearer mzn_…`; stored as a
 * SHA-256 hash, scoped read/write, revocable); browsers carry a session cookie (`mizan_session`,
 * stored hashed, revocable) and must echo the `mizan_csrf` cookie in `x-csrf-token` on writes.
 * Both are looked up through SECURITY DEFINER functions (auth_token_actor, auth_session_actor),
 * because no actor is known yet when they run.
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB, OrgKind, OrgStatus, Role, Locale } from '../db/schema.js';
import { hashToken } from '../modules/registry/registry.service.js';
import { CSRF_HEADER, SESSION_COOKIE, sameHash, sha256 } from '../modules/identity/sessions.js';
import type { Actor, Clock } from './context.js';
import { Problem } from '../shared/problem.js';

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function toActor(row: AccountRow, via: Actor['via']): Actor {
  if (row.org_kind === 'charity' && row.org_status !== 'approved') throw new Problem('forbidden', 'Your organisation is not approved.');
  return { userId: row.id, orgId: row.org_id, orgKind: row.org_kind, role: row.role, locale: row.locale, nationalId: row.national_id, displayName: row.display_name, via };
}

export async function authenticate(db: Kysely<DB>, req: FastifyRequest, clock: Clock): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Problem('unauthenticated', 'Use "Authorization: Bearer <token>".');
    const r = await sql<AccountRow & { token_id: string; scopes: string[] }>`select * from auth_token_actor(${hashToken(m[1]!)}, ${clock.now()})`.execute(db);
    const row = r.rows[0];
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
