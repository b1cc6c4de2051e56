/** SQL for accounts (staff, applicants and donors), sign-in: sessions, sign-ins in progress, accounts by national ID, API tokens. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Locale, Role, SignInPurpose } from '../../db/schema.js';
import { authCache } from '../../kernel/auth-cache.js';

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
  insertLogin(db: Executor, l: { stateHash: Buffer; codeVerifier: string; nonce: string; returnTo: string; createdAt: Date; expiresAt: Date; invitationId: string | null; purpose: SignInPurpose | null }) {
    return db
      .insertInto('oidc_logins')
      .values({ state_hash: l.stateHash, code_verifier: l.codeVerifier, nonce: l.nonce, return_to: l.returnTo, created_at: l.createdAt, expires_at: l.expiresAt, invitation_id: l.invitationId, purpose: l.purpose })
      .execute();
  },
  /** Single use: the row is deleted as it is read. */
  takeLogin(db: Executor, stateHash: Buffer, now: Date) {
    return db.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).where('expires_at', '>', now).returning(['code_verifier', 'nonce', 'return_to', 'invitation_id', 'purpose']).executeTakeFirst();
  },
  purgeLogins(db: Executor, now: Date) {
    return db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  },

  // Accounts by national ID ----------------------------------------------------------------------------
  /** Staff accounts with this national ID (with their organisations: staff.ts staffAccountsOf). */
  staffByNationalId(db: Executor, nationalId: string) {
    return db
      .selectFrom('users')
      .select(['id', 'org_id', 'role', 'locale', 'national_id', 'display_name', 'active', 'created_at'])
      .where('national_id', '=', nationalId)
      .where('role', 'not in', ['applicant', 'donor'])
      .execute();
  },
  applicantByNationalId(db: Executor, nationalId: string) {
    return db.selectFrom('users').select(['id', 'locale', 'display_name', 'active', 'national_id']).where('national_id', '=', nationalId).where('role', '=', 'applicant').executeTakeFirst();
  },
  /** The donor account of this national ID (one at most: users_one_donor_per_national_id, 0030). */
  donorByNationalId(db: Executor, nationalId: string) {
    return db.selectFrom('users').select(['id', 'locale', 'display_name', 'active', 'national_id']).where('national_id', '=', nationalId).where('role', '=', 'donor').executeTakeFirst();
  },
  /**
   * Creates the donor account of this national ID, or nothing when one exists already (two first
   * sign-ins at once: the unique index decides, the loser reads the winner's; see sign-in.ts).
   */
  insertDonor(db: Executor, d: { nationalId: string; displayName: string; locale: Locale }) {
    return db
      .insertInto('users')
      .values({ org_id: null, role: 'donor', national_id: d.nationalId, display_name: d.displayName, phone: null, locale: d.locale })
      .onConflict((oc) => oc.column('national_id').where('role', '=', sql.lit('donor')).doNothing())
      .returning(['id', 'locale', 'display_name', 'active', 'national_id'])
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
  /** The account (with its organisation's kind and name: staff.ts findAccount). */
  findUser(db: Executor, userId: string) {
    return db.selectFrom('users').select(['id', 'org_id', 'role', 'locale', 'national_id', 'display_name', 'active']).where('id', '=', userId).executeTakeFirst();
  },
  /** Active applicant accounts with these national IDs (notifications to a household's members). */
  activeApplicantsByNationalIds(db: Executor, nationalIds: readonly string[]) {
    if (nationalIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'locale']).where('role', '=', 'applicant').where('active', '=', true).where('national_id', 'in', [...new Set(nationalIds)]).execute();
  },

  // Staff ------------------------------------------------------------------------------------------
  insertUser(db: Executor, u: { orgId: string | null; role: Role; nationalId: string | null; displayName: string; phone: string | null; locale: Locale }) {
    return db
      .insertInto('users')
      .values({ org_id: u.orgId, role: u.role, national_id: u.nationalId, display_name: u.displayName, phone: u.phone, locale: u.locale })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  findUserRow(db: Executor, id: string) {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Published: the names of these staff accounts (applicants and donors are left out: their names are personal data), for the ministry's audit search. */
  staffNames(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).where('role', 'not in', ['applicant', 'donor']).execute();
  },
  listByOrg(db: Executor, orgId: string) {
    return db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  },
  /** Activates or deactivates an account; cached API tokens (src/kernel/auth-cache.ts) are forgotten at once. */
  async setActive(db: Executor, id: string, active: boolean) {
    const r = await db.updateTable('users').set({ active }).where('id', '=', id).returningAll().executeTakeFirst();
    authCache.changedIn(db);
    return r;
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
  /** A token with the column's default scopes (read and write): tokens issued for staff (staff.ts). */
  insertDefaultToken(db: Executor, t: { userId: string; hash: Buffer; name: string; expiresAt: Date | null }) {
    return db
      .insertInto('api_tokens')
      .values({ user_id: t.userId, token_hash: t.hash, name: t.name, expires_at: t.expiresAt, revoked_at: null, last_used_at: null })
      .returning(['id', 'name', 'created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
  },
  findToken(db: Executor, id: string) {
    return db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(['t.id', 't.user_id', 't.revoked_at', 'u.org_id']).where('t.id', '=', id).executeTakeFirst();
  },
  /** Revokes a token; this process's token cache forgets it at once (src/kernel/auth-cache.ts). */
  async revokeToken(db: Executor, id: string, by: string, at: Date) {
    const r = await db.updateTable('api_tokens').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).returning(['id', 'user_id']).executeTakeFirst();
    authCache.changedIn(db);
    return r;
  },
};
