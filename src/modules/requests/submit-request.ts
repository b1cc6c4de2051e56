/** Submitting an aid request, by an applicant for their own household or by staff on their behalf. */
import { sql } from 'kysely';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import { Problem, forbidden } from '../../shared/problem.js';
import { parseAmount } from '../../shared/money.js';
import { deploymentSettings } from '../../deployments/settings.js';
import { audit } from '../audit/audit.service.js';
import { findBeneficiary } from '../grants/grants.service.js';
import { requireActiveAidType } from '../catalogue/aid-types.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { requireValidId } from '../registry/national-ids.js';
import { assertLookupQuota, refusedAfterTrace, traceLookup, type Refused } from '../registry/lookups.js';
import { requestsRepository } from './requests.repository.js';
import { deadlineDays, scheduleDeadlineJobs } from './deadline.js';
import { recordEvent } from './timeline.js';

export interface SubmitRequestInput {
  householdId?: string | undefined;
  beneficiaryNationalId?: string | undefined;
  aidTypeCode: string;
  amount?: string | undefined;
  item?: string | undefined;
  quantity?: number | undefined;
  justification: string;
  /** 0 (normal) to 3 (most urgent); staff only. */
  priority?: number | undefined;
}

/**
 * Staff submitting by a beneficiary's national ID learn whether the ID is registered (the request,
 * or a refusal that says so), so that is an answer to a lookup (registry/lookups.ts): within the
 * quota, traced with the purpose 'aid-request'; a refusal comes back as Refused so that the
 * transaction commits the trace, and the route throws it once committed. An applicant's own
 * request is no lookup.
 */
export async function submitRequestTraced(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: SubmitRequestInput): Promise<Awaited<ReturnType<typeof submitRequest>> | Refused> {
  if (actor.role === 'applicant' || !input.beneficiaryNationalId) return submitRequest(trx, actor, dep, clock, input);
  const nationalId = requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId');
  const now = clock.now();
  await assertLookupQuota(trx, actor, now);
  const hit = await householdsRepository.householdOfNationalId(trx, dep.idScheme, nationalId);
  await traceLookup(trx, actor, { purpose: 'aid-request', via: 'request', householdId: hit?.household_id ?? null, personId: hit?.person_id ?? null, at: now });
  return refusedAfterTrace(trx, () => submitRequest(trx, actor, dep, clock, input));
}

export async function submitRequest(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: SubmitRequestInput) {
  const type = await requireActiveAidType(trx, input.aidTypeCode);
  const target = actor.role === 'applicant' && !input.householdId && !input.beneficiaryNationalId
    ? { beneficiaryNationalId: actor.nationalId ?? undefined }
    : input;
  const { householdId, personId } = await findBeneficiary(trx, dep, target);
  if (!(await mayReadHousehold(trx, actor, householdId))) {
    throw forbidden(actor.role === 'applicant' ? 'You may only request aid for your own household.' : 'You have no claim or grant for this household.');
  }
  const justification = input.justification.trim();
  if (justification.length < 3) throw new Problem('validation', 'Say briefly why the aid is needed.', { field: 'justification' });
  const amountMinor = input.amount !== undefined ? parseAmount(input.amount, dep.currency) : null;
  if (input.priority !== undefined && actor.role === 'applicant') throw new Problem('validation', 'Applicants do not set the priority.', { field: 'priority' });
  const now = clock.now();
  const days = await deadlineDays(trx, dep, type.code);

  // ONE OPEN REQUEST PER (HOUSEHOLD, GROUP): the partial unique index aid_requests_one_open_per_group
  // decides, also under concurrency; the refusal names the open request.
  await sql`savepoint request_insert`.execute(trx);
  let request;
  try {
    request = await requestsRepository.insert(trx, {
      householdId,
      personId,
      aidTypeCode: type.code,
      amountMinor,
      item: input.item?.trim() || null,
      quantity: input.quantity ?? null,
      justification,
      channel: actor.role === 'applicant' ? 'applicant' : 'staff',
      submittedBy: actor.userId,
      submittedByOrg: actor.orgId,
      submittedAt: now,
      deadlineAt: new Date(now.getTime() + days * 86_400_000),
      priority: input.priority ?? 0,
    });
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code !== '23505' || err.constraint !== 'aid_requests_one_open_per_group') throw e;
    await sql`rollback to savepoint request_insert`.execute(trx);
    const open = await requestsRepository.findOpenInGroup(trx, householdId, type.groupCode);
    throw new Problem(
      'open-request-exists',
      open
        ? `The household already has an open request for "${open.aid_type_code}" (${open.status}) of the same kind of aid; it must be decided first.`
        : 'The household already has an open request of the same kind of aid.',
      { openRequest: open ? { id: open.id, aidType: open.aid_type_code, status: open.status } : null, group: type.groupCode },
    );
  }
  await sql`release savepoint request_insert`.execute(trx);
  await recordEvent(trx, actor, request.id, 'submitted', { at: now, details: { channel: request.channel } });
  await audit(trx, actor, { action: 'request.submit', subjectType: 'request', subjectId: request.id, householdId, details: { aidType: type.code }, at: now });
  await scheduleDeadlineJobs(trx, request, now, now);
  return request;
}

/** The deployment setting `first_offer_hours` (default 72): how long a referred request is offered first to the inviting charity. */
export async function firstOfferHours(db: Tx): Promise<number> {
  const v = (await deploymentSettings(db)).first_offer_hours;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 72;
}

export interface ReferralInput {
  householdId: string;
  aidTypeCodes: string[];
  /** The need score's priority (0..3). */
  priority: number;
  justification: string;
  /** The charity offered the requests first (the inviting charity), or null for the whole pool at once. */
  offeredToOrgId: string | null;
}

/**
 * A household referred by its need score (scoring/score-and-refer.ts): one open request per aid
 * type, in the pool with the score's priority. Each is offered first to `offeredToOrgId` for the
 * deployment's first_offer_hours when that charity offers the aid type in the household's region
 * (org_suits_request(), the pool's own test); while the offer runs the pool and the claim are that
 * charity's only (request_offer_excludes.sql). An aid type whose exclusivity group already has an
 * open request for the household is skipped, not an error: the partial unique index
 * aid_requests_one_open_per_group decides, as for every request (also between two types of one
 * group in the same referral).
 */
export async function openReferredRequests(trx: Tx, actor: Actor, dep: Deployment, input: ReferralInput, now: Date): Promise<{
  opened: { aidTypeCode: string; requestId: string; offeredUntil: Date | null }[];
  skipped: { aidTypeCode: string; reason: 'open-request-exists' }[];
}> {
  if (!(await mayReadHousehold(trx, actor, input.householdId))) throw forbidden('You may only refer your own household.');
  if (!Number.isInteger(input.priority) || input.priority < 0 || input.priority > 3) throw new Problem('validation', 'The priority is 0 to 3.', { field: 'priority' });
  const hours = await firstOfferHours(trx);
  const region = (await householdsRepository.regionsOf(trx, [input.householdId])).get(input.householdId);
  const opened: { aidTypeCode: string; requestId: string; offeredUntil: Date | null }[] = [];
  const skipped: { aidTypeCode: string; reason: 'open-request-exists' }[] = [];
  for (const code of [...new Set(input.aidTypeCodes)]) {
    const type = await requireActiveAidType(trx, code, 'aidTypeCodes');
    const offered = input.offeredToOrgId && hours > 0 && region && (await requestsRepository.orgSuitsTypeIn(trx, input.offeredToOrgId, type.code, region));
    const offeredUntil = offered ? new Date(now.getTime() + hours * 3_600_000) : null;
    const days = await deadlineDays(trx, dep, type.code);
    await sql`savepoint referral_insert`.execute(trx);
    let request;
    try {
      request = await requestsRepository.insert(trx, {
        householdId: input.householdId,
        personId: null,
        aidTypeCode: type.code,
        amountMinor: null,
        item: null,
        quantity: null,
        justification: input.justification,
        channel: 'intake',
        submittedBy: actor.userId,
        submittedByOrg: actor.orgId,
        submittedAt: now,
        deadlineAt: new Date(now.getTime() + days * 86_400_000),
        priority: input.priority,
        offeredToOrgId: offeredUntil ? input.offeredToOrgId : null,
        offeredUntil,
      });
    } catch (e) {
      const err = e as { code?: string; constraint?: string };
      if (err.code !== '23505' || err.constraint !== 'aid_requests_one_open_per_group') throw e;
      await sql`rollback to savepoint referral_insert`.execute(trx);
      skipped.push({ aidTypeCode: type.code, reason: 'open-request-exists' });
      continue;
    }
    await sql`release savepoint referral_insert`.execute(trx);
    await recordEvent(trx, actor, request.id, 'submitted', { at: now, details: { channel: request.channel, ...(offeredUntil ? { offeredTo: input.offeredToOrgId, offeredUntil: offeredUntil.toISOString() } : {}) } });
    await audit(trx, actor, { action: 'request.submit', subjectType: 'request', subjectId: request.id, householdId: input.householdId, details: { aidType: type.code, priority: input.priority, referral: true }, at: now });
    await scheduleDeadlineJobs(trx, request, now, now);
    opened.push({ aidTypeCode: type.code, requestId: request.id, offeredUntil });
  }
  return { opened, skipped };
}
