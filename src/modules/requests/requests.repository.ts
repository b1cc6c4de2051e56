/** SQL for aid requests. */
import type { Executor } from '../../db/database.js';

export const requestsRepository = {
  insert(db: Executor, r: {
    householdId: string; personId: string | null; aidTypeCode: string; amountMinor: number | null; item: string | null; quantity: number | null;
    justification: string; channel: 'staff' | 'applicant' | 'intake'; submittedBy: string | null; submittedByOrg: string | null; submittedAt: Date; deadlineAt: Date; priority: number;
  }) {
    return db
      .insertInto('aid_requests')
      .values({
        household_id: r.householdId, person_id: r.personId, aid_type_code: r.aidTypeCode, amount_minor: r.amountMinor, item: r.item, quantity: r.quantity,
        justification: r.justification, channel: r.channel, submitted_by: r.submittedBy, submitted_by_org: r.submittedByOrg, submitted_at: r.submittedAt,
        deadline_at: r.deadlineAt, priority: r.priority, claimed_by_org: null, claimed_at: null, decided_at: null, decided_by: null, decision_reason: null, grant_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  findById(db: Executor, id: string) {
    return db.selectFrom('aid_requests').selectAll().where('id', '=', id).executeTakeFirst();
  },
  listForHousehold(db: Executor, householdId: string) {
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.code', 'r.aid_type_code')
      .leftJoin('organisations as o', 'o.id', 'r.claimed_by_org')
      .select([
        'r.id', 'r.aid_type_code', 't.basket_code', 'r.group_code', 'r.status', 'r.amount_minor', 'r.item', 'r.quantity', 'r.submitted_at', 'r.deadline_at',
        'r.claimed_by_org', 'o.name as claimed_by_name', 'r.decided_at', 'r.decision_reason', 'r.grant_id', 'r.channel',
      ])
      .where('r.household_id', '=', householdId)
      .orderBy('r.submitted_at', 'desc')
      .execute();
  },
};
