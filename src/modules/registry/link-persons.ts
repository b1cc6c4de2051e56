/**
 * Two records of one person linked (issue 14): matching proposes that person B (say, a record with a
 * mistyped national ID) is person A, and the ministry confirms. In one transaction B's grants and aid
 * requests become A's, B's household place is settled, and B points at A from then on (merged_into):
 * B is read-only (the triggers persons_merged_read_only, household_members_person_not_merged) and a
 * registration or lookup of B's national ID lands on A (registry_surviving_person, 0024).
 *
 * - A is in a household: B's grants and requests given in B's household move to A's, B's membership
 *   ends; when B was the last member of that household (B's household was A registered again), the
 *   aid given to it as a household moves too. A is in none: A takes B's place in B's household (B's membership ends, A joins with B's
 *   relation, as move-member.ts does), and the grants stay in that household.
 * - The no-duplicate rule decides what may not move: if B's grants would give A's household the same
 *   aid twice inside its window, the exclusion constraint grants_no_duplicate_aid refuses the UPDATE
 *   (an open request twice: aid_requests_one_open_per_group), and nothing of the merge is written.
 * - Both records are locked in the order of their ids (personsRepository.lockForMerge), so a merge
 *   racing another merge or a grant waits, and a record merged meanwhile is refused (person-merged).
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository, personsRepository } from './registry.repository.js';
import { endMembership, insertMemberOrConflict } from './registry.service.js';

export interface LinkInput {
  /** The record that is kept (A). */
  keepId: string;
  /** The record merged into it (B). */
  mergeId: string;
  reason: string;
}

export async function linkPersons(trx: Tx, actor: Actor, input: LinkInput, now: Date) {
  if (actor.orgKind !== 'ministry') throw forbidden('Only the ministry links two records of one person.');
  const keepId = input.keepId.toLowerCase();
  const mergeId = input.mergeId.toLowerCase();
  if (keepId === mergeId) throw new Problem('validation', 'A person cannot be merged into themselves.', { field: 'mergeId' });
  const reason = input.reason.trim();
  if (reason.length < 10) throw new Problem('validation', 'Say why the two records are one person (at least 10 characters).', { field: 'reason' });

  for (const id of [keepId, mergeId].sort()) {
    const p = await personsRepository.lockForMerge(trx, id);
    if (!p) throw id === mergeId ? new Problem('not-found', 'The person to merge was not found.', { field: 'mergeId' }) : notFound('The person');
    if (p.merged_into) throw alreadyMerged(id, p.merged_into);
  }

  const memberships = await householdsRepository.activeMemberships(trx, [keepId, mergeId]);
  const keepHousehold = memberships.find((m) => m.person_id === keepId) ?? null;
  const mergeHousehold = memberships.find((m) => m.person_id === mergeId) ?? null;
  const survivorHousehold = keepHousehold?.household_id ?? mergeHousehold?.household_id ?? null;

  let moved: { grantsMoved: number; requestsMoved: number };
  try {
    moved = await personsRepository.moveAid(trx, { fromPerson: mergeId, toPerson: keepId, fromHousehold: mergeHousehold?.household_id ?? null, toHousehold: keepHousehold?.household_id ?? null });
  } catch (e) {
    throw mergeConflictProblem(e, survivorHousehold) ?? e;
  }

  if (mergeHousehold) {
    await endMembership(trx, mergeHousehold.household_id, mergeId, now);
    if (!keepHousehold) await insertMemberOrConflict(trx, actor, { householdId: mergeHousehold.household_id, personId: keepId, relation: mergeHousehold.relation }, '');
  }
  if (!(await personsRepository.markMerged(trx, { mergeId, keepId, by: actor.userId, at: now }))) throw alreadyMerged(mergeId, null);

  // Each household concerned records the merge in its trail; the details are ids and counts only.
  const details = { keepId, mergeId, fromHouseholdId: mergeHousehold?.household_id ?? null, householdId: survivorHousehold, ...moved };
  const households = [...new Set([survivorHousehold, mergeHousehold?.household_id ?? null])];
  for (const householdId of households) {
    await audit(trx, actor, { action: 'person.merge', subjectType: 'person', subjectId: keepId, householdId, reason, details, at: now });
  }
  return { personId: keepId, mergedId: mergeId, householdId: survivorHousehold, ...moved };
}

function alreadyMerged(personId: string, mergedInto: string | null) {
  return new Problem('person-merged', 'This record was already merged into another; merge into the record that was kept.', { personId, mergedInto });
}

/** The database's refusal of a move explained: the same aid twice in the survivor's household. Anything else is not ours. */
function mergeConflictProblem(e: unknown, householdId: string | null): Problem | null {
  const err = e as { code?: string; constraint?: string };
  if (err.code === '23P01' && err.constraint === 'grants_no_duplicate_aid') {
    return new Problem(
      'merge-conflicts-aid',
      'The merged record holds a grant of an aid group that the household already received inside its window. Revoke one of the two grants (or have a supervisor approve an exception), then merge again.',
      { householdId, conflict: 'grant' },
    );
  }
  if (err.code === '23505' && err.constraint === 'aid_requests_one_open_per_group') {
    return new Problem(
      'merge-conflicts-aid',
      'Both records have an open request for the same aid group in one household. Withdraw or decide one of the two requests, then merge again.',
      { householdId, conflict: 'open-request' },
    );
  }
  return null;
}
