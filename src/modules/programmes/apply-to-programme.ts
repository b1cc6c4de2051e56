/**
 * APPLYING. An applicant, signed in with the national identity, applies for a programme for their
 * household. The programme must be active and open in the household's region (rollout.ts); the
 * rule in force decides at once (decide-eligibility.ts), and the decision with its reasons is the
 * answer. A household has one open application per programme (the unique index
 * programme_applications_one_open); after a refusal it may appeal (appeals.ts) or, once its
 * situation changed, apply again. An eligible household is enrolled while the region has room
 * (capacity_households, counted under a lock of the region's row); otherwise it waits, eligible.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { withSystemReads, type Tx } from '../../kernel/transaction.js';
import type { Acting } from '../../kernel/actor.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { requireApplicant } from '../declarations/applicant.js';
import { householdOfApplicant } from '../registry/declared-household.js';
import { judge, versionInForce } from './decide-eligibility.js';
import { householdFacts } from './household-facts.js';
import { programmesRepository } from './programmes.repository.js';
import { assertOpen } from './rollout.js';
import { applicationView } from './views.js';

/** The applicant's household, or 409 household-not-registered (declare it first). */
export async function applicantHousehold(trx: Tx, dep: Deployment, actor: Actor): Promise<string> {
  const householdId = await householdOfApplicant(trx, dep, requireApplicant(actor));
  if (!householdId) throw new Problem('household-not-registered', 'Your household is not registered yet: declare it first (My declaration), then apply.');
  return householdId;
}

/**
 * Enrols an eligible household while its region has room; true when enrolled. The region's row is
 * locked first, so that two enrolments at once are counted one after the other; the count is of
 * every household's enrolment (the system's reads: an applicant sees only their own).
 */
export async function enrolIfRoom(trx: Tx, actor: Acting, programmeId: string, householdId: string, provinceCode: string, capacity: number | null, applicationId: string | null, now: Date): Promise<boolean> {
  const full = await withSystemReads(trx, actor, async () => {
    await programmesRepository.lockRegion(trx, programmeId, provinceCode);
    return capacity !== null && (await programmesRepository.activeEnrolments(trx, programmeId, provinceCode)) >= capacity;
  });
  if (full) return false;
  return (await programmesRepository.enrol(trx, { programmeId, householdId, provinceCode, applicationId, at: now })) !== undefined;
}

export async function applyToProgramme(trx: Tx, actor: Actor, dep: Deployment, programmeId: string, now: Date) {
  const householdId = await applicantHousehold(trx, dep, actor);
  const programme = await programmesRepository.findProgramme(trx, programmeId);
  if (!programme) throw notFound('The programme');
  if (programme.status !== 'active') throw new Problem('invalid-state', 'This programme is not taking applications.');
  const facts = await householdFacts(trx, actor, householdId);
  if (!facts) throw notFound('Your household');
  const open = await assertOpen(trx, dep, programmeId, String(facts.provinceCode));
  const version = await versionInForce(trx, programmeId);
  const j = judge(dep, version.rule, facts);
  const application = await programmesRepository.insertApplication(trx, { programmeId, householdId, applicantUser: actor.userId, status: j.passed ? 'eligible' : 'refused', at: now });
  if (!application) throw new Problem('conflict', 'Your household already has an application for this programme that is eligible or under appeal.');
  const decision = await programmesRepository.insertDecision(trx, {
    programmeId, version: version.version, householdId, applicationId: application.id, passed: j.passed, reasons: j.reasons, facts, at: now, by: null,
  });
  const updated = (await programmesRepository.setApplication(trx, application.id, { status: application.status, decisionId: decision.id }))!;
  const enrolled = j.passed ? await enrolIfRoom(trx, actor, programmeId, householdId, String(facts.provinceCode), open.capacityHouseholds, application.id, now) : false;
  await audit(trx, actor, {
    action: 'programme.apply', subjectType: 'programme_application', subjectId: application.id, householdId,
    details: { programme: programme.code, version: version.version, passed: j.passed, enrolled }, at: now,
  });
  return applicationView(updated, decision, undefined, enrolled, actor.locale, now);
}
