/** SQL for grants and documented exceptions. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { AidForm, GrantsTable } from '../../db/schema.js';
import { BENEFICIARY_REFUSALS, GRANT_OUTCOMES, type BeneficiaryRefusal, type BlockingGrant, type DateRefusal, type FundingRefusal, type GrantOutcome, type GrantOutcomeName } from './grant-outcome.js';

/** One grant for grant_aid() (0008_grant_path.sql): the actor and the checked input. */
export interface GrantItem {
  userId: string;
  orgId: string;
  role: string;
  aidTypeCode: string;
  nationalId?: string | undefined;
  householdId?: string | undefined;
  personId?: string | undefined;
  requestId?: string | undefined;
  exceptionId?: string | undefined;
  /** The programme that pays this grant (0029): its owner records it; zakat goes only to the entitled. */
  programmeId?: string | undefined;
  amountMinor?: number | undefined;
  currency: string;
  item?: string | undefined;
  quantity?: number | undefined;
  /** The donation lots the caseworker chose to fund it, drawn in this order (0031); absent: first in, first out. */
  fundingLots?: string[] | undefined;
  /** The aid's date; absent: today. grant_aid() decides whether it is allowed (0011_grant_dates.sql). */
  grantedOn?: string | undefined;
  /** The application's clock: the audit entry's time, and "today" (its day in the deployment's time zone). */
  at: string;
}

export type GrantRow = Selectable<GrantsTable>;

/** What registry_beneficiary() answers: the beneficiary, or why there is none. */
export type BeneficiaryAnswer =
  | { outcome: 'ok'; householdId: string; personId: string | null }
  | { outcome: BeneficiaryRefusal; householdId: string | null; personId: string | null };

const isOutcome = (s: string): s is GrantOutcomeName => (GRANT_OUTCOMES as readonly string[]).includes(s);

export const grantsRepository = {
  /**
   * The checks, the insert that the no-duplicate-aid exclusion constraint arbitrates, and the
   * audit entry, for each item in order, in one statement (grant_aid, 0008_grant_path.sql). One
   * outcome per item, at the same position; a refusal writes nothing and raises nothing.
   */
  async grantMany(db: Executor, items: GrantItem[]): Promise<GrantOutcome[]> {
    const r = await sql<{ r_outcome: string; r_household: string | null; r_exception_status: string | null; r_grant: (Omit<GrantRow, 'created_at'> & { created_at: string }) | null; r_detail: Record<string, unknown> | null }>`
      select * from grant_aid(${JSON.stringify(items)}::jsonb)`.execute(db);
    return r.rows.map((x): GrantOutcome => {
      const outcome = x.r_outcome;
      if (!isOutcome(outcome)) throw new Error(`grant_aid() answered an outcome this code does not know: ${outcome}`);
      switch (outcome) {
        case 'granted':
          return { outcome, householdId: x.r_household!, grant: { ...x.r_grant!, created_at: new Date(x.r_grant!.created_at) } };
        case 'exception-not-approved':
          return { outcome, householdId: x.r_household!, exceptionStatus: x.r_exception_status! };
        case 'refused':
          return { outcome, householdId: x.r_household!, grantedOn: String(x.r_detail!.grantedOn), during: String(x.r_detail!.during) };
        case 'future-date':
        case 'before-registration':
        case 'backdate-needs-approval':
          return { outcome, householdId: x.r_household!, detail: x.r_detail as unknown as DateRefusal };
        case 'not-funded':
          return { outcome, householdId: x.r_household!, detail: x.r_detail as unknown as FundingRefusal };
        case 'zakat-not-entitled':
          return { outcome, householdId: x.r_household!, zakatVersion: (x.r_detail?.version as number | null | undefined) ?? null };
        case 'amount-required':
        case 'exception-missing':
        case 'exception-mismatch':
          return { outcome, householdId: x.r_household! };
        default:
          return { outcome, householdId: null };
      }
    });
  },

  /**
   * The household (and member) that receives aid, as grant_aid() finds it: registry_beneficiary()
   * (SECURITY DEFINER: before the grant the charity may not read the household), by a member's
   * national ID or by the household's ID (and a member of it). The one definition of the rule.
   */
  async beneficiary(db: Executor, scheme: string, b: { nationalId?: string | undefined; householdId?: string | undefined; personId?: string | undefined }): Promise<BeneficiaryAnswer> {
    const r = await sql<{ outcome: string; beneficiary_household: string | null; beneficiary_person: string | null }>`
      select outcome, beneficiary_household, beneficiary_person
        from registry_beneficiary(${scheme}, ${b.nationalId ?? null}, ${b.householdId ?? null}::uuid, ${b.personId ?? null}::uuid)`.execute(db);
    const x = r.rows[0]!;
    if (x.outcome === 'ok') return { outcome: 'ok', householdId: x.beneficiary_household!, personId: x.beneficiary_person };
    const refusal = BENEFICIARY_REFUSALS.find((o) => o === x.outcome);
    if (!refusal) throw new Error(`registry_beneficiary() answered an outcome this code does not know: ${x.outcome}`);
    return { outcome: refusal, householdId: x.beneficiary_household, personId: x.beneficiary_person };
  },

  /**
   * The grant that blocks a new one, as much as the caller may be told: aid type, date, kind of
   * organisation, end of the window (id and org_id only for the organisation that gave it and the
   * ministry). Registry-wide, through a narrow SECURITY DEFINER function (0003_security.sql).
   */
  async findBlocking(db: Executor, householdId: string, aidTypeCode: string, during: string): Promise<BlockingGrant | undefined> {
    const r = await sql<BlockingGrant>`
      select * from grants_find_blocking(${householdId}::uuid, ${aidTypeCode}, ${during}::daterange)`.execute(db);
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

  insertException(db: Executor, e: { householdId: string; groupCode: string; reason: string; documentRef: string; requestedBy: string; requestedByOrg: string; grantedOn?: string | undefined }) {
    return db
      .insertInto('grant_exceptions')
      .values({
        household_id: e.householdId, group_code: e.groupCode, reason: e.reason, document_ref: e.documentRef, requested_by: e.requestedBy, requested_by_org: e.requestedByOrg,
        decided_by: null, decided_at: null, decision_note: null, ...(e.grantedOn ? { kind: 'backdate' as const, granted_on: e.grantedOn } : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  findExceptionForUpdate(db: Executor, id: string) {
    return db.selectFrom('grant_exceptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  decideException(db: Executor, id: string, status: 'approved' | 'rejected', by: string, note: string | null, at: Date) {
    return db.updateTable('grant_exceptions').set({ status, decided_by: by, decided_at: at, decision_note: note }).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
  },

  /** Existing grants the date rules would refuse, as 0011_grant_dates.sql found them (the ministry reads them). */
  listDateFindings(db: Executor, f: { finding?: string | undefined; limit: number }) {
    let q = db.selectFrom('grant_date_findings').selectAll().orderBy('recorded_on', 'desc').orderBy('grant_id').orderBy('finding').limit(f.limit);
    if (f.finding) q = q.where('finding', '=', f.finding as 'future-date');
    return q.execute();
  },

  listExceptions(db: Executor, f: { status?: string | undefined; orgId?: string | undefined; householdId?: string | undefined }) {
    let q = db.selectFrom('grant_exceptions').selectAll().orderBy('requested_at', 'desc').limit(500);
    if (f.householdId) q = q.where('household_id', '=', f.householdId);
    if (f.status) q = q.where('status', '=', f.status as 'pending');
    if (f.orgId) q = q.where('requested_by_org', '=', f.orgId);
    if (f.householdId) q = q.where('household_id', '=', f.householdId);
    return q.execute();
  },
};
