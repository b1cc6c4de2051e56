/** SQL for grants and documented exceptions. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AidForm } from '../../db/schema.js';

export interface GrantInsert {
  householdId: string;
  personId: string | null;
  requestId: string | null;
  orgId: string;
  aidTypeCode: string;
  form: AidForm;
  amountMinor: number | null;
  currency: string | null;
  item: string | null;
  quantity: number | null;
  grantedOn: string;
  exceptionId: string | null;
  createdBy: string;
}

export const grantsRepository = {
  /**
   * The checks before a grant in one read: the acting organisation's status, the aid type, and
   * whether the organisation offers it. No row when the organisation does not exist; the aid type
   * columns are null when the type does not exist.
   */
  grantingContext(db: Executor, orgId: string, aidTypeCode: string) {
    return db
      .selectFrom('organisations as o')
      .leftJoin('aid_types as t', (j) => j.on('t.code', '=', aidTypeCode))
      .select(['o.status as org_status', 't.code', 't.group_code', 't.form', 't.name_en', 't.active'])
      .select((eb) =>
        eb.exists(eb.selectFrom('organisation_aid_types as oat').select('oat.org_id').where('oat.org_id', '=', orgId).where('oat.aid_type_code', '=', aidTypeCode)).as('offered'))
      .where('o.id', '=', orgId)
      .executeTakeFirst();
  },

  /**
   * Inserts the grant, or nothing when the no-duplicate-aid exclusion constraint (or a unique key:
   * the request, the exception) refuses it; then undefined comes back. ON CONFLICT DO NOTHING
   * arbitrates on the exclusion constraint exactly as a plain insert does (a conflicting
   * transaction still in progress is waited for, and decides), without raising an error the
   * caller's transaction would have to be rescued from with a savepoint.
   */
  insertUnlessConflict(db: Executor, g: GrantInsert) {
    return db
      .insertInto('grants')
      .values({
        household_id: g.householdId,
        person_id: g.personId,
        request_id: g.requestId,
        org_id: g.orgId,
        aid_type_code: g.aidTypeCode,
        form: g.form,
        amount_minor: g.amountMinor,
        currency: g.currency,
        item: g.item,
        quantity: g.quantity,
        granted_on: g.grantedOn,
        exception_id: g.exceptionId,
        revoked_reason: null,
        created_by: g.createdBy,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * The grant that blocks a new one, as much as the caller may be told: aid type, date, kind of
   * organisation, end of the window (id and org_id only for the organisation that gave it and the
   * ministry). Registry-wide, through a narrow SECURITY DEFINER function (0003_security.sql).
   */
  async findBlocking(db: Executor, householdId: string, aidTypeCode: string, grantedOn: string) {
    const r = await sql<{ id: string | null; aid_type_code: string; name_en: string; name_ar: string; name_fa: string; group_code: string; granted_on: string; org_id: string | null; org_kind: 'ministry' | 'charity'; window_end: string | null }>`
      select * from grants_find_blocking(${householdId}::uuid, ${aidTypeCode}, ${grantedOn}::date)`.execute(db);
    return r.rows[0];
  },

  findById(db: Executor, id: string) {
    return db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  },

  revoke(db: Executor, id: string, reason: string) {
    return db.updateTable('grants').set({ status: 'revoked', revoked_reason: reason }).where('id', '=', id).where('status', '=', 'active').returningAll().executeTakeFirst();
  },

  /**
   * Every grant to a household that the acting context may read (the kardex, the case view, aid
   * received elsewhere), newest first: all of them for the ministry and for an organisation that may
   * see the household, only its own for any other organisation. Through grants_of_household
   * (0006_read_paths.sql), which applies the grants_read policy deciding the household-level part
   * once per call instead of once per grant row.
   */
  async listForHousehold(db: Executor, householdId: string) {
    const r = await sql<{
      id: string; aid_type_code: string; basket_code: string; group_code: string; form: AidForm; amount_minor: number | null; currency: string | null;
      item: string | null; quantity: number | null; granted_on: string; status: 'active' | 'revoked'; exception_id: string | null; request_id: string | null;
      person_id: string | null; org_id: string; org_kind: 'ministry' | 'charity'; org_name: string;
    }>`select * from grants_of_household(${householdId}::uuid)`.execute(db);
    return r.rows;
  },

  insertException(db: Executor, e: { householdId: string; groupCode: string; reason: string; documentRef: string; requestedBy: string; requestedByOrg: string }) {
    return db
      .insertInto('grant_exceptions')
      .values({ household_id: e.householdId, group_code: e.groupCode, reason: e.reason, document_ref: e.documentRef, requested_by: e.requestedBy, requested_by_org: e.requestedByOrg, decided_by: null, decided_at: null, decision_note: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  findExceptionForUpdate(db: Executor, id: string) {
    return db.selectFrom('grant_exceptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  decideException(db: Executor, id: string, status: 'approved' | 'rejected', by: string, note: string | null, at: Date) {
    return db.updateTable('grant_exceptions').set({ status, decided_by: by, decided_at: at, decision_note: note }).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
  },

  markExceptionUsed(db: Executor, id: string) {
    return db.updateTable('grant_exceptions').set({ status: 'used' }).where('id', '=', id).where('status', '=', 'approved').executeTakeFirst();
  },

  listExceptions(db: Executor, f: { status?: string | undefined; orgId?: string | undefined }) {
    let q = db.selectFrom('grant_exceptions').selectAll().orderBy('requested_at', 'desc').limit(500);
    if (f.status) q = q.where('status', '=', f.status as 'pending');
    if (f.orgId) q = q.where('requested_by_org', '=', f.orgId);
    return q.execute();
  },
};
