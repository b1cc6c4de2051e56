/**
 * The demo's programmes (issue 15), made through the same use cases as the API: the deployment's
 * phase plan (phase 1 open: Riyadh and Hail in Saudi Arabia, the capital and Hawalli in Kuwait),
 * the zakat categories, and three programmes — the ministry's monthly cash assistance (criteria
 * with an income limit and a benefit formula, open in phase 1), a zakat relief programme, and a
 * charity's tailoring course. Heads of some households sign in, declare their household and apply:
 * most are eligible and enrolled, one refused household has appealed (the ministry's queue), and
 * this month's cycle is computed, waiting for the supervisor's approval (four eyes).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import { SYSTEM_ACTOR, type Actor } from '../kernel/actor.js';
import type { Clock } from '../kernel/clock.js';
import { inTx } from '../kernel/transaction.js';
import type { Rng } from '../shared/random.js';
import { signIn } from '../modules/identity/sign-in.js';
import { saveDraft } from '../modules/declarations/save-draft.js';
import { submitDeclaration } from '../modules/declarations/submit-declaration.js';
import { householdsRepository } from '../modules/registry/registry.repository.js';
import { defineProgramme, openProgrammePhase, planProgrammeRegion, setProgrammeStatus } from '../modules/programmes/define-programme.js';
import { publishCriteria, saveCriteria } from '../modules/programmes/criteria.js';
import { openRolloutPhase, planRolloutRegion } from '../modules/programmes/rollout.js';
import { setZakatCategories } from '../modules/programmes/zakat-categories.js';
import { applyToProgramme } from '../modules/programmes/apply-to-programme.js';
import { lodgeAppeal } from '../modules/programmes/appeals.js';
import { previewCycle } from '../modules/programmes/benefit-cycle.js';
import { recordOutcome } from '../modules/programmes/enrolment-outcome.js';
import { programmesRepository } from '../modules/programmes/programmes.repository.js';
import type { Relation } from '../db/schema.js';

/** A month's cash in whole units of the deployment's currency that the demo's amounts scale by. */
const UNIT: Record<Deployment['country'], number> = { KW: 1, SA: 12, IR: 500_000 };

export interface DemoProgrammes {
  /** Applicants of the demo who applied (their national IDs sign in at the dev provider). */
  applicants: { nationalId: string; programme: string; status: string }[];
  /** The ministry's monthly programme. */
  monthlyId: string;
  /** The head of a household in a region of phase 2, where no programme is open yet. */
  outsidePhase1: string | null;
}

const OIDC = { issuer: 'demo', clientId: 'demo', clientSecret: 'demo', nationalIdClaim: 'national_id', requiredClaim: null, requiredValue: null, builtIn: true };

export async function demoProgrammes(
  db: Kysely<DB>, dep: Deployment, clock: Clock, rng: Rng,
  staff: { minister: Actor; supervisor: Actor; charityAdmin: Actor },
  households: { householdId: string; regionCode: string }[],
): Promise<DemoProgrammes> {
  const now = clock.now();
  const minor = 10 ** dep.currency.minorUnits;
  const money = (units: number) => Math.round(units * UNIT[dep.country] * minor);
  const { minister } = staff;
  const level1 = [...dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
  const phase1 = level1.filter((c) => dep.rolloutPhase1.includes(c));
  const provinceOf = (code: string) => dep.regions.get(code)?.parent ?? code;

  // The deployment's phase plan: phase 1 open, the rest in phase 2.
  for (const code of level1) await inTx(db, minister, (trx) => planRolloutRegion(trx, minister, dep, code, phase1.includes(code) ? 1 : 2, now));
  await inTx(db, minister, (trx) => openRolloutPhase(trx, minister, 1, now));

  // Zakat goes to the poor and the needy: income per member under a line, and little cash aid lately.
  await inTx(db, minister, (trx) => setZakatCategories(trx, minister, {
    rule: { and: [{ '<': [{ var: 'incomePerMemberMinor' }, money(40)] }, { '<=': [{ var: 'cashAid90dMinor' }, money(100)] }] },
    note: 'الفقراء والمساكين',
  }, now));

  const names = (en: string, ar: string, fa: string) => ({ en, ar, fa });
  const monthly = await inTx(db, minister, async (trx) => {
    const p = await defineProgramme(trx, minister, dep, { code: 'monthly-cash', kind: 'cash', aidTypeCode: 'monthly-benefit', funding: 'general', names: names('Monthly cash assistance', 'المساعدة النقدية الشهرية', 'کمک نقدی ماهانه') }, now);
    await saveCriteria(trx, minister, dep, p.id, {
      rule: { and: [{ '<=': [{ var: 'incomePerMemberMinor' }, money(35)] }, { '==': [{ var: 'declared' }, true] }] },
      benefit: { baseMinor: money(50), perMemberMinor: money(15), capMinor: money(150) },
      note: 'حد دخل الفرد 35',
    }, now);
    await publishCriteria(trx, minister, dep, p.id, now);
    for (const code of level1) await planProgrammeRegion(trx, minister, dep, p.id, code, { phase: phase1.includes(code) ? 1 : 2, capacityHouseholds: 500, budget: String(money(20_000) / minor) }, now);
    await openProgrammePhase(trx, minister, dep, p.id, 1, now);
    // A draft the ministry is weighing: the limit raised to 45 (the what-if shows who would gain).
    await saveCriteria(trx, minister, dep, p.id, {
      rule: { and: [{ '<=': [{ var: 'incomePerMemberMinor' }, money(45)] }, { '==': [{ var: 'declared' }, true] }] },
      benefit: { baseMinor: money(50), perMemberMinor: money(15), capMinor: money(150) },
      note: 'اقتراح: رفع حد دخل الفرد إلى 45',
    }, now);
    return setProgrammeStatus(trx, minister, dep, p.id, 'active', now);
  });

  const zakat = await inTx(db, minister, async (trx) => {
    const p = await defineProgramme(trx, minister, dep, { code: 'zakat-relief', kind: 'cash', aidTypeCode: 'living-allowance', funding: 'zakat', names: names('Zakat relief', 'إغاثة من أموال الزكاة', 'کمک از محل زکات') }, now);
    await saveCriteria(trx, minister, dep, p.id, { rule: { '>=': [{ var: 'members' }, 1] }, benefit: { baseMinor: money(60), perMemberMinor: 0 } }, now);
    await publishCriteria(trx, minister, dep, p.id, now);
    for (const code of phase1) await planProgrammeRegion(trx, minister, dep, p.id, code, { phase: 1 }, now);
    await openProgrammePhase(trx, minister, dep, p.id, 1, now);
    return setProgrammeStatus(trx, minister, dep, p.id, 'active', now);
  });

  const charity = staff.charityAdmin;
  const course = await inTx(db, charity, async (trx) => {
    const p = await defineProgramme(trx, charity, dep, { code: 'tailoring-course', kind: 'service', serviceKind: 'training', aidTypeCode: 'vocational-training', funding: 'general', names: names('Tailoring course', 'دورة الخياطة والتفصيل', 'دوره خیاطی') }, now);
    await saveCriteria(trx, charity, dep, p.id, { rule: { and: [{ '>=': [{ var: 'headAge' }, 18] }, { '<=': [{ var: 'headAge' }, 60] }] } }, now);
    await publishCriteria(trx, charity, dep, p.id, now);
    for (const code of level1) await planProgrammeRegion(trx, charity, dep, p.id, code, { phase: 1, capacityHouseholds: 20 }, now);
    await openProgrammePhase(trx, charity, dep, p.id, 1, now);
    return setProgrammeStatus(trx, charity, dep, p.id, 'active', now);
  });

  // Heads of households in phase-1 regions declare their household and apply.
  const applicants: DemoProgrammes['applicants'] = [];
  const inPhase1 = households.filter((h) => phase1.includes(provinceOf(h.regionCode))).slice(0, 24);
  for (const [i, h] of inPhase1.entries()) {
    const members = await inTx(db, minister, (trx) => householdsRepository.members(trx, h.householdId));
    const head = members.find((m) => m.relation === 'head');
    if (!head) continue;
    const { actor } = await inTx(db, SYSTEM_ACTOR, (trx) => signIn(trx, dep, OIDC, { national_id: head.national_id, name: head.full_name }, now));
    // Incomes per member from about 15 to 60 units a month: most under the limit of 35, some between 35 and 45.
    const perMember = 15 + ((i * 7) % 46);
    await inTx(db, actor, (trx) => saveDraft(trx, actor, dep, {
      regionCode: h.regionCode,
      members: members.map((m, j) => ({
        nationalId: m.national_id, fullName: m.full_name, ...(m.birth_date ? { birthDate: String(m.birth_date).slice(0, 10) } : {}),
        relation: m.relation as Relation, disability: j === 2 && i % 5 === 0, chronicIllness: j === 1 && i % 4 === 0,
      })),
      incomes: [{ source: i % 3 === 0 ? 'pension' : 'work', monthlyAmountMinor: money(perMember) * members.length }],
      housing: { tenure: i % 2 === 0 ? 'rented' : 'family', monthlyRentMinor: i % 2 === 0 ? money(rng.int(80, 160)) : 0 },
      debts: [],
      needs: ['food-basket'],
    }, now));
    await inTx(db, actor, (trx) => submitDeclaration(trx, actor, dep, now));
    const a = await inTx(db, actor, (trx) => applyToProgramme(trx, actor, dep, monthly.id, now));
    applicants.push({ nationalId: head.national_id, programme: 'monthly-cash', status: a.status });
    if (a.status === 'refused' && !applicants.some((x) => x.status === 'appealed')) {
      await inTx(db, actor, (trx) => lodgeAppeal(trx, actor, a.id, { reason: 'دخلنا انخفض بعد توقف عمل رب الأسرة الشهر الماضي.', documents: [{ name: 'خطاب إنهاء الخدمة.pdf' }] }, now));
      applicants[applicants.length - 1]!.status = 'appealed';
    }
    if (i < 3) {
      const c = await inTx(db, actor, (trx) => applyToProgramme(trx, actor, dep, course.id, now));
      if (i === 0) {
        const enrolment = (await inTx(db, charity, (trx) => programmesRepository.enrolmentsOfHousehold(trx, h.householdId))).find((e) => e.programme_id === course.id);
        if (enrolment) await inTx(db, charity, (trx) => recordOutcome(trx, charity, dep, enrolment.id, 'completed', now));
      }
      void c;
    }
  }
  void zakat;

  // This month's cycle of the monthly programme: computed by the minister, awaiting the supervisor.
  await inTx(db, minister, (trx) => previewCycle(trx, minister, dep, monthly.id, now.toISOString().slice(0, 7), now));
  // The what-if reads the facts snapshot: brought up to date for the whole registry.
  await inTx(db, minister, (trx) => programmesRepository.refreshFacts(trx, null));
  const outside = households.find((h) => !phase1.includes(provinceOf(h.regionCode)));
  const outsideHead = outside ? (await inTx(db, minister, (trx) => householdsRepository.members(trx, outside.householdId))).find((m) => m.relation === 'head') : undefined;
  return { applicants, monthlyId: monthly.id, outsidePhase1: outsideHead?.national_id ?? null };
}
