/**
 * The ministry's review list: the pairs the sweep proposed as one person, best score first, each
 * with both persons side by side (through the registry's published personsForMatching) and the
 * explanation (each field's level and weight). Showing the two persons is a reveal of their
 * personal data: each person shown is an audit entry (personal_data.read, purpose oversight-review,
 * with the household it concerns), so the applicant's "who viewed my data" lists it.
 * Only ministry staff (the route's match:review, this check, and row-level security on match_proposals).
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { forbidden } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { personsForMatching, type PersonForMatching } from '../registry/registry.service.js';
import { matchingRepository, type ProposalRow } from './matching.repository.js';

export type ProposalStatus = 'pending' | 'same' | 'different';

export interface ProposalWithPersons {
  proposal: ProposalRow;
  personA: PersonForMatching;
  personB: PersonForMatching;
}

export async function listProposals(trx: Tx, actor: Actor, f: { status: ProposalStatus; limit: number }, now: Date): Promise<ProposalWithPersons[]> {
  if (actor.orgKind !== 'ministry') throw forbidden('Only the ministry reviews match proposals.');
  const proposals = await matchingRepository.list(trx, f);
  const persons = new Map((await personsForMatching(trx, proposals.flatMap((p) => [p.person_a, p.person_b]))).map((p) => [p.id, p]));
  const out: ProposalWithPersons[] = [];
  for (const proposal of proposals) {
    const personA = persons.get(proposal.person_a);
    const personB = persons.get(proposal.person_b);
    // A pending pair of which one record was merged meanwhile (through another proposal) is no longer a question.
    if (!personA || !personB || (proposal.status === 'pending' && (personA.merged_into || personB.merged_into))) continue;
    out.push({ proposal, personA, personB });
  }
  for (const { proposal, personA, personB } of out) {
    for (const p of [personA, personB]) {
      await audit(trx, actor, { action: 'personal_data.read', subjectType: 'person', subjectId: p.id, householdId: p.household_id, reason: 'oversight-review', details: { matchProposalId: proposal.id }, at: now });
    }
  }
  return out;
}
