/**
 * Claim and release. A charity takes a request from its pool: exactly one of many simultaneous
 * claims wins (one conditional UPDATE, see requestsRepository.claim); the others get 409
 * already-claimed. From then on the claiming charity's staff see the case. Releasing (with a
 * reason) puts the request back in the pool.
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { notifyHouseholdApplicants } from '../notifications/notifications.service.js';
import { requestsRepository } from './requests.repository.js';
import { claimRefusalProblem } from './claim-outcome.js';
import { recordEvent } from './timeline.js';

export async function claimRequest(trx: Tx, actor: Actor, id: string, now: Date) {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('Only charities claim requests.');
  const { outcome, status } = await requestsRepository.claim(trx, id, now);
  if (outcome !== 'claimed') throw claimRefusalProblem(outcome, status);
  const claimed = await requestsRepository.findById(trx, id);
  if (!claimed) throw notFound('The request');
  await recordEvent(trx, actor, id, 'claimed', { at: now, orgId: actor.orgId });
  await audit(trx, actor, { action: 'request.claim', subjectType: 'request', subjectId: id, householdId: claimed.household_id, details: { aidType: claimed.aid_type_code }, at: now });
  await notifyHouseholdApplicants(trx, claimed.household_id, 'request.claimed.applicant', { aidType: claimed.aid_type_code }, { requestId: id, at: now });
  return claimed;
}

/** The request, if the actor's organisation holds it now (status claimed); else a 403/404/409. */
export async function requireHeld(trx: Tx, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (!actor.orgId) throw forbidden('Only the charity that holds the request may do this.');
  const r = opts.lock ? await requestsRepository.findForUpdate(trx, id) : await requestsRepository.findById(trx, id);
  if (!r) {
    if (await requestsRepository.exists(trx, id)) throw forbidden('Your organisation does not hold this request.');
    throw notFound('The request');
  }
  if (r.claimed_by_org !== actor.orgId) throw forbidden('Your organisation does not hold this request.');
  if (r.status !== 'claimed') throw new Problem('invalid-state', `The request is ${r.status}.`, { requestStatus: r.status });
  return r;
}

export async function releaseRequest(trx: Tx, actor: Actor, id: string, reason: string, now: Date) {
  await requireHeld(trx, actor, id, { lock: true });
  const text = reason.trim();
  if (text.length < 5) throw new Problem('validation', 'Say why the request is released.', { field: 'reason' });
  const r = await requestsRepository.release(trx, id, actor.orgId!);
  if (!r) throw new Problem('invalid-state', 'The request changed meanwhile; reload it.');
  await recordEvent(trx, actor, id, 'released', { at: now, orgId: actor.orgId, reason: text });
  await audit(trx, actor, { action: 'request.release', subjectType: 'request', subjectId: id, householdId: r.household_id, reason: text, at: now });
  return r;
}
