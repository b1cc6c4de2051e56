/**
 * A member moves from one household to another in one step: the membership here ends and the one
 * there begins in the same transaction, so the person is never in both, nor in neither. Staff
 * must be allowed to see both households. Relations are the target's: a second head is refused
 * by the unique index household_members_one_head (a 400 naming `relation`), a concurrent move or
 * registration elsewhere by household_members_one_active (409). Each household's trail records
 * the move with its reason.
 */
import type { Executor } from '../../db/database.js';
import type { Relation } from '../../db/schema.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from './registry.repository.js';
import { endMembership, insertMemberOrConflict, mayReadHousehold } from './registry.service.js';

export interface MoveInput {
  toHouseholdId: string;
  relation: Relation;
  reason: string;
}

export async function moveMember(db: Executor, actor: Actor, fromHouseholdId: string, personId: string, input: MoveInput, now: Date) {
  const to = input.toHouseholdId;
  if (to === fromHouseholdId) throw new Problem('validation', 'The member is already in this household.', { field: 'toHouseholdId' });
  for (const id of [fromHouseholdId, to]) {
    if (!(await householdsRepository.householdExists(db, id))) throw id === to ? new Problem('not-found', 'The household to move to was not found.', { field: 'toHouseholdId' }) : notFound('The household');
    if (!(await mayReadHousehold(db, actor, id))) throw forbidden('You have no claim or grant for one of these households.');
  }
  await endMembership(db, fromHouseholdId, personId, now);
  await insertMemberOrConflict(db, actor, { householdId: to, personId, relation: input.relation }, '');
  await audit(db, actor, { action: 'household.member.move', subjectType: 'household', subjectId: fromHouseholdId, householdId: fromHouseholdId, reason: input.reason, details: { to } });
  await audit(db, actor, { action: 'household.member.move', subjectType: 'household', subjectId: to, householdId: to, reason: input.reason, details: { from: fromHouseholdId } });
}
