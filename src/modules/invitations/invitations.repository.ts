/** SQL of the invitations (table invitations, migration 0018; functions invitations_* in src/db/definitions). */
import { sql, type Generated, type Kysely } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/schema.js';

export type InviteLocale = 'ar' | 'fa' | 'en';
export const INVITATION_STATUSES = ['pending', 'sent', 'delivered', 'failed', 'opted-out', 'used', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationsTable {
  id: Generated<string>;
  id_scheme: string;
  national_id: string;
  phone: string;
  locale: InviteLocale;
  first_org_id: string;
  status: Generated<InvitationStatus>;
  token_hash: Buffer | null;
  token_expires_at: Date | null;
  sends: Generated<number>;
  sms_message_id: string | null;
  used_at: Date | null;
  used_by_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export type InvitationTables = { invitations: InvitationsTable };

const q = (db: Executor) => (db as Kysely<DB>).withTables<InvitationTables>();

export interface InviteRow {
  nationalId: string;
  phone: string;
  locale: InviteLocale;
  orgId: string;
}

export const invitationsRepository = {
  /**
   * One invitation per person, ever: the unique (id_scheme, national_id) and ON CONFLICT DO
   * NOTHING, in one statement for the whole list (a person twice in it, or already invited by any
   * charity, is skipped). Returns the new invitations' IDs.
   */
  async insertMany(db: Executor, scheme: string, rows: InviteRow[], now: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const r = await sql<{ id: string }>`
      insert into invitations (id_scheme, national_id, phone, locale, first_org_id, created_at, updated_at)
      select ${scheme}, t.national_id, t.phone, t.locale, t.org_id, ${now}::timestamptz, ${now}::timestamptz
        from unnest(${rows.map((x) => x.nationalId)}::text[], ${rows.map((x) => x.phone)}::text[], ${rows.map((x) => x.locale)}::text[], ${rows.map((x) => x.orgId)}::uuid[])
             as t(national_id, phone, locale, org_id)
      on conflict (id_scheme, national_id) do nothing
      returning id`.execute(db);
    return r.rows.map((x) => x.id);
  },

  /** Invitations waiting for their SMS (pending, no token yet), oldest first, locked; others' locked ones are skipped. */
  takeToSend(db: Executor, limit: number) {
    return q(db)
      .selectFrom('invitations')
      .select(['id', 'phone', 'locale', 'first_org_id'])
      .where('status', '=', 'pending')
      .where('token_hash', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  },

  /** A fresh token (its hash) and the SMS that carries it: a resend makes the previous link useless. */
  setToken(db: Executor, id: string, hash: Buffer, expiresAt: Date, smsId: string, now: Date) {
    return q(db).updateTable('invitations').set((eb) => ({ token_hash: hash, token_expires_at: expiresAt, sms_message_id: smsId, sends: eb('sends', '+', 1), updated_at: now })).where('id', '=', id).execute();
  },

  /** The invitation's status follows its current SMS (a late receipt of an earlier one changes nothing), only forwards: never out of used or opted-out, never from delivered back to sent. */
  followSms(db: Executor, id: string, smsId: string, status: 'sent' | 'delivered' | 'failed' | 'opted-out', now: Date) {
    const from: Record<typeof status, InvitationStatus[]> = {
      'sent': ['pending'],
      'delivered': ['pending', 'sent', 'failed'],
      'failed': ['pending', 'sent'],
      'opted-out': ['pending', 'sent', 'delivered', 'failed', 'expired'],
    };
    return q(db).updateTable('invitations').set({ status, updated_at: now }).where('id', '=', id).where('sms_message_id', '=', smsId).where('status', 'in', from[status]).executeTakeFirst();
  },

  /**
   * The sweep: every invitation whose link has expired and was not used (sent, delivered or failed)
   * becomes expired, in one statement (index invitations_expiring). A resend gives it a new link.
   */
  async expireDue(db: Executor, now: Date): Promise<number> {
    const r = await q(db)
      .updateTable('invitations')
      .set({ status: 'expired', updated_at: now })
      .where('status', 'in', ['sent', 'delivered', 'failed'])
      .where('token_expires_at', '<=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** A number opted out: every invitation to it not yet used is opted-out. */
  optOutPhone(db: Executor, phone: string, now: Date) {
    return q(db).updateTable('invitations').set({ status: 'opted-out', updated_at: now }).where('phone', '=', phone).where('status', 'not in', ['used', 'opted-out']).execute();
  },

  /** Sends the invitation again: a new token will be issued by the send job (the old link stops working now). */
  requestResend(db: Executor, id: string, now: Date) {
    return q(db)
      .updateTable('invitations')
      .set({ status: 'pending', token_hash: null, token_expires_at: null, sms_message_id: null, updated_at: now })
      .where('id', '=', id)
      .where('status', 'not in', ['used', 'opted-out'])
      .returning('id')
      .executeTakeFirst();
  },

  async byTokenHash(db: Executor, hash: Buffer) {
    const r = await sql<{ id: string; national_id: string; org_id: string; locale: InviteLocale; status: InvitationStatus; token_expires_at: Date | null }>`select * from invitations_by_token_hash(${hash})`.execute(db);
    return r.rows[0];
  },

  async ofNationalId(db: Executor, scheme: string, nationalId: string) {
    const r = await sql<{ id: string; org_id: string; locale: InviteLocale }>`select * from invitations_of_national_id(${scheme}, ${nationalId})`.execute(db);
    return r.rows[0];
  },

  /** Single use: invitations_redeem() is one conditional UPDATE (of two sign-ins, one gets true). */
  async redeem(db: Executor, id: string, userId: string, now: Date): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select invitations_redeem(${id}::uuid, ${userId}::uuid, ${now}::timestamptz) as ok`.execute(db);
    return r.rows[0]?.ok === true;
  },

  async byId(db: Executor, id: string) {
    const r = await sql<{ id: string; national_id: string; org_id: string; locale: InviteLocale; status: InvitationStatus; token_expires_at: Date | null; phone: string; used_by_user_id: string | null }>`
      select * from invitations_by_id(${id}::uuid)`.execute(db);
    return r.rows[0];
  },
};
