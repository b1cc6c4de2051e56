/**
 * Submitting the saved declaration, all in the applicant's one transaction: the draft is taken
 * and numbered by one conditional UPDATE (declarationsRepository.takeForSubmit: of two submits at
 * once one gets the next version, the other finds it submitted and is refused), checked complete
 * (paths of what is missing), each member's national ID checked, the applicant as head, no ID
 * twice; the household registered on the first submit and brought in line on later ones
 * (registry/declared-household.ts: a person in another household is refused by the registry's
 * unique index, never duplicated); then the version with what changed and its facts with their
 * provenance, and the need score and referral (scoring's scoreAndRefer): one open request per
 * declared need with the score's priority, offered first to the inviting charity. The applicant
 * refers their own household: the requests are submitted by them (channel 'intake', audited as
 * theirs), which openReferredRequests allows because they are now a member of it.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { isoDate } from '../../kernel/clock.js';
import { Problem } from '../../shared/problem.js';
import { validateNationalId } from '../../shared/identity/national-id.js';
import { audit } from '../audit/audit.service.js';
import { findAidTypes } from '../catalogue/aid-types.js';
import { invitationById } from '../invitations/invitations.service.js';
import { applyDeclaredHousehold, householdOfApplicant } from '../registry/declared-household.js';
import { scoreAndRefer, type NeedScore } from '../scoring/score-and-refer.js';
import { memberInOtherHousehold, requireApplicant } from './applicant.js';
import type { DeclarationDraft } from './declarations.contracts.js';
import { declarationsRepository } from './declarations.repository.js';
import { changesBetween, factsWithSource, missingFields, needFacts } from './declared-facts.js';

export interface Submitted { version: number; score: NeedScore; requestIds: string[]; skipped: { aidTypeCode: string; reason: string }[] }

const incomplete = (fields: string[]) =>
  new Problem('declaration-incomplete', 'Some answers are missing: complete them, then submit again.', { fields });

export async function submitDeclaration(trx: Tx, actor: Actor, dep: Deployment, now: Date): Promise<Submitted> {
  const applicant = requireApplicant(actor);
  const taken = await declarationsRepository.takeForSubmit(trx, applicant.userId);
  if (!taken) {
    if (await declarationsRepository.mine(trx, applicant.userId)) throw new Problem('invalid-state', 'This declaration is already submitted. Change an answer before submitting it again.');
    throw incomplete(missingFields({}));
  }
  const draft = taken.draft as DeclarationDraft;
  const missing = missingFields(draft);
  if (missing.length > 0) throw incomplete(missing);
  const complete = await normalised(trx, dep, applicant, draft as Required<DeclarationDraft>, now);

  // The household: the declaration's, else the one the applicant already belongs to, else a new one.
  const householdId = taken.household_id ?? (await householdOfApplicant(trx, dep, applicant));
  const invitation = taken.invitation_id ? await invitationById(trx, taken.invitation_id, now) : null;
  const outcome = await applyDeclaredHousehold(trx, applicant, dep, householdId, {
    regionCode: complete.regionCode,
    phone: invitation?.phone ?? null,
    members: complete.members.map((m) => ({ nationalId: m.nationalId, fullName: m.fullName, birthDate: m.birthDate ?? null, relation: m.relation })),
  }, now);
  if (!outcome.ok) throw memberInOtherHousehold(`/members/${outcome.memberIndex}/nationalId`);
  if (taken.household_id !== outcome.householdId) await declarationsRepository.setHousehold(trx, taken.id, outcome.householdId);

  const version = taken.last_version;
  const previous = version > 1 ? await declarationsRepository.latestVersion(trx, taken.id) : undefined;
  const changes = changesBetween(previous?.facts ?? {}, complete);
  if (previous && changes.length === 0) throw new Problem('invalid-state', `Nothing changed since version ${previous.version}. Change an answer before submitting again.`);
  const stored = await declarationsRepository.insertVersion(trx, { declarationId: taken.id, version, householdId: outcome.householdId, at: now, by: applicant.userId, facts: complete, changes });
  await declarationsRepository.insertFacts(trx, stored.id, factsWithSource(complete, invitation ? new Map([['/members/0/phone', invitation.phone]]) : new Map()));
  await audit(trx, applicant, {
    action: 'declaration.submit', subjectType: 'declaration', subjectId: stored.id, householdId: outcome.householdId,
    details: { version, changes: changes.length, members: complete.members.length, registered: outcome.registered }, at: now,
  });

  const referred = await scoreAndRefer(trx, dep, {
    householdId: outcome.householdId, declarationVersionId: stored.id, facts: needFacts(complete, isoDate(now)), aidTypeCodes: complete.needs,
    offeredToOrgId: invitation?.orgId ?? null, actor: applicant,
  }, now);
  return { version, score: referred.score, requestIds: referred.requestIds, skipped: referred.skipped };
}

/**
 * The complete draft as it is stored: IDs normalised and checked (each refusal names its path),
 * names trimmed, the applicant as the one head, no ID twice, a known region, active aid types,
 * no birth date after today.
 */
async function normalised(trx: Tx, dep: Deployment, applicant: Actor & { nationalId: string }, d: Required<DeclarationDraft>, now: Date): Promise<Required<DeclarationDraft>> {
  const today = isoDate(now);
  const members = d.members.map((m, i) => {
    const path = `/members/${i}/nationalId`;
    const check = validateNationalId(dep.idScheme, m.nationalId, m.birthDate ? { birthDate: m.birthDate } : undefined);
    if (!check.valid) throw new Problem('invalid-national-id', check.message, { path, fields: [path], reason: check.reason, scheme: dep.idScheme });
    if (m.birthDate && m.birthDate > today) throw new Problem('validation', 'A birth date is after today.', { path: `/members/${i}/birthDate`, fields: [`/members/${i}/birthDate`] });
    return { ...m, nationalId: check.normalized, fullName: m.fullName.normalize('NFC').trim() };
  });
  if (members[0]!.nationalId !== applicant.nationalId || members[0]!.relation !== 'head') {
    throw new Problem('validation', 'The first member is you, the head of the household, with your own national ID.', { path: '/members/0/nationalId', fields: ['/members/0/nationalId', '/members/0/relation'] });
  }
  const secondHead = members.findIndex((m, i) => i > 0 && m.relation === 'head');
  if (secondHead > 0) throw new Problem('validation', 'A household has one head: you. Choose another relation for this member.', { path: `/members/${secondHead}/relation`, fields: [`/members/${secondHead}/relation`] });
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const j = seen.get(m.nationalId);
    if (j !== undefined) throw new Problem('duplicate-person', 'The same national ID is given for two members.', { path: `/members/${i}/nationalId`, fields: [`/members/${j}/nationalId`, `/members/${i}/nationalId`] });
    seen.set(m.nationalId, i);
  });
  if (!dep.regions.has(d.regionCode)) throw new Problem('unknown-reference', `There is no region ${d.regionCode}.`, { path: '/regionCode', fields: ['/regionCode'] });
  const needs = [...new Set(d.needs)];
  const types = await findAidTypes(trx, needs);
  const unknown = needs.findIndex((c) => !types.get(c)?.active);
  if (unknown >= 0) throw new Problem('unknown-reference', `There is no active aid type ${needs[unknown]}.`, { path: `/needs/${d.needs.indexOf(needs[unknown]!)}`, fields: [`/needs/${d.needs.indexOf(needs[unknown]!)}`] });
  return { ...d, members, needs };
}
