/**
 * THE NO-DUPLICATE-AID RULE, explained.
 *
 * A household may not receive aid of one exclusivity group twice inside the group's window, from
 * any organisation, through any member — unless a ministry supervisor approved a documented
 * exception for that household and group. PostgreSQL enforces it: the exclusion constraint
 * `grants_no_duplicate_aid` (see migrations/0001_registry.sql) refuses an overlapping window for
 * the same (household, group); two concurrent inserts of conflicting grants serialise on the
 * constraint's index and the second inserts nothing (INSERT … ON CONFLICT DO NOTHING: the second
 * waits for the first and, once it commits, skips). This service never checks first and inserts
 * second (that would race); it inserts and, when the database refused, explains the refusal by
 * reading the grant that blocked it. No error is raised inside the transaction, so no savepoint is
 * needed and the caller's transaction stays usable (approving a request records the refusal).
 * Every grant is recorded by recordGrants (record-grants.ts); the refusals' sentences are in
 * grant-outcome.ts. This file keeps the documented exceptions and revocation.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../db/database.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { requireActiveAidType } from '../catalogue/aid-types.js';
import { requireValidId } from '../registry/national-ids.js';
import { afterCommit, assertLookupQuota, refusedAfterTrace, traceLookup } from '../registry/lookups.js';
import { notifyOrgs } from '../notifications/notifications.service.js';
import { beneficiaryProblem, noBeneficiaryGiven } from './grant-outcome.js';
import { grantsRepository } from './grants.repository.js';
import { shortRef } from '../../shared/short-ref.js';

export { grantAid, prepareGrant, recordGrants, type GrantInput } from './record-grants.js';

export interface BeneficiaryInput {
  householdId?: string | undefined;
  beneficiaryNationalId?: string | undefined;
  personId?: string | undefined;
}

/**
 * The household (and member) that receives aid, from a household ID or a member's national ID, as
 * grant_aid() finds it: registry_beneficiary() decides (grantsRepository.beneficiary), its refusal
 * is the same Problem a grant gets (beneficiaryProblem).
 */
export async function findBeneficiary(db: Executor, dep: Deployment, input: BeneficiaryInput): Promise<{ householdId: string; personId: string | null }> {
  const nationalId = input.beneficiaryNationalId ? requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId') : undefined;
  if (!nationalId && !input.householdId) throw noBeneficiaryGiven();
  const b = await grantsRepository.beneficiary(db, dep.idScheme, { nationalId, householdId: input.householdId, personId: nationalId ? undefined : input.personId });
  if (b.outcome !== 'ok') throw beneficiaryProblem(b.outcome);
  return { householdId: b.householdId, personId: b.personId };
}

// Documented exceptions --------------------------------------------------------------------------

type ExceptionInput = { householdId?: string; beneficiaryNationalId?: string; aidTypeCode: string; reason: string; documentRef: string; grantedOn?: string | undefined };

/**
 * Asks for an exception: a supervisor's decision on either a repeat inside the window (a new need)
 * or, with `grantedOn`, on recording aid given on that date further back than the deployment's
 * backdate_days allow (whether the date is allowed at all is decided when the grant cites it). By a beneficiary's national ID the answer says whether the ID is
 * registered, so it is an answer to a lookup (registry/lookups.ts): within the actor's quota and
 * traced with the purpose 'exception-request'; a refusal comes back as Refused so that the
 * transaction commits the trace, and the route throws it once committed.
 */
export async function requestExceptionTraced(trx: Tx, actor: Actor, dep: Deployment, input: ExceptionInput, now: Date = new Date()) {
  if (!actor.orgId) throw forbidden();
  const type = await requireActiveAidType(trx, input.aidTypeCode);
  if (!input.beneficiaryNationalId) return insertException(trx, actor, type, (await findBeneficiary(trx, dep, input)).householdId, input);
  const nationalId = requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId');
  await assertLookupQuota(trx, actor, now);
  // The person's household, whether or not it is the one given: what the answer reveals.
  const hit = await grantsRepository.beneficiary(trx, dep.idScheme, { nationalId });
  await traceLookup(trx, actor, { purpose: 'exception-request', via: 'exception', householdId: hit.householdId, personId: hit.personId, at: now });
  return refusedAfterTrace(trx, async () => insertException(trx, actor, type, (await findBeneficiary(trx, dep, input)).householdId, input));
}

export async function requestException(trx: Tx, actor: Actor, dep: Deployment, input: ExceptionInput, now?: Date) {
  return afterCommit(await requestExceptionTraced(trx, actor, dep, input, now));
}

async function insertException(trx: Tx, actor: Actor, type: { groupCode: string }, householdId: string, input: ExceptionInput) {
  if (!actor.orgId) throw forbidden();
  const ex = await grantsRepository.insertException(trx, {
    householdId,
    groupCode: type.groupCode,
    reason: input.reason.trim(),
    documentRef: input.documentRef.trim(),
    requestedBy: actor.userId,
    requestedByOrg: actor.orgId,
    grantedOn: input.grantedOn,
  });
  await audit(trx, actor, { action: 'exception.request', subjectType: 'exception', subjectId: ex.id, householdId, details: { group: type.groupCode, kind: ex.kind, grantedOn: ex.granted_on } });
  return ex;
}

/** An exception's short reference in messages: its ID's first eight characters, as a request's is. */
export const exceptionRef = shortRef;

/**
 * A supervisor's decision on a pending exception; the organisation that asked is told in the same
 * transaction (the message holds the exception's reference only, no personal data).
 */
export async function decideException(trx: Tx, actor: Actor, clock: Clock, id: string, decision: 'approved' | 'rejected', note: string | null) {
  const ex = await grantsRepository.findExceptionForUpdate(trx, id);
  if (!ex) throw notFound('The exception');
  if (ex.status !== 'pending') throw new Problem('invalid-state', `The exception is already ${ex.status}.`);
  const now = clock.now();
  const updated = await grantsRepository.decideException(trx, id, decision, actor.userId, note, now);
  await audit(trx, actor, { action: `exception.${decision}`, subjectType: 'exception', subjectId: id, householdId: ex.household_id, reason: note });
  await notifyOrgs(trx, [ex.requested_by_org], decision === 'approved' ? 'exception.approved.requester' : 'exception.rejected.requester', { ref: exceptionRef(id) }, { at: now });
  return updated!;
}

/**
 * The acting organisation's own exceptions (by default the approved ones not yet used), for the
 * grant forms to offer: the caseworker picks one instead of copying its number.
 */
export async function listOwnExceptions(db: Executor, actor: Actor, q: { status?: string | undefined; householdId?: string | undefined }) {
  if (!actor.orgId) throw forbidden();
  return grantsRepository.listExceptions(db, { status: q.status ?? 'approved', orgId: actor.orgId, householdId: q.householdId });
}

export async function revokeGrant(trx: Tx, actor: Actor, id: string, reason: string) {
  const g = await grantsRepository.revoke(trx, id, reason);
  if (!g) throw notFound('An active grant with this ID');
  await audit(trx, actor, { action: 'grant.revoke', subjectType: 'grant', subjectId: id, householdId: g.household_id, reason });
  // Its funding, if donations paid it, goes back to the lots that paid it: a reversing entry
  // written by the trigger grants_reverse_funding (0031), however the grant is revoked.
  return g;
}
