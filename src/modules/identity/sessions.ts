/**
 * Browser sessions: a random token in an HttpOnly cookie (only its SHA-256 is stored), a CSRF
 * token in a readable cookie (its hash stored with the session) that cookie-authenticated writes
 * must echo in the x-csrf-token header. A new session on every sign-in (rotation); revocable.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { identityRepository } from './identity.repository.js';

export const SESSION_COOKIE = 'mizan_session';
export const CSRF_COOKIE = 'mizan_csrf';
export const LOGIN_COOKIE = 'mizan_login';
export const CSRF_HEADER = 'x-csrf-token';
/** Absolute session lifetime. */
export const SESSION_HOURS = 12;

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
export const randomToken = () => randomBytes(32).toString('base64url');

export function sameHash(plain: string, hash: Buffer): boolean {
  const h = sha256(plain);
  return h.length === hash.length && timingSafeEqual(h, hash);
}

export async function createSession(db: Executor, userId: string, now: Date) {
  const token = randomToken();
  const csrf = randomToken();
  const row = await identityRepository.insertSession(db, {
    tokenHash: sha256(token),
    csrfHash: sha256(csrf),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
  });
  return { id: row.id, token, csrf, expiresAt: row.expires_at };
}

export interface CookieSettings {
  secure: boolean;
}

export function sessionCookies(s: { token: string; csrf: string }, c: CookieSettings) {
  const maxAge = SESSION_HOURS * 3600;
  return [
    { name: SESSION_COOKIE, value: s.token, options: { httpOnly: true, sameSite: 'lax' as const, secure: c.secure, path: '/', maxAge } },
    { name: CSRF_COOKIE, value: s.csrf, options: { httpOnly: false, sameSite: 'lax' as const, secure: c.secure, path: '/', maxAge } },
  ];
}
