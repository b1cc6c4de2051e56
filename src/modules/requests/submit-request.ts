/** Submitting an aid request, by an applicant for their own household or by staff on their behalf. */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor, Clock, Tx } from '../../http/context.js';
import { Problem, forbidden } from '../../shared/problem.js';
import { parseAmount } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { loadAidType, resolveBeneficiary } from '../grants/grants.service.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { requestsRepository } from './requests.repository.js';

export interface SubmitRequestInput {
  householdId?: string | undefined;
  beneficiaryNationalId?: string | undefined;
  aidTypeCode: string;
  amount?: string | undefined;
  item?: string | undefined;
  quantity?: number | undefined;
  justification: string;
}

export async function submitRequest(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: SubmitRequestInput) {
  const type = await loadAidType(trx, input.aidTypeCode);
  const target = actor.role === 'applicant' && !input.householdId && !input.beneficiaryNationalId
    ? { beneficiaryNationalId: actor.nationalId ?? undefined }
    : input;
  const { householdId, personId } = await resolveBeneficiary(trx, dep, target);
  if (!(await mayReadHousehold(trx, actor, householdId))) {
    throw forbidden(actor.role === 'applicant' ? 'You may only request aid for your own household.' : 'You have no claim or grant for this household.');
  }
  const justification = input.justification.trim();
  if (justification.length < 3) throw new Problem('validation', 'Say briefly why the aid is needed.', { field: 'justification' });
  const amountMinor = input.amount !== undefined ? parseAmount(input.amount, dep.currency) : null;
  const now = clock.now();
  const days = type.deadline_days ?? dep.requestDeadlineDays;
  const request = await requestsRepository.insert(trx, {
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
    priority: 0,
  });
  await audit(trx, actor, { action: 'request.submit', subjectType: 'request', subjectId: request.id, householdId, details: { aidType: type.code } });
  return request;
}
