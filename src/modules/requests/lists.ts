/** The applicant's own requests and a charity's queue of requests in hand. */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { forbidden } from '../../shared/problem.js';
import type { Executor } from '../../db/database.js';
import { findAidTypes } from '../catalogue/aid-types.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';
import { requestsRepository } from './requests.repository.js';
import { daysLeft, iso, isoOrNull } from './timeline.js';

/**
 * A household's requests, newest first, with each one's basket (the catalogue's) and the name of
 * the charity that claimed it (the registry's): the applicant's list and the kardex.
 */
export async function householdRequests(db: Executor, householdId: string) {
  const rows = await requestsRepository.listForHousehold(db, householdId);
  const [types, orgs] = await Promise.all([
    findAidTypes(db, rows.map((r) => r.aid_type_code)),
    organisationsRepository.byIds(db, rows.flatMap((r) => (r.claimed_by_org ? [r.claimed_by_org] : []))),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({ ...r, basket_code: types.get(r.aid_type_code)!.basketCode, claimed_by_name: r.claimed_by_org ? (names.get(r.claimed_by_org) ?? null) : null }));
}

/** GET /requests/mine: the requests of the applicant's household, with the reason of a rejection. */
export async function myRequests(trx: Tx, actor: Actor, dep: Deployment) {
  if (actor.role !== 'applicant' || !actor.nationalId) throw forbidden('Only applicants have their own requests.');
  const hit = await householdsRepository.householdOfNationalId(trx, dep.idScheme, actor.nationalId);
  if (!hit) return { householdId: null, items: [] as never[] };
  const rows = await householdRequests(trx, hit.household_id);
  return {
    householdId: hit.household_id,
    items: rows.map((r) => ({
      id: r.id,
      aidType: r.aid_type_code,
      basket: r.basket_code,
      status: r.status,
      submittedAt: iso(r.submitted_at),
      deadlineAt: iso(r.deadline_at),
      decidedAt: isoOrNull(r.decided_at),
      decisionReason: r.status === 'rejected' ? r.decision_reason : null,
      charity: r.claimed_by_name ?? null,
      grantId: r.grant_id,
    })),
  };
}

/** GET /queue: the requests my organisation holds, soonest deadline first, with `overdue`. */
export async function charityQueue(trx: Tx, actor: Actor, now: Date) {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('The queue is for charities.');
  const rows = await requestsRepository.queue(trx, actor.orgId);
  const [types, regions] = await Promise.all([findAidTypes(trx, rows.map((r) => r.aid_type_code)), householdsRepository.regionsOf(trx, rows.map((r) => r.household_id))]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      status: 'claimed' as const,
      aidType: r.aid_type_code,
      basket: types.get(r.aid_type_code)!.basketCode,
      region: regions.get(r.household_id)!,
      priority: r.priority,
      submittedAt: iso(r.submitted_at),
      claimedAt: isoOrNull(r.claimed_at),
      deadlineAt: iso(r.deadline_at),
      reassigned: r.reassigned_at !== null,
      daysLeft: daysLeft(r.deadline_at, now),
      overdue: r.deadline_at.getTime() <= now.getTime(),
    })),
  };
}
