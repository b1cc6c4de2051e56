/** SQL for the notification outbox (recipients are found through the registry's and identity's published reads). */
import type { Executor } from '../../db/database.js';
import type { Locale } from '../../db/schema.js';

export interface NotificationInsert {
  recipientOrg: string | null;
  recipientUser: string | null;
  template: string;
  params: Record<string, string | number>;
  locale: Locale;
  requestId: string | null;
  createdAt: Date;
}

export const notificationsRepository = {
  insertMany(db: Executor, rows: NotificationInsert[]) {
    if (rows.length === 0) return Promise.resolve([]);
    return db
      .insertInto('notifications')
      .values(rows.map((n) => ({ recipient_org: n.recipientOrg, recipient_user: n.recipientUser, channel: 'in_app' as const, template: n.template, params: JSON.stringify(n.params), locale: n.locale, request_id: n.requestId, created_at: n.createdAt, read_at: null })))
      // no RETURNING: the sender may not read a message addressed to someone else (row-level security)
      .execute();
  },

  /** Messages to this user or to their organisation, newest first; `before` is a keyset cursor. */
  listFor(db: Executor, who: { userId: string; orgId: string | null }, f: { limit: number; unread?: boolean | undefined; before?: { at: Date; id: string } | undefined }) {
    let q = db
      .selectFrom('notifications')
      .select(['id', 'template', 'params', 'locale', 'request_id', 'created_at', 'read_at', 'recipient_org', 'recipient_user'])
      .where((eb) => {
        const mine = [eb('recipient_user', '=', who.userId)];
        if (who.orgId) mine.push(eb('recipient_org', '=', who.orgId));
        return eb.or(mine);
      })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit);
    if (f.unread) q = q.where('read_at', 'is', null);
    if (f.before) {
      const b = f.before;
      q = q.where((eb) => eb.or([eb('created_at', '<', b.at), eb.and([eb('created_at', '=', b.at), eb('id', '<', b.id)])]));
    }
    return q.execute();
  },

  markRead(db: Executor, id: string, who: { userId: string; orgId: string | null }, at: Date) {
    return db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .where((eb) => {
        const mine = [eb('recipient_user', '=', who.userId)];
        if (who.orgId) mine.push(eb('recipient_org', '=', who.orgId));
        return eb.or(mine);
      })
      .returning('id')
      .executeTakeFirst();
  },
};
