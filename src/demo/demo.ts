/**
 * The demo deployment: the ministry and its staff, four charities with staff, 240 households with
 * members, requests and grants, and a charity's bulk upload whose new people are invited by SMS
 * (demo-intake.ts), and one person registered twice by two charities (a spelling variant and a
 * mistyped national ID) whom person matching proposes to the ministry (/api/v1/match/proposals),
 * programmes (demo-programmes.ts) and donations to the first charity (demo-donations.ts) —
 * all created through the same services the API uses, so the demo obeys every rule (one household
 * per person, no duplicate aid).
 * Demo API tokens are deterministic (mzn_demo_…) so the README can name them; never use `mizan demo`
 * on a production database.
 */
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.js';
import type { Actor } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import { ManualClock, type Clock } from '../kernel/clock.js';
import type { Deployment } from '../deployments/setup.js';
import { Rng } from '../shared/random.js';
import { createCharity, findHouseholdByNationalId, registerHousehold, removeMember } from '../modules/registry/registry.service.js';
import { applyAsCharity, createStaff, issueToken } from '../modules/identity/staff.js';
import { householdsRepository, organisationsRepository } from '../modules/registry/registry.repository.js';
import { grantAid } from '../modules/grants/grants.service.js';
import { submitRequest } from '../modules/requests/submit-request.js';
import { claimRequest } from '../modules/requests/claim-request.js';
import { approveRequest, rejectRequest } from '../modules/requests/decide-request.js';
import { requestJobHandlers } from '../modules/requests/deadline.js';
import { JobWorker } from '../modules/jobs/worker.js';
import { matchingJobHandlers, startMatchSweep } from '../modules/matching/match-sweep.js';
import { completeNationalId } from '../shared/identity/national-id.js';
import { Problem } from '../shared/problem.js';
import { identityRepository } from '../modules/identity/identity.repository.js';
import { syntheticFamily, syntheticNationalId, syntheticPhone } from './people.js';
import { demoDeclaration, demoImport } from './demo-intake.js';
import { demoProgrammes, type DemoProgrammes } from './demo-programmes.js';
import { demoDonations, type DemoDonations } from './demo-donations.js';
import { maskPhone } from '../modules/sms/dev-smsc.js';
import type { IntakeSettings } from '../modules/intake/intake-settings.js';

export interface DemoAccount {
  role: Role;
  org: string;
  displayName: string;
  token: string;
  nationalId: string | null;
}

const CHARITIES = [
  { key: 'rahma', name: 'جمعية الرحمة الخيرية', types: ['living-allowance', 'food-basket', 'rent-assistance', 'utility-bills', 'refrigerator', 'fridge-freezer', 'washing-machine'] },
  { key: 'birr', name: 'جمعية البر للتنمية الاجتماعية', types: ['living-allowance', 'student-fees', 'school-supplies', 'university-fees', 'refrigerator', 'air-conditioner'] },
  { key: 'shifa', name: 'جمعية الشفاء للرعاية الصحية', types: ['medical-aid', 'medication', 'wheelchair', 'food-basket'] },
  { key: 'amal', name: 'جمعية الأمل للتمكين', types: ['vocational-training', 'microbusiness-grant', 'rent-assistance', 'refrigerator', 'fridge-freezer'] },
] as const;

const STAFF_NAMES: Record<Role, string> = {
  ministry_admin: 'مدير النظام — الوزارة',
  ministry_supervisor: 'مشرف الوزارة',
  charity_admin: 'مدير الجمعية',
  caseworker: 'باحث اجتماعي',
  field_visitor: 'زائر ميداني',
  applicant: 'مقدم طلب',
  donor: 'متبرع',
};

export interface DemoOptions {
  seed?: number;
  /** Where the demo's bulk upload is kept (the server's MIZAN_IMPORT_DIR); without it, no upload. */
  intake?: IntakeSettings;
}

/** The demo's person who moved out, and the mistyped ID under which registering them again names them. */
export interface DemoKnownPerson {
  fullName: string;
  birthDate: string;
  typedId: string;
}

export async function loadDemo(db: Kysely<DB>, dep: Deployment, clock: Clock, opts: DemoOptions = {}): Promise<{ accounts: DemoAccount[]; households: number; invited: { nationalId: string; phone: string }[]; known: DemoKnownPerson | null; programmes: DemoProgrammes; donations: DemoDonations }> {
  const seed = opts.seed ?? 20261122;
  const rng = new Rng(seed);
  const accounts: DemoAccount[] = [];
  const lang = dep.defaultLocale === 'fa' ? 'fa' : 'ar';
  const staffId = (birth: string) => syntheticNationalId(rng, dep.idScheme, birth);

  const ministry = await organisationsRepository.ministry(db);
  // The bootstrap actor: a ministry admin created directly (nobody exists yet to create them).
  const root = await db
    .insertInto('users')
    .values({ org_id: ministry.id, role: 'ministry_admin', national_id: staffId('1980-05-10'), display_name: STAFF_NAMES.ministry_admin, phone: null, locale: dep.defaultLocale })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rootActor: Actor = { userId: root.id, orgId: ministry.id, orgKind: 'ministry', role: 'ministry_admin', locale: root.locale, nationalId: root.national_id };

  const addAccount = async (actor: Actor, userId: string, role: Role, org: string, nationalId: string | null, key: string) => {
    const token = `mzn_demo_${key}`;
    await inTx(db, actor, (trx) => issueToken(trx, actor, userId, 'demo', token));
    accounts.push({ role, org, displayName: STAFF_NAMES[role], token, nationalId });
  };
  await addAccount(rootActor, root.id, 'ministry_admin', 'ministry', root.national_id, 'ministry_admin');

  const supervisor = await inTx(db, rootActor, (trx) => createStaff(trx, rootActor, dep, ministry.id, { role: 'ministry_supervisor', displayName: STAFF_NAMES.ministry_supervisor, nationalId: staffId('1978-02-14') }));
  await addAccount(rootActor, supervisor.id, 'ministry_supervisor', 'ministry', supervisor.national_id, 'ministry_supervisor');

  const level1 = [...dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
  const level2 = [...dep.regions.values()].filter((r) => r.level === 2).map((r) => r.code);
  const charities: { key: string; actor: Actor; admin: Actor; types: readonly string[] }[] = [];
  let courseOwner: Actor | null = null;
  for (const [i, c] of CHARITIES.entries()) {
    const regions = i === 0 ? [...level1, ...level2] : level1.filter((_, j) => (j + i) % 2 === 0 || j === i);
    const org = await inTx(db, rootActor, (trx) => createCharity(trx, rootActor, dep, { name: c.name, registrationNumber: `CH-${1001 + i}`, contactPhone: null, aidTypes: [...c.types], regions }, 'approved'));
    let caseworkerActor: Actor | null = null;
    let adminActor: Actor | null = null;
    for (const role of ['charity_admin', 'caseworker', 'field_visitor'] as const) {
      const u = await inTx(db, rootActor, (trx) => createStaff(trx, rootActor, dep, org.id, { role, displayName: `${STAFF_NAMES[role]} — ${c.name}`, nationalId: staffId(`19${rng.int(70, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`) }));
      await addAccount(rootActor, u.id, role, c.key, u.national_id, `${c.key}_${role}`);
      if (role === 'caseworker') caseworkerActor = { userId: u.id, orgId: org.id, orgKind: 'charity', role, locale: u.locale, nationalId: u.national_id };
      if (role === 'charity_admin') adminActor = { userId: u.id, orgId: org.id, orgKind: 'charity', role, locale: u.locale, nationalId: u.national_id };
      // جمعية الأمل للتمكين runs the demo's tailoring course (demo-programmes.ts).
      if (role === 'charity_admin' && c.key === 'amal') courseOwner = { userId: u.id, orgId: org.id, orgKind: 'charity', role, locale: u.locale, nationalId: u.national_id };
    }
    charities.push({ key: c.key, actor: caseworkerActor!, admin: adminActor!, types: c.types });
  }

  // A charity that applied through the public form and waits for the ministry's review (/ministry/charities).
  await inTx(db, rootActor, (trx) =>
    applyAsCharity(trx, dep, { name: 'جمعية السنابل الخيرية', registrationNumber: 'CH-2001', contactPhone: null, aidTypes: ['food-basket', 'school-supplies'], regions: level1.slice(0, 2) }, { displayName: 'مدير جمعية السنابل', nationalId: staffId('1983-07-21') }),
  );

  // Households, registered by the charities in turn, with requests and some grants.
  const HOUSEHOLDS = 240;
  const today = clock.now();
  let made = 0;
  // Requests are spread over the last 16 days (some near or past their 14-day deadline); their
  // randomness has its own generator so the households stay the same.
  const rrng = new Rng(seed ^ 0x5eed);
  const pending: { id: string; aidType: string; submittedAt: Date }[] = [];
  const registeredIds: string[] = [];
  const registered: { householdId: string; regionCode: string; charity: number }[] = [];
  let firstHead: { nationalId: string; fullName: string; birthDate: string; sex: 'F' | 'M'; regionCode: string } | null = null;
  // A member of one of the first charity's households who has since moved out (demoMovedOut).
  let movingOut: { by: Actor; householdId: string; nationalId: string; fullName: string; birthDate: string } | null = null;
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const charity = charities[h % charities.length]!;
    const family = syntheticFamily(rng, lang);
    const regionCode = level2.length && rng.chance(0.7) ? rng.pick(level2) : rng.pick(level1);
    const phone = syntheticPhone(rng, dep.country);
    await inTx(db, charity.actor, async (trx) => {
      const members = family.map((m) => ({ nationalId: syntheticNationalId(rng, dep.idScheme, m.birthDate), fullName: m.fullName, birthDate: m.birthDate, sex: m.sex, relation: m.relation, phone: m.relation === 'head' ? phone : null }));
      registeredIds.push(...members.map((m) => m.nationalId));
      const head = members.find((m) => m.relation === 'head');
      if (h === 0 && head) firstHead = { nationalId: head.nationalId, fullName: head.fullName, birthDate: head.birthDate, sex: head.sex, regionCode };
      const household = await registerHousehold(trx, charity.actor, dep, { regionCode, phone, members });
      registered.push({ householdId: household.id, regionCode, charity: h % charities.length });
      made++;
      const other = members.find((m) => m.relation !== 'head');
      if (!movingOut && h > 0 && charity === charities[0] && other) movingOut = { by: charity.actor, householdId: household.id, nationalId: other.nationalId, fullName: other.fullName, birthDate: other.birthDate };
      // The demo's households have two years of history: registered then, so that past aid may be dated after it.
      const registeredAt = new Date(today.getTime() - 730 * 86_400_000);
      await trx.updateTable('households').set({ created_at: registeredAt }).where('id', '=', household.id).execute();
      await trx.updateTable('household_members').set({ joined_at: registeredAt }).where('household_id', '=', household.id).execute();
      // Past aid: up to two grants spread over the last two years, each recorded on the day it was given.
      for (let g = rng.int(0, 2); g > 0; g--) {
        const type = rng.pick(charity.types);
        const daysAgo = rng.int(1, 700);
        const givenAt = new Date(today.getTime() - daysAgo * 86_400_000);
        try {
          await grantAid(trx, charity.actor, dep, new ManualClock(givenAt), { householdId: household.id, aidTypeCode: type, amount: amountFor(rng, dep.currency.minorUnits) });
        } catch (e) {
          if (!(e instanceof Problem && e.slug === 'duplicate-aid')) throw e;
        }
      }
      // Open needs: one request in two households.
      if (rng.chance(0.5)) {
        const other = charities[(h + 1) % charities.length]!;
        const aidType = rng.pick(other.types);
        const submittedAt = new Date(today.getTime() - rrng.int(0, 16 * 24 - 1) * 3_600_000);
        const r = await submitRequest(trx, charity.actor, dep, new ManualClock(submittedAt), { householdId: household.id, aidTypeCode: aidType, justification: 'طلب مساعدة بعد دراسة الحالة', priority: rrng.pick([0, 0, 0, 1, 1, 2, 3]) });
        pending.push({ id: r.id, aidType, submittedAt });
      }
    });
  }
  await demoRequestFlow(db, dep, clock, rrng, charities, pending);
  await demoLookups(db, dep, today, rrng, charities, registeredIds);
  const taken = new Set(registeredIds);
  const known = movingOut ? await demoMovedOut(db, dep, clock, movingOut, taken) : null;
  if (firstHead) await demoDuplicate(db, dep, clock, charities[1]!.actor, firstHead, taken);
  // A charity's bulk upload: its new people are invited by SMS (sent by the server's worker).
  const invited = opts.intake ? await demoImport(db, dep, clock, opts.intake, charities[0]!.actor, registeredIds, new Rng(seed ^ 0x1a7a), firstHead ?? undefined) : [];
  // one of them has already declared: scored, referred, offered first to the inviting charity
  if (invited[3]) await demoDeclaration(db, dep, clock, invited[3], new Rng(seed ^ 0xdec1));
  // Programmes: the phase plan, zakat categories, three programmes, applications, an appeal and this month's cycle.
  const supervisorActor: Actor = { userId: supervisor.id, orgId: ministry.id, orgKind: 'ministry', role: 'ministry_supervisor', locale: supervisor.locale, nationalId: supervisor.national_id };
  const programmes = await demoProgrammes(db, dep, clock, new Rng(seed ^ 0x9a09), { minister: rootActor, supervisor: supervisorActor, charityAdmin: courseOwner! }, registered);
  // Donations, last: from here on every grant with an amount or an item that جمعية الرحمة records is
  // funded by its donors' gifts (or refused), so no demo grant of it comes after this step.
  const donations = await demoDonations(db, dep, clock, new Rng(seed ^ 0xd0a7), { admin: charities[0]!.admin, caseworker: charities[0]!.actor, receiver: charities[1]!.admin }, registered.filter((h) => h.charity === 0));
  const donorActor: Actor = { userId: donations.donor.userId, orgId: null, orgKind: null, role: 'donor', locale: dep.defaultLocale, nationalId: donations.donor.nationalId };
  await addAccount(donorActor, donations.donor.userId, 'donor', 'donor', donations.donor.nationalId, 'donor');
  await listDevIdentities(db, dep, accounts, seed, invited, programmes);
  return { accounts, households: made, invited, known, programmes, donations };
}

/** Another valid national ID that a mistyped digit of the serial and a fitting check digit make, not registered. */
function mistypedId(dep: Deployment, nationalId: string, taken: Set<string>): string | null {
  const body = nationalId.slice(0, -1);
  for (let i = body.length - 2; i >= 1; i--) {
    for (let d = 0; d <= 9; d++) {
      const id = completeNationalId(dep.idScheme, body.slice(0, i) + String(d) + body.slice(i + 1));
      if (id && id !== nationalId && !taken.has(id)) return id;
    }
  }
  return null;
}

/**
 * A member who moved out of their household (in no household now, their record kept): a
 * caseworker who registers them again under a mistyped ID is told who they may be and links the
 * record (registry/likely-persons.ts). What to type is printed when the demo is loaded.
 */
async function demoMovedOut(db: Kysely<DB>, dep: Deployment, clock: Clock, m: { by: Actor; householdId: string; nationalId: string; fullName: string; birthDate: string }, taken: Set<string>): Promise<DemoKnownPerson | null> {
  const typedId = mistypedId(dep, m.nationalId, taken);
  if (!typedId) return null;
  taken.add(typedId);
  await inTx(db, m.by, async (trx) => {
    const [person] = await householdsRepository.findPersonsByNationalIds(trx, dep.idScheme, [m.nationalId]);
    await removeMember(trx, m.by, m.householdId, person!.id, 'انتقل للسكن مع أقاربه', clock.now());
  });
  return { fullName: m.fullName, birthDate: m.birthDate, typedId };
}

/**
 * One person registered twice: the first household's head typed again by another charity, with a
 * spelling variant (ي as the Persian ی, or the family name without ال) and a national ID mistyped in
 * one digit of its serial (and a check digit that fits), in the same region. Then the day's match
 * sweep runs, so the ministry finds the pair among its match proposals.
 */
async function demoDuplicate(db: Kysely<DB>, dep: Deployment, clock: Clock, by: Actor, head: { nationalId: string; fullName: string; birthDate: string; sex: 'F' | 'M'; regionCode: string }, taken: Set<string>) {
  const variant = head.fullName.includes('ي') ? head.fullName.replace('ي', 'ی') : head.fullName.replace(/ ال(?=\S+$)/u, ' ');
  const nationalId = mistypedId(dep, head.nationalId, taken);
  if (!nationalId) return;
  await inTx(db, by, (trx) => registerHousehold(trx, by, dep, { regionCode: head.regionCode, members: [{ nationalId, fullName: variant, birthDate: head.birthDate, sex: head.sex, relation: 'head' }] }));
  await startMatchSweep(db, clock.now());
  await new JobWorker(db, { clock, handlers: matchingJobHandlers(), name: 'demo' }).runDue();
}

/**
 * Charities take up about half of the open requests (each one that offers the aid type and serves
 * the region may), and decide some of those a few days later; the rest wait in the pool. Then the
 * job queue runs once, as of now: requests past day 10 get their reminder, requests past their
 * deadline are escalated to the ministry (their claimant loses them).
 */
/**
 * Two weeks of national-ID lookups by the charities' caseworkers, each traced with its purpose
 * (registry/lookups.ts): a few a day each, some finding nobody; today one charity looks up far more
 * than the others, so the ministry's lookup page (/ministry/lookups) shows a flagged day.
 */
async function demoLookups(db: Kysely<DB>, dep: Deployment, today: Date, rrng: Rng, charities: { key: string; actor: Actor }[], registeredIds: string[]) {
  for (let daysAgo = 13; daysAgo >= 0; daysAgo--) {
    for (const c of charities) {
      const count = daysAgo === 0 && c.key === 'amal' ? 30 : rrng.int(1, 4);
      for (let i = 0; i < count; i++) {
        const at = new Date(today.getTime() - daysAgo * 86_400_000 - (count - i) * 60_000);
        const nationalId = rrng.chance(0.8) ? rrng.pick(registeredIds) : syntheticNationalId(rrng, dep.idScheme, '1990-01-01');
        const purpose = rrng.pick(['aid-check', 'household-registration', 'aid-delivery'] as const);
        await inTx(db, c.actor, (trx) => findHouseholdByNationalId(trx, c.actor, dep, nationalId, purpose, at));
      }
    }
  }
}

async function demoRequestFlow(db: Kysely<DB>, dep: Deployment, clock: Clock, rrng: Rng, charities: { key: string; actor: Actor; types: readonly string[] }[], pending: { id: string; aidType: string; submittedAt: Date }[]) {
  const now = clock.now().getTime();
  const forms = new Map((await db.selectFrom('aid_types').select(['code', 'form']).execute()).map((t) => [t.code, t.form]));
  for (const p of pending) {
    if (!rrng.chance(0.5)) continue;
    const claimAt = new Date(p.submittedAt.getTime() + Math.floor((now - p.submittedAt.getTime()) * rrng.int(5, 60) / 100));
    const start = rrng.int(0, charities.length - 1);
    let holder: Actor | null = null;
    for (let k = 0; k < charities.length && !holder; k++) {
      const c = charities[(start + k) % charities.length]!;
      if (!c.types.includes(p.aidType)) continue;
      try {
        await inTx(db, c.actor, (trx) => claimRequest(trx, c.actor, p.id, claimAt));
        holder = c.actor;
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
      }
    }
    const ageDays = (now - p.submittedAt.getTime()) / 86_400_000;
    if (!holder || ageDays < 3 || !rrng.chance(0.45)) continue;
    const decideAt = new ManualClock(new Date(Math.min(claimAt.getTime() + rrng.int(6, 72) * 3_600_000, now - 3_600_000)));
    const actor = holder;
    if (rrng.chance(0.7)) {
      const amount = forms.get(p.aidType) === 'cash' ? amountFor(rrng, dep.currency.minorUnits) : undefined;
      await inTx(db, actor, (trx) => approveRequest(trx, actor, dep, decideAt, p.id, { amount }));
    } else {
      await inTx(db, actor, (trx) => rejectRequest(trx, actor, p.id, 'لا تستوفي الأسرة شروط هذه المساعدة في الوقت الحالي.', decideAt.now()));
    }
  }
  await new JobWorker(db, { clock, handlers: requestJobHandlers(dep), name: 'demo' }).runDue();
}

/**
 * Who the built-in development identity provider lists on its sign-in page: the staff, a few
 * applicants (heads of demo households, present in the country), a registered citizen living
 * abroad (refused: the residency claim fails), a valid national ID nobody registered (refused) and
 * the donor of demo-donations.ts.
 */
async function listDevIdentities(db: Kysely<DB>, dep: Deployment, accounts: DemoAccount[], seed: number, invited: { nationalId: string; phone: string }[], programmes: DemoProgrammes) {
  const roleLabel: Record<Role, string> = {
    ministry_admin: 'Ministry administrator', ministry_supervisor: 'Ministry supervisor', charity_admin: 'Charity administrator',
    caseworker: 'Caseworker', field_visitor: 'Field visitor', applicant: 'Applicant', donor: 'Donor',
  };
  // the demo donor signs in with "I want to donate" (/auth/login?as=donor) and lands on /donor
  const rows: { nationalId: string; label: string; residency: string | null }[] = accounts
    .filter((a): a is DemoAccount & { nationalId: string } => !!a.nationalId)
    .map((a) => ({ nationalId: a.nationalId, label: a.role === 'donor' ? 'Donor — gives to جمعية الرحمة, named publicly (choose "I want to donate", then this ID)' : `${roleLabel[a.role]} — ${a.org}`, residency: dep.country }));
  const heads = await db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['p.national_id', 'h.region_code'])
    .where('m.relation', '=', 'head')
    .where('m.active', '=', true)
    .orderBy('h.created_at')
    .orderBy('h.id')
    .limit(7)
    .execute();
  for (const h of heads.slice(0, 6)) rows.push({ nationalId: h.national_id, label: `Applicant — head of a registered household (${h.region_code})`, residency: dep.country });
  const abroad = heads[6];
  if (abroad) rows.push({ nationalId: abroad.national_id, label: 'Registered citizen living abroad — refused (not present in the country)', residency: null });
  // invited by a charity's upload: they sign in first through the link in their SMS (printed by the local SMSC)
  // (the label names the phone as the local SMSC prints it, so the link and the person match)
  // applicants of the programmes (/me/programmes): enrolled, appealing a refusal, and in a region not open yet
  const enrolled = programmes.applicants.find((a) => a.status === 'eligible');
  const appealing = programmes.applicants.find((a) => a.status === 'appealed');
  if (enrolled) rows.push({ nationalId: enrolled.nationalId, label: 'Applicant — eligible for the monthly cash assistance, enrolled', residency: dep.country });
  if (appealing) rows.push({ nationalId: appealing.nationalId, label: 'Applicant — refused the monthly cash assistance, appealing', residency: dep.country });
  if (programmes.outsidePhase1) rows.push({ nationalId: programmes.outsidePhase1, label: 'Applicant — in a region of phase 2, where programmes are not open yet', residency: dep.country });
  for (const p of invited.slice(0, 3)) rows.push({ nationalId: p.nationalId, label: `Invited by a charity — first open the link of the SMS to ${maskPhone(p.phone)}, then declare the household`, residency: dep.country });
  const rng = new Rng(seed ^ 0x1d9);
  for (;;) {
    const id = syntheticNationalId(rng, dep.idScheme, '1990-07-07');
    const known = await db.selectFrom('persons').select('id').where('national_id', '=', id).executeTakeFirst();
    if (known) continue;
    rows.push({ nationalId: id, label: 'Not registered in Mizan — refused (unknown national ID)', residency: dep.country });
    break;
  }
  // A person listed twice (a head who also applied for a programme) is listed once, in the first
  // place, with the last (the more telling) label.
  const last = new Map(rows.map((r) => [r.nationalId, r]));
  const unique = rows.filter((r, i) => rows.findIndex((x) => x.nationalId === r.nationalId) === i).map((r) => last.get(r.nationalId)!);
  await identityRepository.replaceDevAccounts(db, unique);
}

function amountFor(rng: Rng, minorUnits: number): string {
  const whole = rng.int(20, 400);
  return minorUnits === 0 ? String(whole * 100_000) : `${whole}.${'0'.repeat(minorUnits)}`;
}
