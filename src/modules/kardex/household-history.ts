/**
 * The household's service record (kardex): every request and every grant across all charities,
 * every exception asked for it, and its enrolments in programmes (training, employment and cash,
 * with how each ended), composed from the registry's visibility and the requests', the grants' and
 * the programmes' published reads.
 * Another charity's name and internal notes are hidden from a charity; the ministry sees all.
 */
import type { Executor } from '../../db/database.js';
import type { Actor } from '../../kernel/actor.js';
import { forbidden } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { grantsRepository } from '../grants/grants.repository.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { householdRequests } from '../requests/lists.js';
import { enrolmentsOfHousehold } from '../programmes/enrolment-outcome.js';
import { requestRef } from '../requests/timeline.js';
import { shortRef } from '../../shared/short-ref.js';

/** The household's short reference, as staff read and say it (never a national ID or a name); the same form as a request's. */
export const householdRef = shortRef;

export async function householdHistory(db: Executor, actor: Actor, householdId: string) {
  if (!(await mayReadHousehold(db, actor, householdId))) throw forbidden('You have no claim or grant for this household.');
  const ministry = actor.orgKind === 'ministry';
  const [requests, grants, exceptions, programmes] = await Promise.all([
    householdRequests(db, householdId), grantsRepository.listForHousehold(db, householdId), grantsRepository.listExceptions(db, { householdId }), enrolmentsOfHousehold(db, householdId),
  ]);
  const exceptionOrgs = new Map((await organisationsRepository.byIds(db, exceptions.map((e) => e.requested_by_org))).map((o) => [o.id, o]));
  await audit(db, actor, { action: 'personal_data.read', subjectType: 'household', subjectId: householdId, householdId, reason: 'service record' });
  const orgLabel = (orgId: string | null, name: string | null, kind: string | null) =>
    orgId === null ? null : ministry || orgId === actor.orgId ? { id: orgId, name, kind } : { id: null, name: null, kind: kind ?? 'charity' };
  return {
    householdId,
    householdRef: householdRef(householdId),
    requests: requests.map((r) => ({
      id: r.id, ref: requestRef(r.id), aidType: r.aid_type_code, basket: r.basket_code, group: r.group_code, status: r.status, amountMinor: r.amount_minor, item: r.item, quantity: r.quantity,
      submittedAt: r.submitted_at, deadlineAt: r.deadline_at, decidedAt: r.decided_at, channel: r.channel,
      claimedBy: orgLabel(r.claimed_by_org, r.claimed_by_name, 'charity'),
      decisionReason: ministry || r.claimed_by_org === actor.orgId || actor.role === 'applicant' ? r.decision_reason : null,
      grantId: r.grant_id,
    })),
    grants: grants.map((g) => ({
      id: g.id, aidType: g.aid_type_code, basket: g.basket_code, group: g.group_code, form: g.form, amountMinor: g.amount_minor, currency: g.currency, item: g.item, quantity: g.quantity,
      grantedOn: g.granted_on, status: g.status, viaException: g.exception_id !== null, requestId: g.request_id, personId: g.person_id,
      givenBy: orgLabel(g.org_id, g.org_name, g.org_kind),
    })),
    // Exceptions asked for the household, oldest last as the database lists them; another charity's reasons stay its own.
    exceptions: exceptions.map((e) => {
      const o = exceptionOrgs.get(e.requested_by_org);
      const own = ministry || e.requested_by_org === actor.orgId;
      return {
        id: e.id, group: e.group_code, kind: e.kind, status: e.status, requestedAt: e.requested_at, decidedAt: e.decided_at, grantedOn: e.granted_on,
        requestedBy: orgLabel(e.requested_by_org, o?.name ?? null, o?.kind ?? 'charity'), reason: own ? e.reason : null, decisionNote: own ? e.decision_note : null,
      };
    }),
    programmes,
  };
}
