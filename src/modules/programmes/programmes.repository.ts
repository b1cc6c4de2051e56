/**
 * SQL for programmes: the programmes and their versions (rule and formula as data, with the SQL
 * they compile to), the zakat categories, the phase plan, the facts snapshot, applications,
 * decisions, appeals, enrolments, benefit cycles and their entitlements (0029_programmes.sql).
 * Every function takes the caller's executor; row-level security decides what it sees.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ApplicationStatus, EnrolmentStatus, Funding, ProgrammeKind, ProgrammeStatus, ServiceKind } from '../../db/schema.js';

export interface NewProgramme {
  code: string;
  ownerOrg: string;
  kind: ProgrammeKind;
  serviceKind: ServiceKind | null;
  aidTypeCode: string;
  funding: Funding;
  names: { en: string; ar: string; fa: string };
  at: Date;
  by: string;
}

export interface NewVersion {
  programmeId: string;
  rule: unknown;
  ruleSql: string;
  benefit: unknown | null;
  benefitSql: string | null;
  note: string | null;
  at: Date;
  by: string;
}

export const programmesRepository = {
  insertProgramme(db: Executor, p: NewProgramme) {
    return db
      .insertInto('programmes')
      .values({
        code: p.code, owner_org: p.ownerOrg, kind: p.kind, service_kind: p.serviceKind, aid_type_code: p.aidTypeCode, funding: p.funding,
        name_en: p.names.en, name_ar: p.names.ar, name_fa: p.names.fa, created_at: p.at, created_by: p.by,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  findProgramme(db: Executor, id: string) {
    return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
  },

  listProgrammes(db: Executor, opts: { status?: ProgrammeStatus } = {}) {
    let q = db.selectFrom('programmes').selectAll().orderBy('created_at').orderBy('code');
    if (opts.status) q = q.where('status', '=', opts.status);
    return q.execute();
  },

  setStatus(db: Executor, id: string, status: ProgrammeStatus) {
    return db.updateTable('programmes').set({ status }).where('id', '=', id).returningAll().executeTakeFirst();
  },

  /** The published version in force, and the draft (either may be missing). */
  versions(db: Executor, programmeId: string) {
    return db.selectFrom('programme_versions').selectAll().where('programme_id', '=', programmeId).where('state', 'in', ['published', 'draft']).execute();
  },

  /** The version in force of one programme (none before its first publish). */
  currentVersion(db: Executor, programmeId: string) {
    return db.selectFrom('programme_versions').selectAll().where('programme_id', '=', programmeId).where('state', '=', 'published').executeTakeFirst();
  },

  /** The current versions of many programmes, for the applicant's overview. */
  currentVersions(db: Executor, programmeIds: string[]) {
    if (programmeIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('programme_versions').selectAll().where('programme_id', 'in', programmeIds).where('state', '=', 'published').execute();
  },

  /** Saves the draft: a new version numbered after the last, or the existing draft rewritten. */
  async saveDraft(db: Executor, v: NewVersion) {
    const updated = await db
      .updateTable('programme_versions')
      .set({ rule: JSON.stringify(v.rule), rule_sql: v.ruleSql, benefit: v.benefit === null ? null : JSON.stringify(v.benefit), benefit_sql: v.benefitSql, note: v.note, created_at: v.at, created_by: v.by })
      .where('programme_id', '=', v.programmeId)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (updated) return updated;
    return db
      .insertInto('programme_versions')
      .values((eb) => ({
        programme_id: v.programmeId,
        version: eb.selectFrom('programme_versions').select(sql<number>`coalesce(max(version), 0) + 1`.as('n')).where('programme_id', '=', v.programmeId),
        state: 'draft',
        rule: JSON.stringify(v.rule), rule_sql: v.ruleSql,
        benefit: v.benefit === null ? null : JSON.stringify(v.benefit), benefit_sql: v.benefitSql,
        note: v.note, created_at: v.at, created_by: v.by,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** The draft becomes the version in force, with what the what-if projected of it; the one before is superseded. Null when there is no draft. */
  async publishDraft(db: Executor, programmeId: string, at: Date, by: string, projection: (draft: { rule_sql: string; benefit_sql: string | null }) => Promise<unknown>) {
    const draft = await db.selectFrom('programme_versions').select(['version', 'rule_sql', 'benefit_sql']).where('programme_id', '=', programmeId).where('state', '=', 'draft').forUpdate().executeTakeFirst();
    if (!draft) return null;
    const projected = await projection(draft);
    await db.updateTable('programme_versions').set({ state: 'superseded' }).where('programme_id', '=', programmeId).where('state', '=', 'published').execute();
    return db
      .updateTable('programme_versions')
      .set({ state: 'published', published_at: at, published_by: by, projection: JSON.stringify(projected) })
      .where('programme_id', '=', programmeId)
      .where('version', '=', draft.version)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  currentZakat(db: Executor) {
    return db.selectFrom('zakat_categories').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  },

  insertZakat(db: Executor, z: { rule: unknown; ruleSql: string; note: string | null; at: Date; by: string }) {
    return db
      .insertInto('zakat_categories')
      .values((eb) => ({
        version: eb.selectFrom('zakat_categories').select(sql<number>`coalesce(max(version), 0) + 1`.as('n')),
        rule: JSON.stringify(z.rule), rule_sql: z.ruleSql, note: z.note, published_at: z.at, published_by: z.by,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Whether the household meets the zakat categories now (zakat_entitled(), the database's rule). */
  async zakatEntitled(db: Executor, householdId: string): Promise<{ entitled: boolean; version: number | null }> {
    const r = await sql<{ entitled: boolean; version: number | null }>`select entitled, version from zakat_entitled(${householdId}::uuid)`.execute(db);
    return r.rows[0] ?? { entitled: false, version: null };
  },

  rollout(db: Executor) {
    return db.selectFrom('rollout_regions').selectAll().orderBy('phase').orderBy('region_code').execute();
  },

  setRolloutRegion(db: Executor, regionCode: string, phase: number) {
    return db
      .insertInto('rollout_regions')
      .values({ region_code: regionCode, phase, opened_at: null })
      .onConflict((oc) => oc.column('region_code').doUpdateSet({ phase }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  openRolloutPhase(db: Executor, phase: number, at: Date) {
    return db.updateTable('rollout_regions').set({ opened_at: at }).where('phase', '<=', phase).where('opened_at', 'is', null).returningAll().execute();
  },

  programmeRegions(db: Executor, programmeId: string) {
    return db.selectFrom('programme_regions').selectAll().where('programme_id', '=', programmeId).orderBy('phase').orderBy('region_code').execute();
  },

  setProgrammeRegion(db: Executor, r: { programmeId: string; regionCode: string; phase: number; capacityHouseholds: number | null; budgetMinor: number | null }) {
    return db
      .insertInto('programme_regions')
      .values({ programme_id: r.programmeId, region_code: r.regionCode, phase: r.phase, opened_at: null, capacity_households: r.capacityHouseholds, budget_minor: r.budgetMinor })
      .onConflict((oc) => oc.columns(['programme_id', 'region_code']).doUpdateSet({ phase: r.phase, capacity_households: r.capacityHouseholds, budget_minor: r.budgetMinor }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  openProgrammePhase(db: Executor, programmeId: string, phase: number, at: Date) {
    return db.updateTable('programme_regions').set({ opened_at: at }).where('programme_id', '=', programmeId).where('phase', '<=', phase).where('opened_at', 'is', null).returningAll().execute();
  },

  /**
   * Whether a programme is open in a first-level region: the deployment has opened it (or phases
   * nothing: it has no rollout plan), and the programme has opened it; with the region's capacity.
   */
  async regionOpen(db: Executor, programmeId: string, provinceCode: string) {
    const r = await sql<{ deployment_open: boolean; programme_open: boolean; capacity_households: number | null }>`
      select (not exists (select 1 from rollout_regions) or exists (select 1 from rollout_regions rr where rr.region_code = ${provinceCode} and rr.opened_at is not null)) as deployment_open,
             coalesce((select pr.opened_at is not null from programme_regions pr where pr.programme_id = ${programmeId}::uuid and pr.region_code = ${provinceCode}), false) as programme_open,
             (select pr.capacity_households from programme_regions pr where pr.programme_id = ${programmeId}::uuid and pr.region_code = ${provinceCode}) as capacity_households`.execute(db);
    return r.rows[0]!;
  },

  /** Locks the programme's row for a region, so that enrolments against its capacity are counted one at a time. */
  lockRegion(db: Executor, programmeId: string, provinceCode: string) {
    return db.selectFrom('programme_regions').select('region_code').where('programme_id', '=', programmeId).where('region_code', '=', provinceCode).forUpdate().executeTakeFirst();
  },

  /** The facts of one household as they are now (household_facts_live, under the caller's row-level security). */
  liveFacts(db: Executor, householdId: string) {
    return db.selectFrom('household_facts_live').selectAll().where('household_id', '=', householdId).executeTakeFirst();
  },

  /** Brings the snapshot up to date for these households, or all (null); answers the rows written. */
  async refreshFacts(db: Executor, householdIds: string[] | null): Promise<number> {
    const r = await sql<{ n: string }>`select programmes_refresh_facts(${householdIds}::uuid[]) as n`.execute(db);
    return Number(r.rows[0]!.n);
  },

  /** One batch of the snapshot's refresh (programmes_refresh_facts_batch()): the last household refreshed and how many. */
  async refreshFactsBatch(db: Executor, after: string | null, limit: number): Promise<{ last: string | null; refreshed: number }> {
    const r = await sql<{ last_id: string | null; refreshed: number }>`select last_id, refreshed from programmes_refresh_facts_batch(${after}::uuid, ${limit}::integer)`.execute(db);
    return { last: r.rows[0]!.last_id, refreshed: Number(r.rows[0]!.refreshed) };
  },

  /** How fresh the snapshot is: its rows and the oldest and newest computation. */
  async factsStatus(db: Executor) {
    const r = await sql<{ n: string; oldest: Date | null; newest: Date | null }>`select count(*) as n, min(computed_at) as oldest, max(computed_at) as newest from household_facts`.execute(db);
    return { rows: Number(r.rows[0]!.n), oldest: r.rows[0]!.oldest, newest: r.rows[0]!.newest };
  },

  insertDecision(db: Executor, d: { programmeId: string; version: number; householdId: string; applicationId: string | null; passed: boolean; reasons: unknown[]; facts: Record<string, unknown>; at: Date; by: string | null }) {
    return db
      .insertInto('eligibility_decisions')
      .values({
        programme_id: d.programmeId, version: d.version, household_id: d.householdId, application_id: d.applicationId, passed: d.passed,
        reasons: JSON.stringify(d.reasons), facts: JSON.stringify(d.facts), decided_at: d.at, decided_by: d.by,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  decision(db: Executor, id: string) {
    return db.selectFrom('eligibility_decisions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  insertApplication(db: Executor, a: { programmeId: string; householdId: string; applicantUser: string; status: ApplicationStatus; at: Date }) {
    return db
      .insertInto('programme_applications')
      .values({ programme_id: a.programmeId, household_id: a.householdId, applicant_user: a.applicantUser, status: a.status, created_at: a.at })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  application(db: Executor, id: string) {
    return db.selectFrom('programme_applications').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Sets the outcome; `from` guards the state it leaves (null: any), so two decisions at once are serialised on the row. */
  setApplication(db: Executor, id: string, set: { status: ApplicationStatus; decisionId?: string; decidedBy?: string | null }, from: ApplicationStatus[] | null = null) {
    let q = db
      .updateTable('programme_applications')
      .set({ status: set.status, ...(set.decisionId ? { decision_id: set.decisionId } : {}), ...(set.decidedBy !== undefined ? { decided_by: set.decidedBy } : {}) })
      .where('id', '=', id);
    if (from) q = q.where('status', 'in', from);
    return q.returningAll().executeTakeFirst();
  },

  applicationsOfApplicant(db: Executor, userId: string) {
    return db.selectFrom('programme_applications').selectAll().where('applicant_user', '=', userId).orderBy('created_at', 'desc').execute();
  },

  insertAppeal(db: Executor, a: { applicationId: string; reason: string; documents: unknown[]; at: Date; dueAt: Date }) {
    return db
      .insertInto('programme_appeals')
      .values({ application_id: a.applicationId, reason: a.reason, documents: JSON.stringify(a.documents), lodged_at: a.at, due_at: a.dueAt })
      .onConflict((oc) => oc.column('application_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  appeal(db: Executor, id: string) {
    return db.selectFrom('programme_appeals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  appealOfApplication(db: Executor, applicationId: string) {
    return db.selectFrom('programme_appeals').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  },

  decideAppeal(db: Executor, id: string, d: { status: 'upheld' | 'overturned'; by: string; at: Date; note: string }) {
    return db
      .updateTable('programme_appeals')
      .set({ status: d.status, decided_by: d.by, decided_at: d.at, decision_note: d.note })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
  },

  listAppeals(db: Executor, opts: { status?: 'open' | 'upheld' | 'overturned'; limit: number }) {
    let q = db
      .selectFrom('programme_appeals as a')
      .innerJoin('programme_applications as p', 'p.id', 'a.application_id')
      .select(['a.id', 'a.application_id', 'a.reason', 'a.documents', 'a.lodged_at', 'a.due_at', 'a.status', 'a.decided_by', 'a.decided_at', 'a.decision_note', 'p.programme_id', 'p.household_id', 'p.decided_by as case_decided_by'])
      .orderBy('a.due_at')
      .limit(opts.limit);
    if (opts.status) q = q.where('a.status', '=', opts.status);
    return q.execute();
  },

  /** Active enrolments of a programme in a first-level region (count them under lockRegion). */
  async activeEnrolments(db: Executor, programmeId: string, provinceCode: string): Promise<number> {
    const r = await db.selectFrom('enrolments').select(sql<string>`count(*)`.as('n')).where('programme_id', '=', programmeId).where('province_code', '=', provinceCode).where('status', '=', 'active').executeTakeFirstOrThrow();
    return Number(r.n);
  },

  enrol(db: Executor, e: { programmeId: string; householdId: string; provinceCode: string; applicationId: string | null; at: Date }) {
    return db
      .insertInto('enrolments')
      .values({ programme_id: e.programmeId, household_id: e.householdId, province_code: e.provinceCode, application_id: e.applicationId, since: e.at })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  async enrolledHouseholds(db: Executor, programmeId: string): Promise<string[]> {
    const rows = await db.selectFrom('enrolments').select('household_id').where('programme_id', '=', programmeId).where('status', '=', 'active').execute();
    return rows.map((r) => r.household_id);
  },

  enrolment(db: Executor, id: string) {
    return db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  endEnrolment(db: Executor, id: string, status: Exclude<EnrolmentStatus, 'active'>, at: Date) {
    return db.updateTable('enrolments').set({ status, ended_at: at }).where('id', '=', id).where('status', '=', 'active').returningAll().executeTakeFirst();
  },

  enrolmentsOfHousehold(db: Executor, householdId: string) {
    return db
      .selectFrom('enrolments as e')
      .innerJoin('programmes as p', 'p.id', 'e.programme_id')
      .leftJoin('programme_sessions as s', 's.id', 'e.session_id')
      .select(['e.id', 'e.programme_id', 'e.status', 'e.since', 'e.ended_at', 'e.follow_up_on', 'e.followed_up_at', 'e.follow_up_note', 'p.code', 'p.kind', 'p.service_kind', 'p.name_en', 'p.name_ar', 'p.name_fa', 's.title as session_title', 's.starts_on as session_starts_on', 's.ends_on as session_ends_on'])
      .where('e.household_id', '=', householdId)
      .orderBy('e.since', 'desc')
      .execute();
  },

  cycle(db: Executor, id: string) {
    return db.selectFrom('benefit_cycles').selectAll().where('id', '=', id).executeTakeFirst();
  },

  cycles(db: Executor, programmeId: string) {
    return db.selectFrom('benefit_cycles').selectAll().where('programme_id', '=', programmeId).orderBy('period', 'desc').execute();
  },

  /**
   * The period's entitlements, computed set-based: every household actively enrolled and open in
   * its region, its amount by the version's formula (benefitSql over the facts snapshot). One
   * cycle per programme and period (unique): a second preview of the same period answers null.
   */
  async createCycle(db: Executor, c: { programmeId: string; period: string; version: number; benefitSql: string; at: Date; by: string | null }) {
    // A preview of the period is computed again (by whoever asks now); an approved or paid cycle is never touched.
    const cycle = await db
      .insertInto('benefit_cycles')
      .values({ programme_id: c.programmeId, period: c.period, version: c.version, created_at: c.at, created_by: c.by })
      .onConflict((oc) => oc.columns(['programme_id', 'period']).doUpdateSet({ version: c.version, created_at: c.at, created_by: c.by }).where('benefit_cycles.status', '=', 'preview'))
      .returningAll()
      .executeTakeFirst();
    if (!cycle) return null;
    await db.deleteFrom('entitlements').where('cycle_id', '=', cycle.id).execute();
    await sql`
      insert into entitlements (cycle_id, household_id, province_code, amount_minor)
      select ${cycle.id}::uuid, f.household_id, f.province_code, a.amount
        from enrolments e
        join household_facts f on f.household_id = e.household_id
        join programme_regions pr on pr.programme_id = e.programme_id and pr.region_code = f.province_code and pr.opened_at is not null
        cross join lateral (select (${sql.raw(c.benefitSql)})::bigint as amount) a
       where e.programme_id = ${c.programmeId}::uuid and e.status = 'active' and a.amount > 0`.execute(db);
    return db
      .updateTable('benefit_cycles')
      .set((eb) => ({
        households: eb.selectFrom('entitlements').select(sql<number>`count(*)::integer`.as('n')).where('cycle_id', '=', cycle.id),
        total_minor: eb.selectFrom('entitlements').select(sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('t')).where('cycle_id', '=', cycle.id),
      }))
      .where('id', '=', cycle.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  approveCycle(db: Executor, id: string, by: string, at: Date) {
    return db.updateTable('benefit_cycles').set({ status: 'approved', approved_by: by, approved_at: at }).where('id', '=', id).where('status', '=', 'preview').returningAll().executeTakeFirst();
  },

  markCyclePaid(db: Executor, id: string, at: Date) {
    return db.updateTable('benefit_cycles').set({ status: 'paid', paid_at: at }).where('id', '=', id).where('status', '=', 'approved').returningAll().executeTakeFirst();
  },

  /** The next entitlements not yet recorded, locked so that two runners never record one twice. */
  unpaid(db: Executor, cycleId: string, limit: number) {
    return db.selectFrom('entitlements').selectAll().where('cycle_id', '=', cycleId).where('outcome', 'is', null).orderBy('household_id').limit(limit).forUpdate().skipLocked().execute();
  },

  /**
   * The outcome (and grant) of each entitlement of a batch, in one UPDATE, in the transaction of its
   * grants; an outcome already written is never overwritten. One round trip a batch instead of one
   * a household, which at 200 000 households was most of the payment's time (BENCHMARKS.md).
   */
  async setOutcomes(db: Executor, cycleId: string, rows: { householdId: string; outcome: string; grantId: string | null }[]) {
    if (rows.length === 0) return;
    await sql`
      update entitlements e set outcome = o.outcome, grant_id = o.grant_id
        from unnest(${rows.map((r) => r.householdId)}::uuid[], ${rows.map((r) => r.outcome)}::text[], ${rows.map((r) => r.grantId)}::uuid[]) as o(household_id, outcome, grant_id)
       where e.cycle_id = ${cycleId}::uuid and e.household_id = o.household_id and e.outcome is null`.execute(db);
  },

  /** A cycle's entitlements per first-level region, with the region's budget per period (null: none set). */
  async cycleRegions(db: Executor, cycleId: string) {
    const r = await sql<{ province_code: string; n: string; total: string; budget_minor: string | null }>`
      select en.province_code, count(*) as n, sum(en.amount_minor) as total, pr.budget_minor
        from entitlements en
        join benefit_cycles c on c.id = en.cycle_id
        left join programme_regions pr on pr.programme_id = c.programme_id and pr.region_code = en.province_code
       where en.cycle_id = ${cycleId}::uuid
       group by en.province_code, pr.budget_minor
       order by en.province_code`.execute(db);
    return r.rows.map((x) => ({ regionCode: x.province_code, households: Number(x.n), totalMinor: Number(x.total), budgetMinor: x.budget_minor === null ? null : Number(x.budget_minor) }));
  },

  async cycleOutcomes(db: Executor, cycleId: string) {
    return db.selectFrom('entitlements').select(['outcome', sql<number>`count(*)::integer`.as('n'), sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('total')]).where('cycle_id', '=', cycleId).groupBy('outcome').execute();
  },

  /** Month by month from `from` (YYYY-MM-01) to `to`: per first-level region, enrolments entered, left and active at the month's end, and entitlements paid. */
  async monthlyFigures(db: Executor, programmeId: string, from: string, to: string) {
    const r = await sql<{ month: string; province_code: string; entered: string; left: string; active: string; paid_households: string; paid_minor: string; due_households: string; due_minor: string }>`
      with months as (select m::date as month, (m + interval '1 month')::timestamptz as month_end
                        from generate_series(${from}::date, ${to}::date, interval '1 month') m),
           e as (select province_code, since, ended_at from enrolments where programme_id = ${programmeId}::uuid),
           p as (select c.period, en.province_code, en.outcome, en.amount_minor
                   from benefit_cycles c join entitlements en on en.cycle_id = c.id where c.programme_id = ${programmeId}::uuid),
           places as (select distinct province_code from e union select distinct province_code from p)
      select to_char(m.month, 'YYYY-MM') as month, rg.province_code,
             (select count(*) from e where e.province_code = rg.province_code and e.since >= m.month and e.since < m.month_end) as entered,
             (select count(*) from e where e.province_code = rg.province_code and e.ended_at >= m.month and e.ended_at < m.month_end) as left,
             (select count(*) from e where e.province_code = rg.province_code and e.since < m.month_end and (e.ended_at is null or e.ended_at >= m.month_end)) as active,
             (select count(*) from p where p.province_code = rg.province_code and p.period = m.month and p.outcome = 'granted') as paid_households,
             (select coalesce(sum(p.amount_minor), 0) from p where p.province_code = rg.province_code and p.period = m.month and p.outcome = 'granted') as paid_minor,
             (select count(*) from p where p.province_code = rg.province_code and p.period = m.month) as due_households,
             (select coalesce(sum(p.amount_minor), 0) from p where p.province_code = rg.province_code and p.period = m.month) as due_minor
        from months m cross join places rg
       order by m.month, rg.province_code`.execute(db);
    return r.rows.map((x) => ({
      month: x.month, regionCode: x.province_code, entered: Number(x.entered), left: Number(x.left), active: Number(x.active),
      paidHouseholds: Number(x.paid_households), paidMinor: Number(x.paid_minor), dueHouseholds: Number(x.due_households), dueMinor: Number(x.due_minor),
    }));
  },

  /** Appeals of a programme's applications, month by month: lodged, and decided each way. */
  async monthlyAppeals(db: Executor, programmeId: string, from: string) {
    const r = await sql<{ month: string; lodged: string; upheld: string; overturned: string }>`
      select to_char(date_trunc('month', x.at), 'YYYY-MM') as month,
             count(*) filter (where x.kind = 'lodged') as lodged,
             count(*) filter (where x.kind = 'upheld') as upheld,
             count(*) filter (where x.kind = 'overturned') as overturned
        from (select a.lodged_at as at, 'lodged' as kind from programme_appeals a join programme_applications p on p.id = a.application_id where p.programme_id = ${programmeId}::uuid
              union all
              select a.decided_at, a.status from programme_appeals a join programme_applications p on p.id = a.application_id where p.programme_id = ${programmeId}::uuid and a.decided_at is not null) x
       where x.at >= ${from}::date
       group by 1 order by 1`.execute(db);
    return r.rows.map((x) => ({ month: x.month, lodged: Number(x.lodged), upheld: Number(x.upheld), overturned: Number(x.overturned) }));
  },

  /** Every published version (superseded included), oldest first: which was in force when. */
  publishedVersions(db: Executor, programmeId: string) {
    return db.selectFrom('programme_versions').select(['version', 'published_at', 'projection']).where('programme_id', '=', programmeId).where('state', '<>', 'draft').orderBy('version').execute();
  },

  insertSession(db: Executor, x: { programmeId: string; regionCode: string; title: string; place: string | null; startsOn: string; endsOn: string; capacity: number; at: Date; by: string }) {
    return db
      .insertInto('programme_sessions')
      .values({ programme_id: x.programmeId, region_code: x.regionCode, title: x.title, place: x.place, starts_on: x.startsOn, ends_on: x.endsOn, capacity: x.capacity, created_at: x.at, created_by: x.by })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** A session, locked when `lock` (placing enrolments in it one at a time against its capacity). */
  session(db: Executor, id: string, lock = false) {
    const q = db.selectFrom('programme_sessions').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },

  /** A programme's sessions with how many enrolments each holds. */
  sessions(db: Executor, programmeId: string) {
    return db
      .selectFrom('programme_sessions as s')
      .selectAll('s')
      .select((eb) => eb.selectFrom('enrolments as e').select(sql<string>`count(*)`.as('n')).whereRef('e.session_id', '=', 's.id').where('e.status', '<>', 'dropped').as('placed'))
      .where('s.programme_id', '=', programmeId)
      .orderBy('s.starts_on')
      .execute();
  },

  async placedIn(db: Executor, sessionId: string): Promise<number> {
    const r = await db.selectFrom('enrolments').select(sql<string>`count(*)`.as('n')).where('session_id', '=', sessionId).where('status', '<>', 'dropped').executeTakeFirstOrThrow();
    return Number(r.n);
  },

  placeInSession(db: Executor, enrolmentId: string, sessionId: string) {
    return db.updateTable('enrolments').set({ session_id: sessionId }).where('id', '=', enrolmentId).where('status', '=', 'active').returningAll().executeTakeFirst();
  },

  recordAttendance(db: Executor, a: { enrolmentId: string; onDay: string; present: boolean; by: string; at: Date }) {
    return db
      .insertInto('session_attendance')
      .values({ enrolment_id: a.enrolmentId, on_day: a.onDay, present: a.present, recorded_by: a.by, recorded_at: a.at })
      .onConflict((oc) => oc.columns(['enrolment_id', 'on_day']).doUpdateSet({ present: a.present, recorded_by: a.by, recorded_at: a.at }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Days recorded and days present, per enrolment of a household. */
  async attendanceOf(db: Executor, enrolmentIds: string[]) {
    if (enrolmentIds.length === 0) return new Map<string, { days: number; present: number }>();
    const rows = await db
      .selectFrom('session_attendance')
      .select(['enrolment_id', sql<string>`count(*)`.as('days'), sql<string>`count(*) filter (where present)`.as('present')])
      .where('enrolment_id', 'in', enrolmentIds)
      .groupBy('enrolment_id')
      .execute();
    return new Map(rows.map((r) => [r.enrolment_id, { days: Number(r.days), present: Number(r.present) }]));
  },

  setFollowUpOn(db: Executor, enrolmentId: string, on: string) {
    return db.updateTable('enrolments').set({ follow_up_on: on }).where('id', '=', enrolmentId).execute();
  },

  followUp(db: Executor, enrolmentId: string, note: string, at: Date) {
    return db.updateTable('enrolments').set({ followed_up_at: at, follow_up_note: note }).where('id', '=', enrolmentId).where('status', '<>', 'active').returningAll().executeTakeFirst();
  },

  insertAppealDocument(db: Executor, d: { appealId: string; name: string; contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; content: Buffer; sha256: string; at: Date; by: string }) {
    return db
      .insertInto('appeal_documents')
      .values({ appeal_id: d.appealId, name: d.name, content_type: d.contentType, size_bytes: d.content.length, sha256: d.sha256, content: d.content, uploaded_at: d.at, uploaded_by: d.by })
      .onConflict((oc) => oc.columns(['appeal_id', 'sha256']).doNothing())
      .returning(['id', 'name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'])
      .executeTakeFirst();
  },

  appealDocuments(db: Executor, appealIds: string[]) {
    if (appealIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('appeal_documents').select(['id', 'appeal_id', 'name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at']).where('appeal_id', 'in', appealIds).orderBy('uploaded_at').execute();
  },

  appealDocument(db: Executor, appealId: string, id: string) {
    return db.selectFrom('appeal_documents').selectAll().where('appeal_id', '=', appealId).where('id', '=', id).executeTakeFirst();
  },
};
