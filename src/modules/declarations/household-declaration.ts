/**
 * What a household declared, for staff who may see the household (the registry's visibility: the
 * ministry, a charity that registered it, holds or decided one of its requests): the latest
 * version's facts with their provenance and every version's changes. A reveal of personal data:
 * audited (personal_data.read, reason 'declaration') when there is something to show.
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import type { Change } from './declarations.contracts.js';
import { declarationsRepository } from './declarations.repository.js';

export async function householdDeclaration(trx: Tx, actor: Actor, householdId: string) {
  if (!(await householdsRepository.householdExists(trx, householdId))) throw notFound('The household');
  if (actor.role === 'applicant' || !(await mayReadHousehold(trx, actor, householdId))) throw forbidden('You have no claim or grant for this household.');
  const versions = await declarationsRepository.versionsOfHousehold(trx, householdId);
  const latest = versions[0];
  const facts = latest ? await declarationsRepository.facts(trx, latest.id) : [];
  if (latest) await audit(trx, actor, { action: 'personal_data.read', subjectType: 'household', subjectId: householdId, householdId, reason: 'declaration' });
  return {
    householdId,
    latest: latest ? { version: latest.version, submittedAt: latest.submitted_at.toISOString(), facts: facts.map((f) => ({ path: f.path, value: f.value, source: f.source })) } : null,
    versions: versions.map((v) => ({ version: v.version, submittedAt: v.submitted_at.toISOString(), changes: v.changes as Change[] })),
  };
}
