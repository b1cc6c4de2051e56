/**
 * The decision. Approving creates the grant through the no-duplicate rule (grantAid with the
 * request's ID): when the household already received aid of the group, the same 409 duplicate-aid
 * as POST /grants comes back, the refusal is put on the timeline, and the request stays claimed.
 * Rejecting needs a reason the applicant can read; approving may give one, stored and shown the same
 * way. Approving may cite a supervisor-approved exception (exceptionId), which grant_aid() checks.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import { Problem } from '../../shared/problem.js';
import { formatMinor } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { grantAid } from '../grants/grants.service.js';
import { notifyHouseholdApplicants } from '../notifications/notifications.service.js';
import { requestsRepository } from './requests.repository.js';
import { requireHeld } from './claim-request.js';
import { recordEvent } from './timeline.js';

export interface ApproveInput {
  amount?: string | undefined;
  item?: string | undefined;
  quantity?: number | undefined;
  reason?: string | undefined;
  exceptionId?: string | undefined;
}

/** Returns the grant, or the refusal (already recorded on the timeline; the caller raises it after commit). */
export async function approveRequest(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, id: string, input: ApproveInput) {
  const r = await requireHeld(trx, actor, id, { lock: true });
  const now = clock.now();
  let grant;
  try {
    grant = await grantAid(trx, actor, dep, clock, {
      householdId: r.household_id,
      personId: r.person_id ?? undefined,
      requestId: r.id,
      aidTypeCode: r.aid_type_code,
      amount: input.amount ?? (r.amount_minor !== null ? formatMinor(r.amount_minor, dep.currency) : undefined),
      item: input.item ?? r.item ?? undefined,
      quantity: input.quantity ?? r.quantity ?? undefined,
      exceptionId: input.exceptionId,
    });
  } catch (e) {
    if (!(e instanceof Problem && e.slug === 'duplicate-aid')) throw e;
    const conflict = e.extensions.conflict as { aidType?: string; grantedOn?: string; organisationKind?: string } | undefined;
    await recordEvent(trx, actor, id, 'decision-refused', { at: now, orgId: actor.orgId, details: { problem: 'duplicate-aid', aidType: conflict?.aidType ?? null, grantedOn: conflict?.grantedOn ?? null, organisationKind: conflict?.organisationKind ?? null } });
    return { refused: e } as const;
  }
  const reason = input.reason?.trim() || null;
  const decided = await requestsRepository.decide(trx, id, actor.orgId!, { status: 'approved', by: actor.userId, at: now, reason, grantId: grant.id });
  if (!decided) throw new Problem('invalid-state', 'The request changed meanwhile; reload it.');
  await recordEvent(trx, actor, id, 'approved', { at: now, orgId: actor.orgId, reason, details: { grantId: grant.id, exceptionId: input.exceptionId ?? null } });
  await audit(trx, actor, { action: 'request.approve', subjectType: 'request', subjectId: id, householdId: r.household_id, reason, details: { grantId: grant.id, aidType: r.aid_type_code, exceptionId: input.exceptionId ?? null }, at: now });
  await notifyHouseholdApplicants(trx, r.household_id, 'request.approved.applicant', { aidType: r.aid_type_code }, { requestId: id, at: now });
  return { grant } as const;
}

export async function rejectRequest(trx: Tx, actor: Actor, id: string, reason: string, now: Date) {
  const r = await requireHeld(trx, actor, id, { lock: true });
  const text = reason.trim();
  if (text.length < 5) throw new Problem('validation', 'Give the applicant a reason.', { field: 'reason' });
  const decided = await requestsRepository.decide(trx, id, actor.orgId!, { status: 'rejected', by: actor.userId, at: now, reason: text, grantId: null });
  if (!decided) throw new Problem('invalid-state', 'The request changed meanwhile; reload it.');
  await recordEvent(trx, actor, id, 'rejected', { at: now, orgId: actor.orgId, reason: text });
  await audit(trx, actor, { action: 'request.reject', subjectType: 'request', subjectId: id, householdId: r.household_id, reason: text, at: now });
  await notifyHouseholdApplicants(trx, r.household_id, 'request.rejected.applicant', { aidType: r.aid_type_code }, { requestId: id, at: now });
  return decided;
}
