/**
 * WHICH PROGRAMMES MAY I QUALIFY FOR. The applicant's overview: every active programme, whether it
 * is open in their region, what its criteria in force say of their household now (with the reasons,
 * nothing stored: a check, not a decision), and their application with its decision and appeal.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { requireApplicant } from '../declarations/applicant.js';
import { householdOfApplicant } from '../registry/declared-household.js';
import { judge } from './decide-eligibility.js';
import { householdFacts } from './household-facts.js';
import { programmesRepository } from './programmes.repository.js';
import { openness } from './rollout.js';
import { applicationView, reasonView } from './views.js';
import type { Locale } from '../../db/schema.js';

export async function myProgrammes(trx: Tx, actor: Actor, dep: Deployment, now: Date) {
  const householdId = await householdOfApplicant(trx, dep, requireApplicant(actor));
  const facts = householdId ? await householdFacts(trx, actor, householdId) : null;
  const province = facts?.provinceCode ? String(facts.provinceCode) : null;
  const programmes = await programmesRepository.listProgrammes(trx, { status: 'active' });
  const versions = new Map((await programmesRepository.currentVersions(trx, programmes.map((p) => p.id))).map((v) => [v.programme_id, v]));
  const applications = await programmesRepository.applicationsOfApplicant(trx, actor.userId);
  const enrolments = householdId ? await programmesRepository.enrolmentsOfHousehold(trx, householdId) : [];
  let deploymentOpen = true;
  const out = [];
  for (const p of programmes) {
    const o = province ? await openness(trx, p.id, province) : { open: false, deploymentOpen: true };
    deploymentOpen &&= o.deploymentOpen;
    const v = versions.get(p.id);
    const j = o.open && facts && v ? judge(dep, v.rule, facts) : null;
    const a = applications.find((x) => x.programme_id === p.id);
    out.push({
      programme: { id: p.id, code: p.code, kind: p.kind, serviceKind: p.service_kind, names: { en: p.name_en, ar: p.name_ar, fa: p.name_fa }, funding: p.funding },
      open: o.open,
      mayQualify: j ? j.passed : null,
      reasons: j ? j.reasons.map((r) => reasonView(r, actor.locale)) : [],
      application: a
        ? await withAppeal(trx, a, enrolments.some((e) => e.programme_id === p.id && e.status === 'active'), actor.locale, now)
        : null,
    });
  }
  return { regionCode: facts?.regionCode ? String(facts.regionCode) : null, provinceCode: province, deploymentOpen, programmes: out };
}

/** An application with its decision, its appeal and the appeal's files. */
async function withAppeal(trx: Tx, a: Awaited<ReturnType<typeof programmesRepository.applicationsOfApplicant>>[number], enrolled: boolean, locale: Locale, now: Date) {
  const appeal = await programmesRepository.appealOfApplication(trx, a.id);
  const files = appeal ? await programmesRepository.appealDocuments(trx, [appeal.id]) : [];
  return applicationView(a, a.decision_id ? await programmesRepository.decision(trx, a.decision_id) : undefined, appeal, enrolled, locale, now, files);
}
