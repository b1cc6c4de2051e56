/**
 * A PROGRAMME'S CRITERIA, AS DATA. A ministry officer (or the charity's administrator) edits the
 * draft: an eligibility rule in JSON Logic over the household facts, and the benefit formula. A
 * draft is checked (only the operators and facts the catalogue knows, rules/rule.ts) and compiled
 * to SQL once, when it is saved; the preview of who passes is the what-if (what-if.ts). Publishing
 * makes the draft the version in force; published versions are never rewritten (the trigger
 * programme_versions_frozen), and every decision names the version it used.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { compileBenefit, validateFormula, type BenefitFormula } from './rules/benefit.js';
import { compileRule } from './rules/compile-sql.js';
import { validateRule, type Rule } from './rules/rule.js';
import { manageableProgramme, readProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';

/** A rule checked and compiled, or 400 invalid-rule naming where it is wrong. */
export function checkedRule(rule: unknown, field = 'rule'): { rule: Rule; sql: string } {
  const c = validateRule(rule);
  if (!c.ok) throw new Problem('invalid-rule', `${field}${c.path}: ${c.message}`, { field, path: c.path });
  return { rule: c.rule, sql: compileRule(c.rule) };
}

/** A benefit formula checked and compiled (null: the programme pays no computed amount). */
export function checkedFormula(benefit: unknown, field = 'benefit'): { formula: BenefitFormula; sql: string } | null {
  if (benefit === null || benefit === undefined) return null;
  const c = validateFormula(benefit);
  if (!c.ok) throw new Problem('invalid-rule', `${field}${c.path}: ${c.message}`, { field, path: c.path });
  return { formula: c.formula, sql: compileBenefit(c.formula) };
}

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
  const v = await programmesRepository.publishDraft(db, id, now, actor.userId);
  if (!v) throw new Problem('invalid-state', 'There is no draft to publish.');
  await audit(db, actor, { action: 'programme.criteria.publish', subjectType: 'programme', subjectId: id, details: { code: p.code, version: v.version }, at: now });
  return readProgramme(db, dep, id);
}
