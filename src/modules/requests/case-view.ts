/**
 * The case: the reveal of a request's personal data to the charity that holds it (or to the
 * ministry). Every reveal is audited (who, which organisation, which household, when, why) and put
 * on the timeline; its purpose is a code (CASE_PURPOSES, registry/lookups.ts) that the applicant's
 * "who viewed my data" renders in their language. Aid the household received is shown as type, date, amount and the KIND of
 * organisation only, marked when it was the reader's own organisation's: never another charity's
 * name or notes.
 * Access agrees with the registry's `charityMaySee`: a charity that lost the request at its
 * deadline sees neither the case nor the household.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { forbidden, notFound } from '../../shared/problem.js';
import { formatMinor } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { grantsRepository } from '../grants/grants.repository.js';
import type { CasePurpose } from '../registry/lookups.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';
import { requestsRepository } from './requests.repository.js';
import { iso, isoOrNull, recordEvent } from './timeline.js';

export const mayReadCase = (actor: Actor, r: { claimed_by_org: string | null; status: string }) =>
  actor.orgKind === 'ministry' || (actor.orgId !== null && r.claimed_by_org === actor.orgId && ['claimed', 'approved', 'rejected'].includes(r.status));

export async function readCase(trx: Tx, actor: Actor, dep: Deployment, id: string, purpose: CasePurpose, now: Date) {
  const r = await requestsRepository.findById(trx, id);
  if (!r) {
    if (await requestsRepository.exists(trx, id)) throw forbidden('Only the charity that holds the request sees the case.');
    throw notFound('The request');
  }
  if (!mayReadCase(actor, r)) throw forbidden('Only the charity that holds the request sees the case.');
  const household = await householdsRepository.findHousehold(trx, r.household_id);
  if (!household) throw notFound('The household');
  const members = await householdsRepository.members(trx, r.household_id);
  const grants = await grantsRepository.listForHousehold(trx, r.household_id);
  const events = await requestsRepository.events(trx, id);
  const orgKinds = new Map((await organisationsRepository.byIds(trx, events.flatMap((e) => (e.actor_org ? [e.actor_org] : [])))).map((o) => [o.id, o.kind]));
  const assessmentOrg = actor.orgKind === 'ministry' ? r.claimed_by_org : actor.orgId;
  const assessment = assessmentOrg ? await requestsRepository.assessmentOf(trx, id, assessmentOrg) : undefined;

  await audit(trx, actor, { action: 'personal_data.read', subjectType: 'request', subjectId: id, householdId: r.household_id, reason: purpose, details: { requestId: id }, at: now });
  await recordEvent(trx, actor, id, 'revealed', { at: now, orgId: actor.orgId, reason: purpose });

  const ministry = actor.orgKind === 'ministry';
  const by = (e: { actor_org: string | null; actor_role: string | null }) =>
    e.actor_role === 'system' ? 'system'
      : e.actor_role === 'applicant' ? 'applicant'
        : e.actor_org !== null && orgKinds.get(e.actor_org) === 'ministry' ? 'ministry'
          : e.actor_org && e.actor_org === actor.orgId ? 'your organisation' : 'another charity';
  return {
    request: {
      id: r.id, aidType: r.aid_type_code, group: r.group_code, status: r.status, priority: r.priority, justification: r.justification,
      amount: r.amount_minor === null ? null : formatMinor(r.amount_minor, dep.currency), item: r.item, quantity: r.quantity,
      submittedAt: iso(r.submitted_at), claimedAt: isoOrNull(r.claimed_at), deadlineAt: iso(r.deadline_at), decidedAt: isoOrNull(r.decided_at), decisionReason: r.decision_reason, grantId: r.grant_id,
    },
    household: {
      id: household.id,
      region: household.region_code,
      address: household.address,
      phone: household.phone,
      members: members.map((m) => ({ personId: m.person_id, nationalId: m.national_id, fullName: m.full_name, relation: m.relation, birthDate: m.birth_date, sex: m.sex, nationality: m.nationality, phone: m.phone })),
    },
    aidElsewhere: grants
      .filter((g) => g.status === 'active')
      .map((g) => ({
        aidType: g.aid_type_code,
        date: g.granted_on,
        amount: g.amount_minor === null ? null : formatMinor(g.amount_minor, { code: g.currency ?? dep.currency.code, minorUnits: dep.currency.minorUnits }),
        organisationKind: g.org_kind,
        ownOrganisation: actor.orgId !== null && g.org_id === actor.orgId,
      })),
    timeline: events.map((e) => {
      const own = ministry || (e.actor_org !== null && e.actor_org === actor.orgId) || e.actor_role === 'system';
      return {
        at: iso(e.at),
        event: e.event,
        by: by(e),
        // Another charity's reasons are its own business; the ministry and the author see them.
        ...(own && e.reason ? { reason: e.reason } : {}),
        ...(ministry && e.org_id ? { orgId: e.org_id } : {}),
      };
    }),
    assessment: assessment ? { notes: assessment.notes, documents: assessment.documents, updatedAt: iso(assessment.updated_at) } : null,
  };
}
