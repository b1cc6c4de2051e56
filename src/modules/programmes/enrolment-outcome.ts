/**
 * SERVICES BEYOND CASH. A training, employment or empowerment programme enrols households like any
 * other; its staff record how the enrolment ended — completed the course, employed, dropped out —
 * and the household's service record (the kardex) shows it beside the aid it received.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Executor } from '../../db/database.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { manageableProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function recordOutcome(trx: Tx, actor: Actor, _dep: Deployment, enrolmentId: string, status: 'completed' | 'employed' | 'dropped' | 'ended', now: Date) {
  const e = await programmesRepository.enrolment(trx, enrolmentId);
  if (!e) throw notFound('The enrolment');
  const p = await manageableProgramme(trx, actor, e.programme_id).catch(async (err) => {
    // Charity staff who are not the owner's administrator record outcomes of their own programmes too.
    const row = await programmesRepository.findProgramme(trx, e.programme_id);
    if (row && row.owner_org === actor.orgId) return row;
    throw err;
  });
  if ((status === 'completed' || status === 'employed') && p.kind !== 'service') throw new Problem('validation', 'Only a training, employment or empowerment programme ends in completed or employed.', { field: 'status' });
  const ended = await programmesRepository.endEnrolment(trx, enrolmentId, status, now);
  if (!ended) throw new Problem('invalid-state', 'The enrolment has already ended.');
  await audit(trx, actor, { action: 'programme.enrolment.outcome', subjectType: 'enrolment', subjectId: enrolmentId, householdId: e.household_id, details: { programme: p.code, status }, at: now });
  return { id: ended.id, programmeId: ended.programme_id, status: ended.status, since: iso(ended.since)!, endedAt: iso(ended.ended_at) };
}

/** A household's enrolments, for its service record (published for the kardex). */
export async function enrolmentsOfHousehold(db: Executor, householdId: string) {
  const rows = await programmesRepository.enrolmentsOfHousehold(db, householdId);
  return rows.map((r) => ({
    id: r.id, programmeId: r.programme_id, code: r.code, kind: r.kind, serviceKind: r.service_kind,
    names: { en: r.name_en, ar: r.name_ar, fa: r.name_fa }, status: r.status, since: iso(r.since)!, endedAt: iso(r.ended_at),
  }));
}
