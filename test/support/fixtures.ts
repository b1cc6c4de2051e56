/**
 * A small world for tests: the ministry with an admin and a supervisor, charities with staff and
 * API tokens, and helpers to register households with valid national IDs.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../../src/db/schema.js';
import type { Deployment } from '../../src/deployments/setup.js';
import { inTx } from '../../src/kernel/transaction.js';
import { type Actor } from '../../src/kernel/actor.js';
import { type Clock } from '../../src/kernel/clock.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { createCharity, registerHousehold, type MemberInput } from '../../src/modules/registry/registry.service.js';
import { createStaff, issueToken } from '../../src/modules/identity/staff.js';
import { organisationsRepository } from '../../src/modules/registry/registry.repository.js';
import { Rng } from '../../src/shared/random.js';
import { syntheticNationalId } from '../../src/demo/people.js';
import { completeNationalId } from '../../src/shared/identity/national-id.js';

export interface Staff {
  actor: Actor;
  token: string;
  nationalId: string;
}

export interface World {
  ministryAdmin: Staff;
  supervisor: Staff;
  charities: { id: string; name: string; admin: Staff; caseworker: Staff; visitor: Staff }[];
  rng: Rng;
  nextId(birthDate?: string): string;
}

const ALL_TYPES = ['living-allowance', 'food-basket', 'rent-assistance', 'refrigerator', 'fridge-freezer', 'washing-machine', 'student-fees', 'medical-aid', 'vocational-training'];

export async function makeWorld(db: Kysely<DB>, dep: Deployment, opts: { charities?: number; seed?: number } = {}): Promise<World> {
  const rng = new Rng(opts.seed ?? 7);
  const used = new Set<string>();
  const nextId = (birthDate = '1985-04-12') => {
    for (;;) {
      const id = syntheticNationalId(rng, dep.idScheme, birthDate);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const ministry = await organisationsRepository.ministry(db);
  const rootRow = await db
    .insertInto('users')
    .values({ org_id: ministry.id, role: 'ministry_admin', national_id: nextId(), display_name: 'Ministry admin', phone: null, locale: 'en' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const root: Actor = { userId: rootRow.id, orgId: ministry.id, orgKind: 'ministry', role: 'ministry_admin', locale: 'en', nationalId: rootRow.national_id };
  const token = async (actor: Actor, key: string) => {
    const t = `mzn_test_${key}_${rng.digits(8)}`;
    await inTx(db, root, (trx) => issueToken(trx, root, actor.userId, 'test', t));
    return t;
  };
  const staff = async (orgId: string, orgKind: 'ministry' | 'charity', role: Role, key: string): Promise<Staff> => {
    const nationalId = nextId('1982-03-03');
    const u = await inTx(db, root, (trx) => createStaff(trx, root, dep, orgId, { role, displayName: key, nationalId, locale: 'en' }));
    const actor: Actor = { userId: u.id, orgId, orgKind, role, locale: 'en', nationalId };
    return { actor, token: await token(actor, key), nationalId };
  };
  const ministryAdmin: Staff = { actor: root, token: await token(root, 'ministry_admin'), nationalId: rootRow.national_id! };
  const supervisor = await staff(ministry.id, 'ministry', 'ministry_supervisor', 'supervisor');
  const regions = [...dep.regions.keys()];
  const charities: World['charities'] = [];
  for (let i = 0; i < (opts.charities ?? 3); i++) {
    const org = await inTx(db, root, (trx) => createCharity(trx, root, dep, { name: `Charity ${String.fromCharCode(65 + i)}`, aidTypes: ALL_TYPES, regions }, 'approved'));
    charities.push({
      id: org.id,
      name: org.name,
      admin: await staff(org.id, 'charity', 'charity_admin', `c${i}_admin`),
      caseworker: await staff(org.id, 'charity', 'caseworker', `c${i}_caseworker`),
      visitor: await staff(org.id, 'charity', 'field_visitor', `c${i}_visitor`),
    });
  }
  return { ministryAdmin, supervisor, charities, rng, nextId };
}

export interface Family {
  householdId: string;
  members: (MemberInput & { nationalId: string })[];
}

/** Registers a family: a father (head), a mother (spouse) and a son, named in Arabic. */
export async function registerFamily(db: Kysely<DB>, dep: Deployment, world: World, by: Actor, regionCode?: string): Promise<Family> {
  const region = regionCode ?? [...dep.regions.values()].find((r) => r.level === 1)!.code;
  const members = [
    { nationalId: world.nextId('1975-01-20'), fullName: 'محمد عبدالله الكندري', birthDate: '1975-01-20', sex: 'M' as const, relation: 'head' as const, phone: '+96550001111' },
    { nationalId: world.nextId('1980-06-02'), fullName: 'فاطمة علي العنزي', birthDate: '1980-06-02', sex: 'F' as const, relation: 'spouse' as const },
    { nationalId: world.nextId('2008-09-15'), fullName: 'أحمد محمد الكندري', birthDate: '2008-09-15', sex: 'M' as const, relation: 'child' as const },
  ];
  const h = await inTx(db, by, (trx) => registerHousehold(trx, by, dep, { regionCode: region, phone: '+96550001111', members }));
  return { householdId: h.id, members };
}

/** An applicant's account for a person (usually a family's head) with an API token, as sign-in would make it. */
export async function applicantAccount(db: Kysely<DB>, world: World, person: { nationalId: string; fullName?: string }, locale: 'ar' | 'fa' | 'en' = 'en'): Promise<{ userId: string; token: string }> {
  const u = await db
    .insertInto('users')
    .values({ org_id: null, role: 'applicant', national_id: person.nationalId, display_name: person.fullName ?? 'applicant', phone: null, locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = `mzn_test_applicant_${world.rng.digits(10)}`;
  const root = world.ministryAdmin.actor;
  await inTx(db, root, (trx) => issueToken(trx, root, u.id, 'test', token));
  return { userId: u.id, token };
}

/** A donor account (role 'donor', 0030) for this national ID, with an API token: what a donor's sign-in gives. */
export async function donorAccount(db: Kysely<DB>, world: World, nationalId: string, displayName = 'donor'): Promise<{ userId: string; token: string }> {
  const u = await db.insertInto('users').values({ org_id: null, role: 'donor', national_id: nationalId, display_name: displayName, phone: null, locale: 'en' }).returning('id').executeTakeFirstOrThrow();
  const token = `mzn_test_donor_${world.rng.digits(10)}`;
  const root = world.ministryAdmin.actor;
  await inTx(db, root, (trx) => issueToken(trx, root, u.id, 'test', token));
  return { userId: u.id, token };
}

/**
 * Charity A's case, for the tests that call every route of the route table: a family registered by
 * the world's first charity, an applicant account for its head, a refrigerator request of the
 * family that A holds, and a food basket A gave it.
 */
export async function caseOfCharityA(db: Kysely<DB>, dep: Deployment, world: World, clock: Clock): Promise<{ family: Family; applicantToken: string; requestId: string; grantId: string }> {
  const A = world.charities[0]!;
  const family = await registerFamily(db, dep, world, A.caseworker.actor);
  const { token: applicantToken } = await applicantAccount(db, world, { nationalId: family.members[0]!.nationalId });
  const cw = A.caseworker.actor;
  const request = await inTx(db, cw, (trx) => submitRequest(trx, cw, dep, clock, { householdId: family.householdId, aidTypeCode: 'refrigerator', justification: 'The old one broke.' }));
  await db.updateTable('aid_requests').set({ status: 'claimed', claimed_by_org: A.id, claimed_at: clock.now() }).where('id', '=', request.id).execute();
  const grant = await inTx(db, cw, (trx) => grantAid(trx, cw, dep, clock, { householdId: family.householdId, aidTypeCode: 'food-basket' }));
  return { family, applicantToken, requestId: request.id, grantId: grant.id };
}

/** The callers of the route-table tests who belong to the ministry or to charity A. */
export type CallerOfA = 'ministry_admin' | 'ministry_supervisor' | 'A:charity_admin' | 'A:caseworker' | 'A:field_visitor' | 'applicant';

/** API tokens of the ministry's staff, charity A's staff and A's applicant. */
export function callersOfA(world: World, applicantToken: string): [CallerOfA, string][] {
  const A = world.charities[0]!;
  return [
    ['ministry_admin', world.ministryAdmin.token],
    ['ministry_supervisor', world.supervisor.token],
    ['A:charity_admin', A.admin.token],
    ['A:caseworker', A.caseworker.token],
    ['A:field_visitor', A.visitor.token],
    ['applicant', applicantToken],
  ];
}

/** Households registered by the first two charities in turn, each given a food basket by the charity that registered it. */
export async function foodBaskets(db: Kysely<DB>, dep: Deployment, world: World, clock: Clock, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const cw = world.charities[i % 2]!.caseworker.actor;
    const fam = await registerFamily(db, dep, world, cw);
    await inTx(db, cw, (trx) => grantAid(trx, cw, dep, clock, { householdId: fam.householdId, aidTypeCode: 'food-basket' }));
  }
}

/**
 * Moves a household's registration (and its members' joining) back to `at`, as the owner: grants
 * may not be dated before the household was registered (0011_grant_dates.sql), and tests date
 * grants on a clock of their own.
 */
export async function registeredSince(db: Kysely<DB>, householdId: string, at: string): Promise<void> {
  await db.updateTable('households').set({ created_at: new Date(at) }).where('id', '=', householdId).execute();
  await db.updateTable('household_members').set({ joined_at: new Date(at) }).where('household_id', '=', householdId).execute();
}

/**
 * A submitted declaration version of a household, written directly (as the database owner), for
 * tests that score and refer a household without going through the declaration's own steps:
 * need_scores.declaration_version_id refers to it (0021). A fresh applicant account declares it.
 */
export async function declarationVersionOf(db: Kysely<DB>, world: World, householdId: string): Promise<string> {
  const nationalId = world.nextId('1977-07-07');
  const { userId } = await applicantAccount(db, world, { nationalId });
  const now = new Date();
  const d = await sql<{ id: string }>`
    insert into declarations (user_id, id_scheme, national_id, household_id, status, last_version, created_at)
    select ${userId}::uuid, id_scheme, ${nationalId}, ${householdId}::uuid, 'submitted', 1, ${now}::timestamptz from deployment
    returning id`.execute(db);
  const v = await sql<{ id: string }>`
    insert into declaration_versions (declaration_id, version, household_id, submitted_at, submitted_by, facts)
    values (${d.rows[0]!.id}::uuid, 1, ${householdId}::uuid, ${now}::timestamptz, ${userId}::uuid, '{}'::jsonb)
    returning id`.execute(db);
  return v.rows[0]!.id;
}

/**
 * Another valid ID two digits away: one digit of the serial mistyped and the check digit that
 * makes it pass (a weighted check digit catches any single wrong digit, so a wrong ID that was
 * accepted somewhere differs in two).
 */
export function mistypedValid(scheme: Parameters<typeof completeNationalId>[0], id: string): string {
  const body = id.slice(0, -1);
  for (let pos = body.length - 1; pos > 0; pos--) {
    for (let d = 0; d <= 9; d++) {
      const typed = completeNationalId(scheme, body.slice(0, pos) + d + body.slice(pos + 1));
      if (typed && typed !== id) return typed;
    }
  }
  throw new Error('no valid variant');
}

/**
 * A submitted declaration of a household with the facts the eligibility rules read (income,
 * housing, debts, disability), written directly as the database owner for tests of programmes.
 */
export async function declaredFacts(db: Kysely<DB>, world: World, householdId: string, f: { monthlyIncomeMinor: number; members: number; disabled?: number; rentMinor?: number; tenure?: string; regionCode?: string }): Promise<void> {
  const v = await declarationVersionOf(db, world, householdId);
  const members = Array.from({ length: f.members }, (_, i) => ({ nationalId: `m${i}`, fullName: `member ${i}`, relation: i === 0 ? 'head' : 'child', disability: i < (f.disabled ?? 0), chronicIllness: false }));
  const facts = {
    ...(f.regionCode ? { regionCode: f.regionCode } : {}),
    members,
    incomes: [{ source: 'work', monthlyAmountMinor: f.monthlyIncomeMinor }],
    housing: { tenure: f.tenure ?? 'rented', monthlyRentMinor: f.rentMinor ?? 0 },
    debts: [],
    needs: [],
  };
  await sql`update declaration_versions set facts = ${JSON.stringify(facts)}::jsonb where id = ${v}::uuid`.execute(db);
}
