/**
 * REVIEWS AND APPEALS. Staff may decide an application by hand (a documented decision, recorded
 * with who made it). An applicant appeals a refusal once, with a reason and documents, within the
 * appeal's own deadline (APPEAL_DAYS to decide it). The appeal is decided — upheld or overturned —
 * by someone who did not decide the case: the database refuses anything else (the trigger
 * programme_appeals_other_reviewer), and this use case explains it first (same-reviewer). An
 * overturned refusal enrols the household like an eligible application.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { judge, versionInForce, type StoredReason } from './decide-eligibility.js';
import { householdFacts } from './household-facts.js';
import { programmesRepository } from './programmes.repository.js';
import { openness } from './rollout.js';
import { enrolIfRoom } from './apply-to-programme.js';
import { appealView, applicationView } from './views.js';

/** Days within which an appeal is to be decided. */
export const APPEAL_DAYS = 30;

const sameReviewer = () =>
  new Problem('same-reviewer', 'You decided this case, so another reviewer must decide the appeal.', { field: 'outcome' });

/** A reviewer's note as a reason of the decision (the same words in each language: what the person wrote). */
const noteReason = (note: string, held: boolean): StoredReason => ({ fact: null, op: 'note', value: null, limit: null, held, texts: { ar: note, fa: note, en: note } });

/** Stores a person's decision on an application, with the rule's reasons now and their note, and enrols when positive. */
async function decideByPerson(trx: Tx, actor: Actor, dep: Deployment, applicationId: string, eligible: boolean, note: string, now: Date) {
  const a = await programmesRepository.application(trx, applicationId);
  if (!a) throw notFound('The application');
  const version = await versionInForce(trx, a.programme_id);
  const facts = await householdFacts(trx, actor, a.household_id);
  if (!facts) throw notFound('The household');
  const j = judge(dep, version.rule, facts);
  const decision = await programmesRepository.insertDecision(trx, {
    programmeId: a.programme_id, version: version.version, householdId: a.household_id, applicationId, passed: eligible, reasons: [...j.reasons, noteReason(note, eligible)], facts, at: now, by: actor.userId,
  });
  let enrolled = false;
  if (eligible) {
    const o = await openness(trx, a.programme_id, String(facts.provinceCode));
    enrolled = await enrolIfRoom(trx, actor, a.programme_id, a.household_id, String(facts.provinceCode), o.capacityHouseholds, applicationId, now);
  }
  return { a, decision, enrolled };
}

/** Staff decide an application by hand (before any appeal). */
export async function reviewApplication(trx: Tx, actor: Actor, dep: Deployment, applicationId: string, input: { eligible: boolean; note: string }, now: Date) {
  const d = await decideByPerson(trx, actor, dep, applicationId, input.eligible, input.note, now);
  const updated = await programmesRepository.setApplication(trx, applicationId, { status: input.eligible ? 'eligible' : 'refused', decisionId: d.decision.id, decidedBy: actor.userId }, ['eligible', 'refused']);
  if (!updated) throw new Problem('invalid-state', 'The application is under appeal or was decided on appeal; it is not reviewed again.');
  await audit(trx, actor, { action: 'programme.application.review', subjectType: 'programme_application', subjectId: applicationId, householdId: d.a.household_id, details: { eligible: input.eligible }, at: now });
  return applicationView(updated, d.decision, undefined, d.enrolled, actor.locale, now);
}

export async function lodgeAppeal(trx: Tx, actor: Actor, applicationId: string, input: { reason: string; documents?: { name: string; note?: string | undefined }[] | undefined }, now: Date) {
  const a = await programmesRepository.application(trx, applicationId);
  if (!a || a.applicant_user !== actor.userId) throw notFound('The application');
  if (a.status !== 'refused') throw new Problem('invalid-state', 'Only a refused application can be appealed.');
  const appeal = await programmesRepository.insertAppeal(trx, { applicationId, reason: input.reason, documents: input.documents ?? [], at: now, dueAt: new Date(now.getTime() + APPEAL_DAYS * 86_400_000) });
  if (!appeal) throw new Problem('conflict', 'This application has already been appealed.');
  const updated = (await programmesRepository.setApplication(trx, applicationId, { status: 'appealed' }, ['refused']))!;
  await audit(trx, actor, { action: 'programme.appeal.lodge', subjectType: 'programme_appeal', subjectId: appeal.id, householdId: a.household_id, details: { applicationId, documents: appeal.documents.length }, at: now });
  const decision = a.decision_id ? await programmesRepository.decision(trx, a.decision_id) : undefined;
  return applicationView(updated, decision, appeal, false, actor.locale, now);
}

export async function decideAppeal(trx: Tx, actor: Actor, dep: Deployment, appealId: string, input: { outcome: 'upheld' | 'overturned'; note: string }, now: Date) {
  const appeal = await programmesRepository.appeal(trx, appealId);
  if (!appeal) throw notFound('The appeal');
  const a = await programmesRepository.application(trx, appeal.application_id);
  if (!a) throw notFound('The appeal');
  if (a.decided_by === actor.userId) throw sameReviewer();
  if (appeal.status !== 'open') throw new Problem('invalid-state', `The appeal was already decided (${appeal.status}).`);
  let decided;
  try {
    decided = await programmesRepository.decideAppeal(trx, appealId, { status: input.outcome, by: actor.userId, at: now, note: input.note });
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code === '23514' && err.constraint === 'programme_appeals_other_reviewer') throw sameReviewer();
    throw e;
  }
  if (!decided) throw new Problem('invalid-state', 'The appeal was decided by someone else a moment ago.');
  let decision = a.decision_id ? await programmesRepository.decision(trx, a.decision_id) : undefined;
  let enrolled = false;
  if (input.outcome === 'overturned') {
    const d = await decideByPerson(trx, actor, dep, a.id, true, input.note, now);
    decision = d.decision;
    enrolled = d.enrolled;
  }
  const updated = (await programmesRepository.setApplication(trx, a.id, { status: input.outcome, ...(decision ? { decisionId: decision.id } : {}) }, ['appealed']))!;
  const files = await programmesRepository.appealDocuments(trx, [appealId]);
  await audit(trx, actor, { action: `programme.appeal.${input.outcome === 'upheld' ? 'uphold' : 'overturn'}`, subjectType: 'programme_appeal', subjectId: appealId, householdId: a.household_id, details: { applicationId: a.id }, at: now });
  return applicationView(updated, decision, decided, enrolled, actor.locale, now, files);
}

export async function listAppeals(trx: Tx, actor: Actor, status: 'open' | 'upheld' | 'overturned' | undefined, now: Date) {
  if (actor.role === 'applicant') throw forbidden();
  const rows = await programmesRepository.listAppeals(trx, { ...(status ? { status } : {}), limit: 200 });
  const files = await programmesRepository.appealDocuments(trx, rows.map((r) => r.id));
  return rows.map((r) => ({
    appeal: appealView({ id: r.id, application_id: r.application_id, reason: r.reason, documents: r.documents, lodged_at: r.lodged_at, due_at: r.due_at, status: r.status, decided_by: r.decided_by, decided_at: r.decided_at, decision_note: r.decision_note }, now, files.filter((f) => f.appeal_id === r.id)),
    programmeId: r.programme_id, householdId: r.household_id, caseDecidedBy: r.case_decided_by,
  }));
}
