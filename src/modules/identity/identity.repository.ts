/** SQL for sign-in: sessions, sign-ins in progress, accounts by national ID, API tokens. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Locale } from '../../db/schema.js';
import { authCache } from './auth-cache.js';

export const identityRepository = {
  // Sessions -------------------------------------------------------------------------------------
  insertSession(db: Executor, s: { tokenHash: Buffer; csrfHash: Buffer; userId: string; createdAt: Date; expiresAt: Date }) {
    return db
      .insertInto('sessions')
      .values({ token_hash: s.tokenHash, csrf_hash: s.csrfHash, user_id: s.userId, created_at: s.createdAt, last_seen_at: s.createdAt, expires_at: s.expiresAt, revoked_at: null, revoked_by: null })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
  },
  revokeSessionByHash(db: Executor, tokenHash: Buffer, by: string | null, at: Date) {
    return db.updateTable('sessions').set({ revoked_at: at, revoked_by: by }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).returning(['id', 'user_id']).executeTakeFirst();
  },
  revokeSession(db: Executor, id: string, by: string, at: Date) {
    return db.updateTable('sessions').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).returning(['id', 'user_id']).executeTakeFirst();
  },
  async revokeUserSessions(db: Executor, userId: string, by: string, at: Date): Promise<number> {
    const r = await db.updateTable('sessions').set({ revoked_at: at, revoked_by: by }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  listSessions(db: Executor, userId: string, now: Date) {
    return db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'expires_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
  },

  // Sign-ins in progress ------------------------------------------------------------------------------
  insertLogin(db: Executor, l: { stateHash: Buffer; codeVerifier: string; nonce: string; returnTo: string; createdAt: Date; expiresAt: Date }) {
    return db.insertInto('oidc_logins').values({ state_hash: l.stateHash, code_verifier: l.codeVerifier, nonce: l.nonce, return_to: l.returnTo, created_at: l.createdAt, expires_at: l.expiresAt }).execute();
  },
  /** Single use: the row is deleted as it is read. */
  takeLogin(db: Executor, stateHash: Buffer, now: Date) {
    return db.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).where('expires_at', '>', now).returning(['code_verifier', 'nonce', 'return_to']).executeTakeFirst();
  },
  purgeLogins(db: Executor, now: Date) {
    return db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  },

  // Accounts by national ID ----------------------------------------------------------------------------
  staffByNationalId(db: Executor, nationalId: string) {
    return db
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.org_id')
      .select(['u.id', 'u.org_id', 'u.role', 'u.locale', 'u.national_id', 'u.display_name', 'u.active', 'o.kind as org_kind', 'o.status as org_status'])
      .where('u.national_id', '=', nationalId)
      .where('u.role', '<>', 'applicant')
      .orderBy('u.active', 'desc')
      .orderBy(sql`case o.status when 'approved' then 0 else 1 end`)
      .orderBy('u.created_at')
      .execute();
  },
  applicantByNationalId(db: Executor, nationalId: string) {
    return db.selectFrom('users').select(['id', 'locale', 'display_name', 'active', 'national_id']).where('national_id', '=', nationalId).where('role', '=', 'applicant').executeTakeFirst();
  },
  /** The person with this national ID, if an active member of a household. */
  householdMember(db: Executor, scheme: string, nationalId: string) {
    return db
      .selectFrom('persons as p')
      .innerJoin('household_members as m', (j) => j.onRef('m.person_id', '=', 'p.id').on('m.active', '=', true))
      .select(['p.id as person_id', 'p.full_name', 'p.phone', 'm.household_id'])
      .where('p.id_scheme', '=', scheme)
      .where('p.national_id', '=', nationalId)
      .executeTakeFirst();
  },
  insertApplicant(db: Executor, a: { nationalId: string; displayName: string; phone: string | null; locale: Locale }) {
    return db
      .insertInto('users')
      .values({ org_id: null, role: 'applicant', national_id: a.nationalId, display_name: a.displayName, phone: a.phone, locale: a.locale })
      .returning(['id', 'locale', 'display_name', 'active', 'national_id'])
      .executeTakeFirstOrThrow();
  },
  /** The account's language (part of a cached token's actor: the token cache is emptied). */
  async setLocale(db: Executor, userId: string, locale: Locale) {
    const r = await db.updateTable('users').set({ locale }).where('id', '=', userId).returning(['id', 'locale']).executeTakeFirst();
    authCache.changedIn(db);
    return r;
  },
  findUser(db: Executor, userId: string) {
    return db
      .selectFrom('users as u')
      .leftJoin('organisations as o', 'o.id', 'u.org_id')
      .select(['u.id', 'u.org_id', 'u.role', 'u.locale', 'u.national_id', 'u.display_name', 'u.active', 'o.kind as org_kind', 'o.name as org_name'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
  },

  // The development provider's list ----------------------------------------------------------------
  devAccounts(db: Executor) {
    return db.selectFrom('idp_dev_accounts').selectAll().orderBy('position').orderBy('national_id').execute();
  },
  async replaceDevAccounts(db: Executor, rows: { nationalId: string; label: string; residency: string | null }[]) {
    await db.deleteFrom('idp_dev_accounts').execute();
    if (rows.length) await db.insertInto('idp_dev_accounts').values(rows.map((r, i) => ({ national_id: r.nationalId, label: r.label, residency: r.residency, position: i }))).execute();
  },

  // API tokens -----------------------------------------------------------------------------------------
  listTokens(db: Executor, userId: string) {
    return db.selectFrom('api_tokens').select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  },
  insertToken(db: Executor, t: { userId: string; hash: Buffer; name: string; scopes: string[]; expiresAt: Date | null }) {
    return db
      .insertInto('api_tokens')
      .values({ user_id: t.userId, token_hash: t.hash, name: t.name, scopes: t.scopes, expires_at: t.expiresAt, revoked_at: null, last_used_at: null })
      .returning(['id', 'name', 'scopes', 'created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
  },
  findToken(db: Executor, id: string) {
    return db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(['t.id', 't.user_id', 't.revoked_at', 'u.org_id']).where('t.id', '=', id).executeTakeFirst();
  },
  /** Revokes a token; this process's token cache forgets it at once (src/modules/identity/auth-cache.ts). */
  async revokeToken(db: Executor, id: string, by: string, at: Date) {
    const r = await db.updateTable('api_tokens').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).returning(['id', 'user_id']).executeTakeFirst();
    authCache.changedIn(db);
    return r;
  },
};
