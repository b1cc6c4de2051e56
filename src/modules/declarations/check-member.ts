/**
 * Checking one member's national ID as the applicant types it: the ID's own rules (length, check
 * digit, script: the deployment's scheme) and whether the person is already an active member of
 * another household. It tells whether an ID is registered, so its route has the sensitive rate
 * limit; it never says which household.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem } from '../../shared/problem.js';
import { validateNationalId } from '../../shared/identity/national-id.js';
import { householdOfApplicant, householdOfNationalId } from '../registry/declared-household.js';
import { memberInOtherHousehold, requireApplicant } from './applicant.js';
import { declarationsRepository } from './declarations.repository.js';

export async function checkMember(trx: Tx, actor: Actor, dep: Deployment, input: string): Promise<{ nationalId: string }> {
  const applicant = requireApplicant(actor);
  const check = validateNationalId(dep.idScheme, input);
  if (!check.valid) throw new Problem('invalid-national-id', check.message, { field: 'nationalId', reason: check.reason, scheme: dep.idScheme });
  const theirs = await householdOfNationalId(trx, dep, check.normalized);
  if (theirs) {
    const own = (await declarationsRepository.mine(trx, applicant.userId))?.household_id ?? (await householdOfApplicant(trx, dep, applicant));
    if (theirs !== own) throw memberInOtherHousehold();
  }
  return { nationalId: check.normalized };
}
