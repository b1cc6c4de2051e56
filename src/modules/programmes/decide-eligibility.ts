/**
 * DECIDING ELIGIBILITY. The programme's rule in force (or a given version) is evaluated over the
 * household's facts as they are now (household-facts.ts) by the rules engine (rules/evaluate.ts);
 * the decision is stored with the version it used, the facts it read and its reasons in plain
 * words in Arabic, Persian and English, so that each reader sees them in their own language and
 * nobody needs the rule to understand them.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Locale } from '../../db/schema.js';
import { Problem, notFound } from '../../shared/problem.js';
import { evaluate, explain, type Reason } from './rules/evaluate.js';
import type { FactName, HouseholdFacts } from './rules/facts.js';
import type { Rule } from './rules/rule.js';
import { householdFacts } from './household-facts.js';
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
  const v = (await programmesRepository.versions(db, programmeId)).find((x) => x.state === 'published');
  if (!v) throw new Problem('invalid-state', 'The programme has no criteria in force yet.');
  return v;
}

/**
 * Decides and stores: the household's facts now, under the version in force, for an application
 * (or none), by a person (or the rule alone: null).
 */
export async function decideEligibility(db: Executor, dep: Deployment, programmeId: string, householdId: string, opts: { applicationId: string | null; by: string | null; now: Date }) {
  const version = await versionInForce(db, programmeId);
  const facts = await householdFacts(db, householdId);
  if (!facts) throw notFound('The household');
  const j = judge(dep, version.rule, facts);
  const decision = await programmesRepository.insertDecision(db, {
    programmeId, version: version.version, householdId, applicationId: opts.applicationId, passed: j.passed, reasons: j.reasons, facts, at: opts.now, by: opts.by,
  });
  return { decision, facts, version };
}
