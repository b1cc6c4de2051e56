/**
 * A PROGRAMME'S CRITERIA, AS DATA. A ministry officer (or the charity's administrator) edits the
 * draft: an eligibility rule in JSON Logic over the household facts, and the benefit formula. A
 * draft is checked (only the operators and facts the catalogue knows, rules/rule.ts) and compiled
 * to SQL once, when it is saved; the preview of who passes is the what-if (what-if.ts). Publishing
 * makes the draft the version in force, with what the what-if projects of it over the registry
 * now (its monitoring's yardstick, monitoring.ts); published versions are never rewritten (the
 * trigger programme_versions_frozen), and every decision names the version it used.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { checkedFormula, checkedRule } from './checked-rule.js';
import { projectionOf } from './what-if.js';
import { manageableProgramme, readProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';

export async function saveCriteria(db: Executor, actor: Actor, dep: Deployment, id: string, input: { rule: unknown; benefit?: unknown; note?: string | undefined }, now: Date) {
  const p = await manageableProgramme(db, actor, id);
  const rule = checkedRule(input.rule);
  const benefit = checkedFormula(input.benefit);
  if (p.kind === 'cash' && !benefit) throw new Problem('invalid-rule', 'A cash programme needs a benefit formula.', { field: 'benefit' });
  const v = await programmesRepository.saveDraft(db, {
    programmeId: id, rule: rule.rule, ruleSql: rule.sql, benefit: benefit?.formula ?? null, benefitSql: benefit?.sql ?? null, note: input.note ?? null, at: now, by: actor.userId,
  });
  await audit(db, actor, { action: 'programme.criteria.draft', subjectType: 'programme', subjectId: id, details: { code: p.code, version: v.version }, at: now });
  return readProgramme(db, dep, id);
}

export async function publishCriteria(db: Executor, actor: Actor, dep: Deployment, id: string, now: Date) {
  const p = await manageableProgramme(db, actor, id);
  const v = await programmesRepository.publishDraft(db, id, now, actor.userId, (draft) => projectionOf(db, draft.rule_sql, draft.benefit_sql));
  if (!v) throw new Problem('invalid-state', 'There is no draft to publish.');
  await audit(db, actor, { action: 'programme.criteria.publish', subjectType: 'programme', subjectId: id, details: { code: p.code, version: v.version }, at: now });
  return readProgramme(db, dep, id);
}
