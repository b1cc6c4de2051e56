/**
 * Reassignment: after the deadline the ministry gives an escalated request to another suitable
 * charity (one that offers the aid type, serves the region and has the lowest load of overdue
 * work), choosing from ranked suggestions, or the system does it when the deployment says so.
 * The new charity holds it at once with a new deadline. The charity that let it pass its deadline
 * is never offered it again and has lost access to the household (registry `charityMaySee`).
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Acting } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { notifyHouseholdApplicants, notifyOrgs } from '../notifications/notifications.service.js';
import { requestsRepository } from './requests.repository.js';
import { isoDay, recordEvent, requestRef } from './timeline.js';
import { deadlineDays, scheduleDeadlineJobs } from './deadline.js';

export async function reassignmentSuggestions(trx: Tx, id: string, now: Date) {
  const r = await requestsRepository.findById(trx, id);
  if (!r) throw notFound('The request');
  if (r.status !== 'escalated') throw new Problem('invalid-state', `The request is ${r.status}; only escalated requests are reassigned.`, { requestStatus: r.status });
  const rows = await requestsRepository.suggestions(trx, id, now);
  return rows.map((s, i) => ({ rank: i + 1, orgId: s.org_id, name: s.name, overdueLoad: s.overdue_now + s.escalated_recent, overdueNow: s.overdue_now, escalatedLast90Days: s.escalated_recent, claimed: s.claimed }));
}

export async function reassignRequest(trx: Tx, actor: Acting, dep: Deployment, id: string, orgId: string, now: Date, mode: 'manual' | 'automatic' = 'manual') {
  const r = await requestsRepository.findForUpdate(trx, id);
  if (!r) throw notFound('The request');
  if (r.status !== 'escalated') throw new Problem('invalid-state', `The request is ${r.status}; only escalated requests are reassigned.`, { requestStatus: r.status });
  if ((await requestsRepository.lostBy(trx, id)).includes(orgId)) {
    throw new Problem('validation', 'This charity let the request pass its deadline; choose another.', { field: 'orgId' });
  }
  if (!(await requestsRepository.orgSuits(trx, orgId, id))) {
    throw new Problem('validation', 'The charity does not offer this aid type in the household\'s region, or is not approved.', { field: 'orgId' });
  }
  const days = await deadlineDays(trx, dep, r.aid_type_code);
  const updated = await requestsRepository.reassign(trx, id, orgId, now, new Date(now.getTime() + days * 86_400_000));
  if (!updated) throw new Problem('invalid-state', 'The request changed meanwhile; reload it.');
  await recordEvent(trx, actor, id, 'reassigned', { at: now, orgId, details: { mode, from: r.escalated_from_org, round: updated.assignment_round } });
  await audit(trx, actor, { action: 'request.reassign', subjectType: 'request', subjectId: id, householdId: r.household_id, reason: mode, details: { toOrg: orgId, fromOrg: r.escalated_from_org, round: updated.assignment_round }, at: now });
  await notifyOrgs(trx, [orgId], 'request.reassigned.assignee', { ref: requestRef(id), aidType: r.aid_type_code, deadline: isoDay(updated.deadline_at) }, { requestId: id, at: now });
  await notifyHouseholdApplicants(trx, r.household_id, 'request.reassigned.applicant', { aidType: r.aid_type_code }, { requestId: id, at: now });
  await scheduleDeadlineJobs(trx, updated, now, now);
  return updated;
}
