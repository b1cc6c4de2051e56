/**
 * SQL for the audit trail. Entries name the acting organisation by id; whoever shows them with
 * the organisation's name asks the registry (organisationsRepository.byIds).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  householdId?: string | null;
  reason?: string | null;
  /** Identifiers and codes only; never names, national IDs or phone numbers. */
  details?: Record<string, unknown>;
  at?: Date;
}

export interface AuditActor {
  userId: string | null;
  orgId: string | null;
  role: string | null;
}

export const auditRepository = {
  async append(db: Executor, actor: AuditActor, e: AuditEntry): Promise<number> {
    const row = await db
      .insertInto('audit_log')
      .values({
        at: e.at ?? new Date(),
        actor_user: actor.userId,
        actor_org: actor.orgId,
        actor_role: actor.role,
        action: e.action,
        subject_type: e.subjectType,
        subject_id: e.subjectId ?? null,
        household_id: e.householdId ?? null,
        reason: e.reason ?? null,
        details: JSON.stringify(e.details ?? {}),
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    return row.seq;
  },

  listForHousehold(db: Executor, householdId: string, limit = 200) {
    return db
      .selectFrom('audit_log as a')
      .select(['a.seq', 'a.at', 'a.action', 'a.subject_type', 'a.subject_id', 'a.actor_user', 'a.actor_org', 'a.actor_role', 'a.reason'])
      .where('a.household_id', '=', householdId)
      .orderBy('a.seq', 'desc')
      .limit(limit)
      .execute();
  },

  /** The ministry's search: filters combine; newest first; `before` pages by seq. */
  search(db: Executor, f: {
    action?: string | undefined; actorOrg?: string | undefined; actorUser?: string | undefined; householdId?: string | undefined;
    subjectType?: string | undefined; subjectId?: string | undefined; from?: Date | undefined; to?: Date | undefined; before?: number | undefined; limit: number;
  }) {
    let q = db
      .selectFrom('audit_log as a')
      .select(['a.seq', 'a.at', 'a.action', 'a.actor_user', 'a.actor_org', 'a.actor_role', 'a.subject_type', 'a.subject_id', 'a.household_id', 'a.reason', 'a.details', 'a.chain_pos'])
      .orderBy('a.seq', 'desc')
      .limit(f.limit);
    if (f.action) q = f.action.endsWith('.') ? q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '')}%`) : q.where('a.action', '=', f.action);
    if (f.actorOrg) q = q.where('a.actor_org', '=', f.actorOrg);
    if (f.actorUser) q = q.where('a.actor_user', '=', f.actorUser);
    if (f.householdId) q = q.where('a.household_id', '=', f.householdId);
    if (f.subjectType) q = q.where('a.subject_type', '=', f.subjectType);
    if (f.subjectId) q = q.where('a.subject_id', '=', f.subjectId);
    if (f.from) q = q.where('a.at', '>=', f.from);
    if (f.to) q = q.where('a.at', '<', f.to);
    if (f.before) q = q.where('a.seq', '<', f.before);
    return q.execute();
  },

  /**
   * National-ID lookups ('registry.lookup' entries) per acting organisation and UTC day in
   * [from, to): how many, and how many found a household (index audit_log_lookup_by_at, 0014).
   */
  async lookupsPerDay(db: Executor, from: Date, to: Date) {
    const r = await sql<{ org_id: string; day: string; lookups: number; found: number }>`
      select a.actor_org as org_id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD') as day,
             count(*)::int as lookups, count(a.household_id)::int as found
        from audit_log a
       where a.action = 'registry.lookup' and a.at >= ${from} and a.at < ${to} and a.actor_org is not null
       group by a.actor_org, 2`.execute(db);
    return r.rows;
  },
};
