/**
 * Ministry oversight: per charity, what waits (pending in its pool), what it holds (claimed), what
 * is late (overdue; escalated), the median time from taking up a request to deciding it, and the
 * share of its requests completed within the deadline (decided in time / (decided + lost at a
 * deadline)). And the list of escalated requests waiting for reassignment.
 */
import type { Tx } from '../../kernel/transaction.js';
import { findAidTypes } from '../catalogue/aid-types.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';
import { requestsRepository } from '../requests/requests.repository.js';
import { iso } from '../requests/timeline.js';

/** Per approved charity (the registry's, by name then id), the requests' figures (requests.repository loadOf). */
export async function charityOversight(trx: Tx, now: Date) {
  const charities = await organisationsRepository.approvedCharities(trx);
  const load = new Map((await requestsRepository.loadOf(trx, charities.map((o) => o.id), now)).map((r) => [r.org_id, r]));
  return charities.map((o) => {
    const r = load.get(o.id)!;
    const judged = r.decided + r.escalated;
    return {
      orgId: o.id,
      name: o.name,
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
  const [types, regions, orgs] = await Promise.all([
    findAidTypes(trx, rows.map((r) => r.aid_type_code)),
    householdsRepository.regionsOf(trx, rows.map((r) => r.household_id)),
    organisationsRepository.byIds(trx, rows.flatMap((r) => (r.escalated_from_org ? [r.escalated_from_org] : []))),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    householdId: r.household_id,
    aidType: r.aid_type_code,
    basket: types.get(r.aid_type_code)!.basketCode,
    region: regions.get(r.household_id)!,
    priority: r.priority,
    submittedAt: iso(r.submitted_at),
    deadlineAt: iso(r.deadline_at),
    escalatedAt: iso(r.escalated_at!),
    fromOrg: r.escalated_from_org ? { id: r.escalated_from_org, name: names.get(r.escalated_from_org) ?? '' } : null,
    round: r.assignment_round,
  }));
}
