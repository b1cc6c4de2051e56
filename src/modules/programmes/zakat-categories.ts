/**
 * ZAKAT ONLY TO THE ENTITLED. The deployment's zakat categories are a rule over the same household
 * facts as any criterion (in the default profile: the poor and the needy — income per member under
 * a limit, no more than a little cash aid lately), versioned like programme criteria. The database
 * holds it (zakat_entitled(), the trigger grants_zakat_entitled): a grant of a zakat-funded
 * programme to a household outside the categories is refused however it is written. This use case
 * edits the categories and explains a household's standing with the reasons.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { forbidden, notFound } from '../../shared/problem.js';
import type { Tx } from '../../kernel/transaction.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { audit } from '../audit/audit.service.js';
import { checkedRule } from './checked-rule.js';
import { judge } from './decide-eligibility.js';
import { householdFacts } from './household-facts.js';
import { programmesRepository } from './programmes.repository.js';
import { reasonView } from './views.js';

export async function readZakat(db: Executor) {
  const z = await programmesRepository.currentZakat(db);
  return z ? { version: z.version, rule: z.rule, note: z.note, publishedAt: new Date(z.published_at).toISOString() } : { version: null, rule: null, note: null, publishedAt: null };
}

export async function setZakatCategories(db: Executor, actor: Actor, input: { rule: unknown; note?: string | undefined }, now: Date) {
  const rule = checkedRule(input.rule);
  const z = await programmesRepository.insertZakat(db, { rule: rule.rule, ruleSql: rule.sql, note: input.note ?? null, at: now, by: actor.userId });
  await audit(db, actor, { action: 'zakat.categories.publish', subjectType: 'zakat_categories', subjectId: String(z.version), details: { version: z.version }, at: now });
  return readZakat(db);
}

/** Whether a household may receive zakat now, as the database decides it, with the reasons. */
export async function zakatStanding(db: Tx, actor: Actor, dep: Deployment, householdId: string) {
  if (!(await mayReadHousehold(db, actor, householdId))) throw forbidden('You may not see this household.');
  const facts = await householdFacts(db, actor, householdId);
  if (!facts) throw notFound('The household');
  const z = await programmesRepository.currentZakat(db);
  const standing = await programmesRepository.zakatEntitled(db, householdId);
  const reasons = z ? judge(dep, z.rule, facts).reasons.map((r) => reasonView(r, actor.locale)) : [];
  return { householdId, entitled: standing.entitled, version: standing.version, reasons };
}
