/**
 * The ministry decides a match proposal, once:
 * - 'same': the two records are one person; the registry links them in this transaction
 *   (registry's published linkPersons: the merged record's grants, requests and household place move
 *   to the kept one, its refusals — person-merged, merge-conflicts-aid — stand, and then nothing of
 *   the decision is written either), the merged record's keys leave the candidate search, and the
 *   proposal is marked 'same';
 * - 'different': the proposal is marked so; the pair keeps its row (match_proposals_one_per_pair), so
 *   the sweep never proposes it again.
 * Deciding once comes from the proposal's row lock and the conditional UPDATE of a pending proposal
 * (matchingRepository.decide); a decided proposal is 409 match-decided, naming its decision.
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { linkPersons } from '../registry/registry.service.js';
import { matchingRepository } from './matching.repository.js';

export interface DecisionInput {
  decision: 'same' | 'different';
  /** For 'same': the record kept (one of the pair; default the first). */
  keepId?: string | undefined;
  reason: string;
}

export async function decideProposal(trx: Tx, actor: Actor, id: string, input: DecisionInput, now: Date) {
  if (actor.orgKind !== 'ministry') throw forbidden('Only the ministry decides match proposals.');
  const reason = input.reason.trim();
  if (reason.length < 10) throw new Problem('validation', 'Say why (at least 10 characters).', { field: 'reason' });
  const p = await matchingRepository.lock(trx, id);
  if (!p) throw notFound('The match proposal');
  if (p.status !== 'pending') throw alreadyDecided(p.id, p.status);

  let kept: { keptId: string; mergedId: string } | null = null;
  if (input.decision === 'same') {
    const keepId = (input.keepId ?? p.person_a).toLowerCase();
    if (keepId !== p.person_a && keepId !== p.person_b) throw new Problem('validation', 'The record kept must be one of the two records of the proposal.', { field: 'keepId' });
    const mergeId = keepId === p.person_a ? p.person_b : p.person_a;
    await linkPersons(trx, actor, { keepId, mergeId, reason }, now);
    await matchingRepository.forgetKeys(trx, mergeId);
    kept = { keptId: keepId, mergedId: mergeId };
  }
  if (!(await matchingRepository.decide(trx, { id: p.id, status: input.decision, by: actor.userId, reason, at: now }))) throw alreadyDecided(p.id, null);
  await audit(trx, actor, { action: 'match.decide', subjectType: 'match_proposal', subjectId: p.id, reason, details: { decision: input.decision, personA: p.person_a, personB: p.person_b, ...(kept ?? {}) }, at: now });
  return { id: p.id, status: input.decision, keptId: kept?.keptId ?? null, mergedId: kept?.mergedId ?? null };
}

function alreadyDecided(proposalId: string, decision: string | null) {
  return new Problem('match-decided', 'This proposal was already decided; a pair is decided once.', { proposalId, decision });
}
