/**
 * SQL for organisations, persons and households. Every method takes the executor. The registry's
 * published reads for other modules are here too: organisations by ids (names, kinds, in the
 * database's order of names), households' regions by ids, the active members of a household.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { OrgKind, OrgStatus, Relation } from '../../db/schema.js';
import { authCache } from '../../kernel/auth-cache.js';

export const organisationsRepository = {
  insert(db: Executor, o: { kind: OrgKind; name: string; registrationNumber: string | null; status: OrgStatus; contactPhone: string | null }) {
    return db
      .insertInto('organisations')
      .values({ kind: o.kind, name: o.name, registration_number: o.registrationNumber, status: o.status, contact_phone: o.contactPhone, decided_at: null, decided_by: null, decision_reason: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  findById(db: Executor, id: string) {
    return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  },
  ministry(db: Executor) {
    return db.selectFrom('organisations').selectAll().where('kind', '=', 'ministry').executeTakeFirstOrThrow();
  },
  list(db: Executor, f: { status?: OrgStatus | undefined; kind?: OrgKind | undefined }) {
    let q = db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.kind) q = q.where('kind', '=', f.kind);
    return q.execute();
  },
  /** Approves, suspends or rejects; cached API tokens (src/kernel/auth-cache.ts) are forgotten at once. */
  async setStatus(db: Executor, id: string, status: OrgStatus, by: string, reason: string | null, at: Date) {
    const r = await db.updateTable('organisations').set({ status, decided_by: by, decided_at: at, decision_reason: reason }).where('id', '=', id).returningAll().executeTakeFirst();
    authCache.changedIn(db);
    return r;
  },
  async replaceAidTypes(db: Executor, orgId: string, codes: string[]) {
    await db.deleteFrom('organisation_aid_types').where('org_id', '=', orgId).execute();
    if (codes.length) await db.insertInto('organisation_aid_types').values(codes.map((c) => ({ org_id: orgId, aid_type_code: c }))).execute();
  },
  async replaceRegions(db: Executor, orgId: string, codes: string[]) {
    await db.deleteFrom('organisation_regions').where('org_id', '=', orgId).execute();
    if (codes.length) await db.insertInto('organisation_regions').values(codes.map((c) => ({ org_id: orgId, region_code: c }))).execute();
  },
  async aidTypesOf(db: Executor, orgId: string) {
    return (await db.selectFrom('organisation_aid_types').select('aid_type_code').where('org_id', '=', orgId).orderBy('aid_type_code').execute()).map((r) => r.aid_type_code);
  },
  async regionsOf(db: Executor, orgId: string) {
    return (await db.selectFrom('organisation_regions').select('region_code').where('org_id', '=', orgId).orderBy('region_code').execute()).map((r) => r.region_code);
  },
  /**
   * Published for other modules: these organisations (unknown ids and those row-level security
   * hides are left out), ordered by name then id as the database orders them, so that a caller
   * sorting by an organisation's name sorts as SQL would.
   */
  byIds(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organisations').select(['id', 'name', 'kind', 'status']).where('id', 'in', [...new Set(ids)]).orderBy('name').orderBy('id').execute();
  },
  /** Published: the approved charities, by name then id. */
  approvedCharities(db: Executor) {
    return db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'charity').where('status', '=', 'approved').orderBy('name').orderBy('id').execute();
  },
  async offers(db: Executor, orgId: string, aidTypeCode: string) {
    const r = await db.selectFrom('organisation_aid_types').select('org_id').where('org_id', '=', orgId).where('aid_type_code', '=', aidTypeCode).executeTakeFirst();
    return !!r;
  },
};

export interface PersonInput {
  idScheme: string;
  nationalId: string;
  fullName: string;
  nameKey: string;
  compactKey: string;
  birthDate: string | null;
  sex: 'F' | 'M' | null;
  nationality: string;
  phone: string | null;
}

export const householdsRepository = {
  /**
   * Which of these national IDs are already known, across the whole registry (the one-household-
   * per-person rule needs it even for households the caller may not see). IDs only, no names:
   * answered by a narrow SECURITY DEFINER function (0003_security.sql).
   */
  async findPersonsByNationalIds(db: Executor, scheme: string, ids: string[]) {
    if (ids.length === 0) return [];
    const r = await sql<{ id: string; national_id: string; active_household_id: string | null }>`
      select id, national_id, active_household_id from registry_persons_by_national_ids(${scheme}, ${ids}::text[])`.execute(db);
    return r.rows;
  },
  /** Active memberships of these persons, with the household they are in (registry-wide; IDs only). */
  async activeMemberships(db: Executor, personIds: string[]) {
    if (personIds.length === 0) return [];
    const r = await sql<{ person_id: string; household_id: string; relation: Relation }>`
      select person_id, household_id, relation from registry_active_memberships(${personIds}::uuid[])`.execute(db);
    return r.rows;
  },
  /** Does a household exist (registry-wide; says nothing else about it)? */
  async householdExists(db: Executor, id: string): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select registry_household_exists(${id}::uuid) as ok`.execute(db);
    return r.rows[0]?.ok === true;
  },
  insertPerson(db: Executor, p: PersonInput) {
    return db
      .insertInto('persons')
      .values({ id_scheme: p.idScheme, national_id: p.nationalId, full_name: p.fullName, name_key: p.nameKey, compact_key: p.compactKey, birth_date: p.birthDate, sex: p.sex, nationality: p.nationality, phone: p.phone })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  updatePerson(db: Executor, id: string, p: Omit<PersonInput, 'idScheme' | 'nationalId'>) {
    return db
      .updateTable('persons')
      .set({ full_name: p.fullName, name_key: p.nameKey, compact_key: p.compactKey, birth_date: p.birthDate, sex: p.sex, nationality: p.nationality, phone: p.phone })
      .where('id', '=', id)
      .execute();
  },
  insertHousehold(db: Executor, h: { regionCode: string; address: string | null; phone: string | null; createdByOrg: string | null }) {
    return db
      .insertInto('households')
      .values({ region_code: h.regionCode, address: h.address, phone: h.phone, created_by_org: h.createdByOrg })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  insertMember(db: Executor, m: { householdId: string; personId: string; relation: Relation }) {
    return db.insertInto('household_members').values({ household_id: m.householdId, person_id: m.personId, relation: m.relation }).returningAll().executeTakeFirstOrThrow();
  },
  findHousehold(db: Executor, id: string) {
    return db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
  },
  members(db: Executor, householdId: string) {
    return db
      .selectFrom('household_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select(['m.id as membership_id', 'm.relation', 'm.joined_at', 'p.id as person_id', 'p.national_id', 'p.id_scheme', 'p.full_name', 'p.birth_date', 'p.sex', 'p.nationality', 'p.phone'])
      .where('m.household_id', '=', householdId)
      .where('m.active', '=', true)
      .orderBy(sql`case m.relation when 'head' then 0 when 'spouse' then 1 else 2 end`)
      .orderBy('p.birth_date')
      .execute();
  },
  /** The household a national ID is an active member of (registry-wide; IDs only). */
  async householdOfNationalId(db: Executor, scheme: string, nationalId: string) {
    const r = await sql<{ household_id: string; person_id: string }>`
      select household_id, person_id from registry_household_of_national_id(${scheme}, ${nationalId})`.execute(db);
    return r.rows[0];
  },
  /**
   * Households a charity may see in full: it registered them, holds or decided a claim on one of
   * their requests, or granted them aid — unless it let a request of the household pass its
   * deadline (escalated away from it, see requests/deadline.ts) and holds none now. One definition,
   * mizan_org_may_see_household (0005_access_after_deadline.sql), shared with the row-level
   * security policies; the case view (requests/case-view.ts) agrees.
   */
  async charityMaySee(db: Executor, orgId: string, householdId: string): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select mizan_org_may_see_household(${orgId}::uuid, ${householdId}::uuid) as ok`.execute(db);
    return r.rows[0]?.ok === true;
  },
  /** Published: the region of each of these households (those row-level security hides are left out). */
  async regionsOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('households').select(['id', 'region_code']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((h) => [h.id, h.region_code]));
  },
  /** Published: the person with this national ID, if an active member of a household (sign-in). */
  activeMemberByNationalId(db: Executor, scheme: string, nationalId: string) {
    return db
      .selectFrom('persons as p')
      .innerJoin('household_members as m', (j) => j.onRef('m.person_id', '=', 'p.id').on('m.active', '=', true))
      .select(['p.id as person_id', 'p.full_name', 'p.phone', 'm.household_id'])
      .where('p.id_scheme', '=', scheme)
      .where('p.national_id', '=', nationalId)
      .executeTakeFirst();
  },
  /** Published: the national IDs of a household's active members (whose applicant accounts are told of its requests). */
  async activeMemberNationalIds(db: Executor, householdId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('household_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select('p.national_id')
      .where('m.household_id', '=', householdId)
      .where('m.active', '=', true)
      .execute();
    return rows.map((r) => r.national_id);
  },
  async isMemberByNationalId(db: Executor, householdId: string, nationalId: string): Promise<boolean> {
    const r = await db
      .selectFrom('household_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select('m.id')
      .where('m.household_id', '=', householdId)
      .where('m.active', '=', true)
      .where('p.national_id', '=', nationalId)
      .executeTakeFirst();
    return !!r;
  },
  list(db: Executor, f: { orgId?: string | undefined; regionCode?: string | undefined; limit: number; after?: string | undefined }) {
    let q = db
      .selectFrom('households as h')
      .select(['h.id', 'h.region_code', 'h.created_at', 'h.created_by_org'])
      .select((eb) => eb.selectFrom('household_members as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.household_id', '=', 'h.id').where('m.active', '=', true).as('size'))
      .orderBy('h.id')
      .limit(f.limit);
    if (f.orgId) q = q.where('h.created_by_org', '=', f.orgId);
    if (f.regionCode) q = q.where('h.region_code', '=', f.regionCode);
    if (f.after) q = q.where('h.id', '>', f.after);
    return q.execute();
  },
  /** A member's relation in a household (a declaration that changed it). */
  setRelation(db: Executor, householdId: string, personId: string, relation: Relation) {
    return db.updateTable('household_members').set({ relation }).where('household_id', '=', householdId).where('person_id', '=', personId).where('active', '=', true).execute();
  },
  setRegion(db: Executor, householdId: string, regionCode: string) {
    return db.updateTable('households').set({ region_code: regionCode }).where('id', '=', householdId).execute();
  },
};

/** Two records of one person linked (link-persons.ts): the locks, the move of aid, the mark. */
export const personsRepository = {
  /**
   * Locks a person's row until commit and reads whether it was merged. The merge locks both records
   * one at a time in the order of their ids, so two merges of the same pair, or of overlapping
   * pairs, wait for each other instead of deadlocking. FOR NO KEY UPDATE, not FOR UPDATE: a grant
   * being inserted for the person takes FOR KEY SHARE on the row (its foreign key) after its row is
   * in the no-duplicate index; FOR UPDATE would make it wait for the merge while the merge waits
   * for it on that index (a deadlock, test/postgres/link-persons-concurrency.test.ts).
   */
  lockForMerge(trx: Executor, id: string) {
    return trx.selectFrom('persons').select(['id', 'merged_into']).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  },
  /**
   * The merged record's grants and aid requests become the survivor's; those given in the merged
   * record's household move to the survivor's household (when both are given). Through
   * registry_move_person_aid (the database layer: these tables are the grants' and the requests'
   * modules'), whose UPDATEs the exclusion constraint grants_no_duplicate_aid and the unique index
   * aid_requests_one_open_per_group judge: a conflict raises, and the caller's transaction is undone.
   */
  async moveAid(trx: Executor, m: { fromPerson: string; toPerson: string; fromHousehold: string | null; toHousehold: string | null }) {
    const r = await sql<{ grants_moved: number; requests_moved: number }>`
      select grants_moved, requests_moved from registry_move_person_aid(${m.fromPerson}::uuid, ${m.toPerson}::uuid, ${m.fromHousehold}::uuid, ${m.toHousehold}::uuid)`.execute(trx);
    const row = r.rows[0]!;
    return { grantsMoved: Number(row.grants_moved), requestsMoved: Number(row.requests_moved) };
  },
  /**
   * Published for matching (which may not read persons itself): these persons as matching compares
   * them, with the region of the household they are an active member of (none: null) and whom they
   * were merged into. Unknown ids, and those row-level security hides, are left out. The ids go as
   * one array parameter, not one parameter each: a search batch's holders are tens of thousands
   * (PostgreSQL takes at most 65 535 parameters in a statement).
   */
  forMatching(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return personsForMatchingQuery(db).where(sql<boolean>`p.id = any(${[...new Set(ids)]}::uuid[])`).orderBy('p.id').execute();
  },
  /** Published for matching's sweep: the next `limit` persons not merged into another, in id order after `after`. */
  toIndex(db: Executor, page: { after: string | null; limit: number }) {
    let q = personsForMatchingQuery(db).where('p.merged_into', 'is', null).orderBy('p.id').limit(page.limit);
    if (page.after !== null) q = q.where('p.id', '>', page.after);
    return q.execute();
  },
  /** Marks a record merged into the survivor; once set, the trigger persons_merged_read_only keeps the row as it is. */
  async markMerged(trx: Executor, m: { mergeId: string; keepId: string; by: string; at: Date }) {
    const res = await trx
      .updateTable('persons')
      .set({ merged_into: m.keepId, merged_at: m.at, merged_by: m.by })
      .where('id', '=', m.mergeId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};

function personsForMatchingQuery(db: Executor) {
  return db
    .selectFrom('persons as p')
    .leftJoin('household_members as m', (j) => j.onRef('m.person_id', '=', 'p.id').on('m.active', '=', true))
    .leftJoin('households as h', 'h.id', 'm.household_id')
    .select(['p.id', 'p.id_scheme', 'p.national_id', 'p.full_name', 'p.birth_date', 'p.sex', 'p.phone', 'p.merged_into', 'm.household_id', 'h.region_code']);
}

export type PersonForMatching = Awaited<ReturnType<typeof personsRepository.forMatching>>[number];
