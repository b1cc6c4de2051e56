/**
 * Ministry oversight: per charity, what waits (pending in its pool), what it holds (claimed), what
 * is late (overdue; escalated), the median time from taking up a request to deciding it, and the
 * share of its requests completed within the deadline (decided in time / (decided + lost at a
 * deadline)). And the list of escalated requests waiting for reassignment.
 */
import type { Tx } from '../../kernel/transaction.js';
import { requestsRepository } from '../requests/requests.repository.js';
import { oversightRepository } from './oversight.repository.js';
import { iso } from '../requests/timeline.js';

export async function charityOversight(trx: Tx, now: Date) {
  const rows = await oversightRepository.charities(trx, now);
  return rows.map((r) => {
    const judged = r.decided + r.escalated;
    return {
      orgId: r.org_id,
      name: r.name,
      pending: r.pending,
      claimed: r.claimed,
      overdue: r.overdue,
      escalated: r.escalated,
      decided: r.decided,
      medianHoursToAct: r.median_hours_to_act === null ? null : Math.round(r.median_hours_to_act * 10) / 10,
      shareWithinDeadline: judged === 0 ? null : Math.round((r.decided_in_time / judged) * 1000) / 1000,
    };
  });
}

export async function escalatedRequests(trx: Tx) {
  const rows = await requestsRepository.escalated(trx);
  return rows.map((r) => ({
    id: r.id,
    householdId: r.household_id,
    aidType: r.aid_type_code,
    basket: r.basket_code,
    region: r.region_code,
    priority: r.priority,
    submittedAt: iso(r.submitted_at),
    deadlineAt: iso(r.deadline_at),
    escalatedAt: iso(r.escalated_at!),
    fromOrg: r.escalated_from_org ? { id: r.escalated_from_org, name: r.escalated_from_name ?? '' } : null,
    round: r.assignment_round,
  }));
}
