/**
 * A rule or a benefit formula from outside (a request body, a stored version) checked by the
 * rules engine and compiled to SQL once, or refused with 400 invalid-rule naming where it is wrong.
 */
import { Problem } from '../../shared/problem.js';
import { compileBenefit, validateFormula, type BenefitFormula } from './rules/benefit.js';
import { compileRule } from './rules/compile-sql.js';
import { validateRule, type Rule } from './rules/rule.js';

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
