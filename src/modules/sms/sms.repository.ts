/** SQL of the SMS outbox (sms_messages) and the opted-out numbers (sms_opt_outs), migration 0018. */
import { sql, type Generated, type Kysely } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/schema.js';

export type SmsState = 'queued' | 'submitted' | 'delivered' | 'failed' | 'rejected';

export interface SmsMessagesTable {
  id: Generated<string>;
  to_phone: string;
  text: string;
  secret: string | null;
  encoding: 'gsm7' | 'ucs2';
  segments: number;
  purpose: string;
  ref: string | null;
  org_id: string | null;
  state: Generated<SmsState>;
  reason: string | null;
  smsc_message_ids: Generated<string[]>;
  parts_delivered: Generated<number>;
  attempts: Generated<number>;
  created_at: Date;
  submitted_at: Date | null;
  done_at: Date | null;
}

export interface SmsOptOutsTable {
  phone: string;
  at: Date;
  via: 'smpp' | 'http' | 'staff';
}

export type SmsTables = {
  sms_messages: SmsMessagesTable;
  sms_opt_outs: SmsOptOutsTable;
};

const q = (db: Executor) => (db as Kysely<DB>).withTables<SmsTables>();

/** What a change of a message's state tells its sender (the invitation it carries). */
export interface SmsChange {
  id: string;
  purpose: string;
  ref: string | null;
  state: SmsState;
  /** Why it was not sent or not delivered ('opted-out', the SMSC's word). */
  reason: string | null;
}

export const smsRepository = {
  insert(db: Executor, m: { to: string; text: string; secret: string | null; encoding: 'gsm7' | 'ucs2'; segments: number; purpose: string; ref: string | null; orgId: string | null; state: SmsState; reason: string | null; now: Date }) {
    return q(db)
      .insertInto('sms_messages')
      .values({ to_phone: m.to, text: m.text, secret: m.secret, encoding: m.encoding, segments: m.segments, purpose: m.purpose, ref: m.ref, org_id: m.orgId, state: m.state, reason: m.reason, created_at: m.now })
      .returning(['id', 'state'])
      .executeTakeFirstOrThrow();
  },

  /** The message to send, locked for the send job's transaction (a second worker waits, then finds it no longer queued). */
  takeForSend(db: Executor, id: string) {
    return q(db).selectFrom('sms_messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  findById(db: Executor, id: string) {
    return q(db).selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async isOptedOut(db: Executor, phone: string): Promise<boolean> {
    return (await q(db).selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()) !== undefined;
  },

  /** Handed to the SMSC: its IDs kept for the receipts, the secret part of the text blanked. */
  markSubmitted(db: Executor, id: string, smscIds: string[], attempts: number, now: Date) {
    return q(db)
      .updateTable('sms_messages')
      .set({ state: 'submitted', smsc_message_ids: smscIds, attempts, submitted_at: now, text: sql<string>`case when secret is null then text else replace(text, secret, '…') end`, secret: null })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .returning(['id', 'purpose', 'ref', 'state', 'reason'])
      .executeTakeFirst();
  },

  /** Not sent, for good: refused by the SMSC, opted out, or out of attempts (failed). */
  markNotSent(db: Executor, id: string, state: 'rejected' | 'failed', reason: string, attempts: number, now: Date) {
    return q(db)
      .updateTable('sms_messages')
      .set({ state, reason, attempts, done_at: now, text: sql<string>`case when secret is null then text else replace(text, secret, '…') end`, secret: null })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .returning(['id', 'purpose', 'ref', 'state', 'reason'])
      .executeTakeFirst();
  },

  /**
   * A receipt for one part, in one conditional UPDATE: a failed part fails the message; a
   * delivered part counts, and the last part's receipt makes the message delivered. Only a
   * submitted message moves, so a receipt repeated after the outcome changes nothing.
   */
  async applyReceipt(db: Executor, smscId: string, outcome: 'delivered' | 'failed', stat: string, now: Date): Promise<SmsChange | 'late' | 'unknown'> {
    const base = q(db).updateTable('sms_messages').where(sql<boolean>`${smscId} = any (smsc_message_ids)`).where('state', '=', 'submitted');
    const changed =
      outcome === 'failed'
        ? await base.set({ state: 'failed', reason: stat, done_at: now }).returning(['id', 'purpose', 'ref', 'state', 'reason']).executeTakeFirst()
        : await base
            .set({
              parts_delivered: sql<number>`parts_delivered + 1`,
              state: sql<SmsState>`case when parts_delivered + 1 >= cardinality(smsc_message_ids) then 'delivered' else state end`,
              done_at: sql<Date | null>`case when parts_delivered + 1 >= cardinality(smsc_message_ids) then ${now}::timestamptz else done_at end`,
            })
            .returning(['id', 'purpose', 'ref', 'state', 'reason'])
            .executeTakeFirst();
    if (changed) return changed;
    const known = await q(db).selectFrom('sms_messages').select('id').where(sql<boolean>`${smscId} = any (smsc_message_ids)`).executeTakeFirst();
    return known ? 'late' : 'unknown';
  },

  /** The number opts out (once: the first STOP's time is kept); what was still queued to it is not sent. */
  async optOut(db: Executor, phone: string, via: 'smpp' | 'http' | 'staff', now: Date): Promise<{ isNew: boolean; dropped: SmsChange[] }> {
    const inserted = await q(db).insertInto('sms_opt_outs').values({ phone, at: now, via }).onConflict((oc) => oc.column('phone').doNothing()).returning('phone').executeTakeFirst();
    const dropped = await q(db)
      .updateTable('sms_messages')
      .set({ state: 'rejected', reason: 'opted-out', done_at: now, text: sql<string>`case when secret is null then text else replace(text, secret, '…') end`, secret: null })
      .where('to_phone', '=', phone)
      .where('state', '=', 'queued')
      .returning(['id', 'purpose', 'ref', 'state', 'reason'])
      .execute();
    return { isNew: inserted !== undefined, dropped };
  },

  /** Messages by day (UTC) and charity, by state; and opt-outs by day and the charity of the number's last message. */
  async summary(db: Executor, since: Date) {
    const byState = await sql<{ day: string; org_id: string | null; state: SmsState; n: number }>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, org_id, state, count(*)::int as n
        from sms_messages where created_at >= ${since}
       group by 1, 2, 3`.execute(db);
    const optOuts = await sql<{ day: string; org_id: string | null; n: number }>`
      select to_char(o.at at time zone 'UTC', 'YYYY-MM-DD') as day, m.org_id, count(*)::int as n
        from sms_opt_outs o
        left join lateral (select org_id from sms_messages m where m.to_phone = o.phone order by m.created_at desc limit 1) m on true
       where o.at >= ${since}
       group by 1, 2`.execute(db);
    return { byState: byState.rows, optOuts: optOuts.rows };
  },
};
