/**
 * Saving the working copy as the applicant types: shape only (the route's schema), no registry
 * lookups; incomplete is fine. The first save creates the declaration with the applicant's
 * invitation, if any. A save after a submit makes the declaration a draft again (the next submit
 * is its next version).
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { invitationOfNationalId } from '../invitations/invitations.service.js';
import { requireApplicant } from './applicant.js';
import type { DeclarationDraft } from './declarations.contracts.js';
import { declarationsRepository } from './declarations.repository.js';

export async function saveDraft(trx: Tx, actor: Actor, dep: Deployment, draft: DeclarationDraft, now: Date): Promise<{ savedAt: Date }> {
  const applicant = requireApplicant(actor);
  const existing = await declarationsRepository.mine(trx, applicant.userId);
  const invitationId = existing ? existing.invitation_id : ((await invitationOfNationalId(trx, applicant.nationalId))?.id ?? null);
  const r = await declarationsRepository.saveDraft(trx, { userId: applicant.userId, idScheme: dep.idScheme, nationalId: applicant.nationalId, invitationId, draft, at: now });
  return { savedAt: r.draft_saved_at };
}
