/**
 * DECIDING ELIGIBILITY. The programme's rule in force is evaluated over the household's facts as
 * they are now (household-facts.ts) by the rules engine (rules/evaluate.ts); a decision (an
 * application, a review) is stored with the version it used, the facts it read and its reasons in
 * plain words in Arabic, Persian and English, so that each reader sees them in their own language
 * and nobody needs the rule to understand them.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Locale } from '../../db/schema.js';
import { Problem } from '../../shared/problem.js';
import { evaluate, explain, type Reason } from './rules/evaluate.js';
import type { FactName, HouseholdFacts } from './rules/facts.js';
import type { Rule } from './rules/rule.js';
import { programmesRepository } from './programmes.repository.js';

export interface StoredReason extends Reason {
  texts: Record<Locale, string>;
}

const LOCALES: Locale[] = ['ar', 'fa', 'en'];

/** The reasons of an evaluation in the three languages; regions are named, not coded. */
export function explained(dep: Deployment, reasons: Reason[]): StoredReason[] {
  return reasons.map((r) => ({
    ...r,
    texts: Object.fromEntries(LOCALES.map((l) => [l, explain(r, l, dep.currency, (fact: FactName, code: string) => (fact === 'regionCode' || fact === 'provinceCode' ? dep.regions.get(code)?.names[l] ?? code : code))])) as Record<Locale, string>,
  }));
}

/** What the rule says of these facts, explained (nothing stored). */
export function judge(dep: Deployment, rule: unknown, facts: HouseholdFacts) {
  const e = evaluate(rule as Rule, facts);
  return { passed: e.passed, reasons: explained(dep, e.reasons) };
}

/** The version in force of a programme, or 409 when it has none. */
export async function versionInForce(db: Executor, programmeId: string) {
  const v = await programmesRepository.currentVersion(db, programmeId);
  if (!v) throw new Problem('invalid-state', 'The programme has no criteria in force yet.');
  return v;
}
