/**
 * The registry's rules: organisations and their approval, households and the rule that a person
 * is an active member of at most one household. (Staff accounts and tokens: identity/staff.ts.)
 */
import type { Executor } from '../../db/database.js';
import type { OrgStatus, Relation } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { isoDate, systemClock, type Clock } from '../../kernel/clock.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { compactKey, matchKey } from '../../shared/text/fold.js';
import { normalizeDigits } from '../../shared/identity/national-id.js';
import { audit } from '../audit/audit.service.js';
import { firstUnknownAidType } from '../catalogue/aid-types.js';
import { householdsRepository, organisationsRepository, personsRepository } from './registry.repository.js';
import { checkId, requireValidId } from './national-ids.js';
import { RevealingRefusal, Refused, afterCommit, assertLookupQuota, keepingTrace, traceLookup, type LookupPurpose } from './lookups.js';
import { checkLikelyPersons, type LikelyPerson, type PersonMatching } from './likely-persons.js';

/** Published: two records of one person linked by the ministry (the use case: link-persons.ts). */
export { linkPersons, type LinkInput } from './link-persons.js';

/**
 * Published for matching (matching/find-candidates.ts, match-sweep.ts), which may not read persons
 * itself: persons by ids as matching compares them (with their household and its region, and whom
 * they were merged into), and the sweep's next page of persons not merged.
 */
export const personsForMatching = (db: Executor, ids: readonly string[]) => personsRepository.forMatching(db, ids);
export const personsToIndex = (db: Executor, page: { after: string | null; limit: number }) => personsRepository.toIndex(db, page);
export type { PersonForMatching } from './registry.repository.js';

const isMinistry = (a: Actor) => a.orgKind === 'ministry';

// Organisations ---------------------------------------------------------------------------------

export interface OrganisationInput {
  name: string;
  registrationNumber?: string | null;
  contactPhone?: string | null;
  aidTypes: string[];
  regions: string[];
}

async function assertCatalogueCodes(db: Executor, dep: Deployment, aidTypes: string[], regions: string[]) {
  for (const r of regions) {
    if (!dep.regions.has(r)) throw new Problem('unknown-reference', `Unknown region "${r}".`, { field: 'regions', value: r });
  }
  if (aidTypes.length) {
    const missing = await firstUnknownAidType(db, aidTypes);
    if (missing) throw new Problem('unknown-reference', `Unknown aid type "${missing}".`, { field: 'aidTypes', value: missing });
  }
}

export async function createCharity(db: Executor, actor: Actor | null, dep: Deployment, input: OrganisationInput, status: OrgStatus) {
  await assertCatalogueCodes(db, dep, input.aidTypes, input.regions);
  const org = await organisationsRepository.insert(db, {
    kind: 'charity',
    name: input.name.trim(),
    registrationNumber: input.registrationNumber ?? null,
    status,
    contactPhone: input.contactPhone ? normalizeDigits(input.contactPhone) : null,
  });
  await organisationsRepository.replaceAidTypes(db, org.id, [...new Set(input.aidTypes)]);
  await organisationsRepository.replaceRegions(db, org.id, [...new Set(input.regions)]);
  await audit(db, actor, { action: 'organisation.create', subjectType: 'organisation', subjectId: org.id, details: { status } });
  return org;
}

export async function decideOrganisation(db: Executor, actor: Actor, id: string, status: 'approved' | 'rejected' | 'suspended', reason: string | null, now: Date) {
  const org = await organisationsRepository.findById(db, id);
  if (!org || org.kind !== 'charity') throw notFound('The charity');
  const updated = await organisationsRepository.setStatus(db, id, status, actor.userId, reason, now);
  await audit(db, actor, { action: `organisation.${status}`, subjectType: 'organisation', subjectId: id, reason });
  return updated!;
}

export async function setOrganisationOffer(db: Executor, actor: Actor, dep: Deployment, id: string, offer: { aidTypes: string[]; regions: string[] }) {
  if (!isMinistry(actor) && actor.orgId !== id) throw forbidden('You may only change your own organisation.');
  const org = await organisationsRepository.findById(db, id);
  if (!org || org.kind !== 'charity') throw notFound('The charity');
  await assertCatalogueCodes(db, dep, offer.aidTypes, offer.regions);
  await organisationsRepository.replaceAidTypes(db, id, [...new Set(offer.aidTypes)]);
  await organisationsRepository.replaceRegions(db, id, [...new Set(offer.regions)]);
  await audit(db, actor, { action: 'organisation.offer', subjectType: 'organisation', subjectId: id, details: offer });
}

export async function organisationView(db: Executor, id: string) {
  const org = await organisationsRepository.findById(db, id);
  if (!org) throw notFound('The organisation');
  return { ...org, aidTypes: await organisationsRepository.aidTypesOf(db, id), regions: await organisationsRepository.regionsOf(db, id) };
}

// Households ------------------------------------------------------------------------------------

export interface MemberInput {
  nationalId: string;
  fullName: string;
  birthDate?: string | null;
  sex?: 'F' | 'M' | null;
  relation: Relation;
  nationality?: string | null;
  phone?: string | null;
  /** The registered person this member is, as the search named them (likely-persons.ts). */
  sameAs?: string | null;
  /** Registered persons the search named whom the caseworker says this member is not. */
  notSameAs?: string[];
}

export interface HouseholdInput {
  regionCode: string;
  address?: string | null;
  phone?: string | null;
  members: MemberInput[];
}

export function assertRegion(dep: Deployment, code: string) {
  if (!dep.regions.has(code)) throw new Problem('unknown-reference', `Unknown region "${code}".`, { field: 'regionCode', value: code });
}

/** May this actor see the personal data of this household? */
export async function mayReadHousehold(db: Executor, actor: Actor, householdId: string): Promise<boolean> {
  if (isMinistry(actor)) return true;
  if (actor.role === 'applicant') return actor.nationalId !== null && householdsRepository.isMemberByNationalId(db, householdId, actor.nationalId);
  if (actor.orgId) return householdsRepository.charityMaySee(db, actor.orgId, householdId);
  return false;
}

/**
 * A member's fields as stored. No one is born after `today` (the application clock's date): a
 * birth date given, or the one a national ID encodes (Kuwait), later than today is refused.
 */
function normaliseMember(dep: Deployment, m: MemberInput, i: number, today: string) {
  const { normalized: nationalId, birthDate: idBirthDate } = checkId(dep.idScheme, m.nationalId, `members[${i}].nationalId`, m.birthDate ?? null);
  if (m.birthDate && m.birthDate > today) {
    throw new Problem('validation', `members[${i}].birthDate is after today.`, { field: `members[${i}].birthDate` });
  }
  if (idBirthDate && idBirthDate > today) {
    throw new Problem('invalid-national-id', `members[${i}].nationalId: the birth date it encodes is after today.`, { field: `members[${i}].nationalId`, reason: 'future_birth_date', scheme: dep.idScheme });
  }
  const fullName = m.fullName.normalize('NFC').trim();
  if (!fullName) throw new Problem('validation', `members[${i}].fullName is empty.`, { field: `members[${i}].fullName` });
  return {
    idScheme: dep.idScheme,
    nationalId,
    fullName,
    nameKey: matchKey(fullName),
    compactKey: compactKey(fullName),
    birthDate: m.birthDate ?? null,
    sex: m.sex ?? null,
    nationality: (m.nationality ?? dep.nationality).toUpperCase(),
    phone: m.phone ? normalizeDigits(m.phone) : null,
    relation: m.relation,
  };
}

type HouseholdRow = Awaited<ReturnType<typeof householdsRepository.insertHousehold>>;

/**
 * Registers a household with its members. Refused (409) when any member is an active member of
 * another household; the other household is named only to staff who may see it. That refusal
 * reveals that the person is registered, so it is an answer to a lookup (lookups.ts): given within
 * the actor's lookup quota, and traced in the audit trail although the registration is undone.
 * The refusal is returned as Refused, so that the caller's transaction commits its trace; the
 * route throws it once committed (afterCommit).
 */
export async function registerHouseholdTraced(db: Executor, actor: Actor, dep: Deployment, input: HouseholdInput, clock: Clock = systemClock, matching?: PersonMatching): Promise<HouseholdRow | Refused> {
  const now = clock.now();
  assertRegion(dep, input.regionCode);
  if (input.members.length === 0) throw new Problem('validation', 'A household needs at least one member.', { field: 'members' });
  const heads = input.members.filter((m) => m.relation === 'head').length;
  if (heads !== 1) throw new Problem('validation', 'A household needs exactly one head.', { field: 'members' });
  const today = isoDate(clock.now());
  const members = input.members.map((m, i) => normaliseMember(dep, m, i, today));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const j = seen.get(m.nationalId);
    if (j !== undefined) throw new Problem('duplicate-person', `members[${j}] and members[${i}] have the same national ID.`, { fields: [`members[${j}]`, `members[${i}]`] });
    seen.set(m.nationalId, i);
  });
  await assertLookupQuota(db, actor, now);
  const registered = await householdsRepository.findPersonsByNationalIds(db, dep.idScheme, members.map((m) => m.nationalId));
  const linked = await likelyOrLinked(db, actor, dep, matching, input.members, members, registered, input.regionCode, (i) => `members[${i}].nationalId`, { at: now });
  if (linked instanceof Refused) return linked;
  const linkedIds = new Set([...linked.values()].map((p) => p.personId));
  if (linkedIds.size < linked.size) throw new Problem('duplicate-person', 'Two members are linked to the same registered person.', { field: 'members' });
  return keepingTrace(db, actor, { purpose: 'household-registration', via: 'registration', at: now }, async () => {
    const { household, personIds } = await insertHousehold(db, actor, input, members, registered, linked);
    await matching?.index(db, actor, personIds, now);
    return household;
  });
}

/** Registers a household; a refusal is thrown (its trace is kept only by registerHouseholdTraced in a transaction that commits). */
export async function registerHousehold(db: Executor, actor: Actor, dep: Deployment, input: HouseholdInput, clock: Clock = systemClock, matching?: PersonMatching): Promise<HouseholdRow> {
  return afterCommit(await registerHouseholdTraced(db, actor, dep, input, clock, matching));
}

/** The registered persons the members not registered under their ID may be (likely-persons.ts): the refusal, or the members linked by sameAs. */
async function likelyOrLinked(db: Executor, actor: Actor, dep: Deployment, matching: PersonMatching | undefined, inputs: readonly MemberInput[], members: ReturnType<typeof normaliseMember>[], found: readonly RegisteredPerson[], regionCode: string | null, field: (i: number) => string, t: { at: Date }) {
  if (!matching) return new Map<number, LikelyPerson>();
  const registered = new Set(found.map((p) => p.national_id));
  return checkLikelyPersons(
    db,
    actor,
    matching,
    members.map((m, i) => ({
      probe: { idScheme: dep.idScheme, nationalId: m.nationalId, fullName: m.fullName, birthDate: m.birthDate, sex: m.sex, phone: m.phone, regionCode },
      decision: { sameAs: inputs[i]!.sameAs, notSameAs: inputs[i]!.notSameAs },
      registered: registered.has(m.nationalId),
      field: field(i),
    })),
    t,
  );
}

/** The persons registered under some of the IDs typed (findPersonsByNationalIds). */
type RegisteredPerson = Awaited<ReturnType<typeof householdsRepository.findPersonsByNationalIds>>[number];

async function insertHousehold(db: Executor, actor: Actor, input: HouseholdInput, members: ReturnType<typeof normaliseMember>[], registered: readonly RegisteredPerson[], linked: Map<number, LikelyPerson>) {
  // A linked member's typed ID is not registered (only those are searched): the rest are found by it.
  const byId = new Map(registered.map((p) => [p.national_id, p]));
  if (registered.some((p) => [...linked.values()].some((l) => l.personId === p.id))) throw new Problem('duplicate-person', 'A member is linked to the registered person another member is under their own ID.', { field: 'members' });
  // A linked member is the registered person, found under the ID typed.
  for (const [i, p] of linked) byId.set(members[i]!.nationalId, { id: p.personId, national_id: members[i]!.nationalId, active_household_id: p.householdId });
  await assertNotInOtherHousehold(db, actor, [...byId.values()].map((p) => p.id), members.map((m) => m.nationalId), byId, (i) => `members[${i}].nationalId`);

  const household = await householdsRepository.insertHousehold(db, {
    regionCode: input.regionCode,
    address: input.address?.trim() || null,
    phone: input.phone ? normalizeDigits(input.phone) : null,
    createdByOrg: actor.orgId,
  });
  const personIds: string[] = [];
  for (const [i, m] of members.entries()) {
    const prior = byId.get(m.nationalId);
    const personId = prior ? prior.id : (await householdsRepository.insertPerson(db, m)).id;
    await insertMemberOrConflict(db, actor, { householdId: household.id, personId, relation: m.relation }, m.nationalId);
    // A known person is updated once they are a member here (row-level security lets the
    // registering charity change only people of households it may see); a linked one keeps the
    // record as registered, the typed ID included.
    if (prior && !linked.has(i)) await householdsRepository.updatePerson(db, prior.id, m);
    personIds.push(personId);
  }
  await audit(db, actor, { action: 'household.register', subjectType: 'household', subjectId: household.id, householdId: household.id, details: { members: members.length, linked: linked.size } });
  return { household, personIds };
}

/**
 * Refuses when one of these people is an active member of another household. The refusal names
 * the field of the national ID typed (`field(i)` for its index in `ids`); the other household and
 * the national ID only to staff who may see that household.
 */
async function assertNotInOtherHousehold(db: Executor, actor: Actor, personIds: string[], ids: string[], byNationalId: Map<string, { id: string; national_id: string }>, field: (i: number) => string, exceptHousehold?: string) {
  const memberships = (await householdsRepository.activeMemberships(db, personIds)).filter((m) => m.household_id !== exceptHousehold);
  if (memberships.length === 0) return;
  const m = memberships[0]!;
  const nationalId = [...byNationalId.values()].find((p) => p.id === m.person_id)?.national_id;
  const visible = await mayReadHousehold(db, actor, m.household_id);
  const at = { field: field(Math.max(0, ids.indexOf(nationalId ?? ''))) };
  throw new RevealingRefusal(
    'member-of-other-household',
    visible
      ? `The person with national ID ${nationalId} is an active member of household ${m.household_id}.`
      : 'A member is already an active member of another household. Ask the ministry to review the case.',
    visible ? { ...at, householdId: m.household_id, nationalId } : at,
    { personId: m.person_id, householdId: m.household_id },
  );
}

/** The unique index household_members_one_active decides races: map its violation to a 409. */
export async function insertMemberOrConflict(db: Executor, actor: Actor, m: { householdId: string; personId: string; relation: Relation }, nationalId: string) {
  try {
    await householdsRepository.insertMember(db, m);
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code === '23505' && err.constraint === 'household_members_one_active') {
      throw new RevealingRefusal('member-of-other-household', 'A member was registered in another household at the same moment. Reload and check.', {}, { personId: m.personId });
    }
    if (err.code === '23505' && err.constraint === 'household_members_one_head') {
      throw new Problem('validation', 'A household needs exactly one head.', { field: 'relation' });
    }
    throw e;
  }
  void actor;
  void nationalId;
}

/** Adds a member; refused like a registration (and traced the same way) when the person is a member elsewhere or may be someone registered. */
export async function addMemberTraced(db: Executor, actor: Actor, dep: Deployment, householdId: string, input: MemberInput, clock: Clock = systemClock, matching?: PersonMatching): Promise<string | Refused> {
  const now = clock.now();
  const household = await householdsRepository.findHousehold(db, householdId);
  if (!household) throw notFound('The household');
  if (!(await mayReadHousehold(db, actor, householdId))) throw forbidden('You have no claim or grant for this household.');
  const m = normaliseMember(dep, input, 0, isoDate(now));
  await assertLookupQuota(db, actor, now);
  const registered = await householdsRepository.findPersonsByNationalIds(db, dep.idScheme, [m.nationalId]);
  const linked = await likelyOrLinked(db, actor, dep, matching, [input], [m], registered, household.region_code, () => 'nationalId', { at: now });
  if (linked instanceof Refused) return linked;
  return keepingTrace(db, actor, { purpose: 'household-registration', via: 'member', at: now }, async () => {
    const personId = await insertNewMember(db, actor, householdId, m, registered[0] ?? null, linked.get(0) ?? null);
    await matching?.index(db, actor, [personId], now);
    return personId;
  });
}

export async function addMember(db: Executor, actor: Actor, dep: Deployment, householdId: string, input: MemberInput, clock: Clock = systemClock, matching?: PersonMatching): Promise<string> {
  return afterCommit(await addMemberTraced(db, actor, dep, householdId, input, clock, matching));
}

async function insertNewMember(db: Executor, actor: Actor, householdId: string, m: ReturnType<typeof normaliseMember>, registered: RegisteredPerson | null, linked: LikelyPerson | null) {
  const prior = linked ? { id: linked.personId, national_id: m.nationalId } : registered;
  if (prior) await assertNotInOtherHousehold(db, actor, [prior.id], [m.nationalId], new Map([[prior.national_id, prior]]), () => 'nationalId');
  const personId = prior?.id ?? (await householdsRepository.insertPerson(db, m)).id;
  await insertMemberOrConflict(db, actor, { householdId, personId, relation: m.relation }, m.nationalId);
  if (prior && !linked) await householdsRepository.updatePerson(db, prior.id, m);
  await audit(db, actor, { action: 'household.member.add', subjectType: 'household', subjectId: householdId, householdId, ...(linked ? { details: { linked: true } } : {}) });
  return personId;
}

/** The member's active membership ends now; not found when they are not an active member of it. */
export async function endMembership(db: Executor, householdId: string, personId: string, now: Date) {
  const res = await db
    .updateTable('household_members')
    .set({ active: false, left_at: now })
    .where('household_id', '=', householdId)
    .where('person_id', '=', personId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('The member');
}

export async function removeMember(db: Executor, actor: Actor, householdId: string, personId: string, reason: string, now: Date) {
  if (!(await mayReadHousehold(db, actor, householdId))) throw forbidden('You have no claim or grant for this household.');
  await endMembership(db, householdId, personId, now);
  await audit(db, actor, { action: 'household.member.remove', subjectType: 'household', subjectId: householdId, householdId, reason });
}

/**
 * The household with its members. Reading personal data is audited (who, which organisation,
 * which household, when, why).
 */
export async function readHousehold(db: Executor, actor: Actor, householdId: string, purpose: string) {
  if (!(await householdsRepository.householdExists(db, householdId))) throw notFound('The household');
  // Row-level security hides the household from whoever may not read it; say so plainly.
  const household = (await mayReadHousehold(db, actor, householdId)) ? await householdsRepository.findHousehold(db, householdId) : undefined;
  if (!household) throw forbidden('You have no claim or grant for this household.');
  const members = await householdsRepository.members(db, householdId);
  await audit(db, actor, { action: 'personal_data.read', subjectType: 'household', subjectId: householdId, householdId, reason: purpose });
  return { household, members };
}

/**
 * Is a national ID registered? Answered within the actor's lookup quota and traced with its
 * purpose in the same transaction (lookups.ts); the household only to staff who may see it.
 */
export async function findHouseholdByNationalId(db: Executor, actor: Actor, dep: Deployment, nationalIdInput: string, purpose: LookupPurpose, now: Date) {
  const nationalId = requireValidId(dep.idScheme, nationalIdInput, 'nationalId');
  await assertLookupQuota(db, actor, now);
  const hit = await householdsRepository.householdOfNationalId(db, dep.idScheme, nationalId);
  await traceLookup(db, actor, { purpose, via: 'lookup', householdId: hit?.household_id ?? null, personId: hit?.person_id ?? null, at: now });
  if (!hit) return { registered: false as const };
  const visible = await mayReadHousehold(db, actor, hit.household_id);
  return { registered: true as const, householdId: visible ? hit.household_id : null };
}
