/**
 * The applicant's own declaration: the working copy (the saved draft, else the latest version,
 * else a start with the applicant as head), who invited them, the versions with what changed, and
 * the latest version's need score and the requests it opened. Row-level security shows an
 * applicant only their own declaration.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { NEUTRAL_APPLICANT_NAME } from '../identity/sign-in.js';
import { invitationById, invitationOfNationalId } from '../invitations/invitations.service.js';
import { organisationName } from '../registry/declared-household.js';
import { householdRequests } from '../requests/lists.js';
import { scoreOfDeclarationVersion } from '../scoring/score-and-refer.js';
import { requireApplicant } from './applicant.js';
import type { Change, DeclarationDraft, DeclarationView } from './declarations.contracts.js';
import { declarationsRepository } from './declarations.repository.js';


export async function myDeclaration(trx: Tx, actor: Actor, _dep: Deployment, now: Date): Promise<DeclarationView> {
  const applicant = requireApplicant(actor);
  const d = await declarationsRepository.mine(trx, applicant.userId);
  const invitationId = d ? d.invitation_id : ((await invitationOfNationalId(trx, applicant.nationalId))?.id ?? null);
  const invitation = invitationId ? await invitationById(trx, invitationId, now) : null;
  const orgName = invitation ? await organisationName(trx, invitation.orgId) : null;
  const fullName = applicant.displayName && applicant.displayName !== NEUTRAL_APPLICANT_NAME ? applicant.displayName : null;

  const versions = d ? await declarationsRepository.versions(trx, d.id) : [];
  const latest = versions[0];
  const score = latest ? await scoreOfDeclarationVersion(trx, latest.id) : null;
  const opened = new Set(score?.requestIds ?? []);
  const requests = score && d?.household_id ? (await householdRequests(trx, d.household_id)).filter((r) => opened.has(r.id)) : [];
  const start: DeclarationDraft = { members: [{ nationalId: applicant.nationalId, fullName: fullName ?? '', relation: 'head', disability: false, chronicIllness: false }] };
  return {
    status: d?.status ?? 'new',
    draft: (d?.draft as DeclarationDraft | undefined) ?? (latest?.facts as DeclarationDraft | undefined) ?? start,
    savedAt: d?.draft_saved_at?.toISOString() ?? null,
    applicant: { nationalId: applicant.nationalId, fullName, phone: invitation?.phone ?? null },
    invitedBy: orgName ? { orgName } : null,
    versions: versions.map((v) => ({ version: v.version, submittedAt: v.submitted_at.toISOString(), changes: v.changes as Change[] })),
    score: score ? { score: score.score, priority: score.priority, contributions: score.contributions, modelVersion: score.modelVersion } : null,
    requests: requests.map((r) => ({ id: r.id, aidTypeCode: r.aid_type_code, status: r.status })),
  };
}
