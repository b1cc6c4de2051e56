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
      .leftJoin('organisations as o', 'o.id', 'a.actor_org')
      .select(['a.seq', 'a.at', 'a.action', 'a.subject_type', 'a.subject_id', 'a.actor_role', 'a.reason', 'o.name as org_name', 'o.kind as org_kind'])
      .where('a.household_id', '=', householdId)
      .orderBy('a.seq', 'desc')
      .limit(limit)
      .execute();
  },
};
