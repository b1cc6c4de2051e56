/**
 * The programmes' eligibility rules engine, pure: the facts catalogue (facts.ts), a rule's
 * validation (rule.ts), one household's verdict and reasons in words (evaluate.ts,
 * reason-texts.ts), the rule as SQL for every household at once (compile-sql.ts), and the
 * benefit formula (benefit.ts).
 */
export { FACTS, FACT_NAMES, isFactName, type Fact, type FactKind, type FactName, type HouseholdFacts } from './facts.js';
export { RULE_OPERATORS, LIMITS, validateRule, requireRule, factsOf, type Rule, type RuleCheck, type RuleOperator } from './rule.js';
export { evaluate, explain, type Eligibility, type Reason, type CodeName } from './evaluate.js';
export { compileRule, qualifiedColumn, type ColumnOf } from './compile-sql.js';
export { benefitAmount, compileBenefit, requireFormula, validateFormula, type BenefitFormula, type FormulaCheck } from './benefit.js';
export type { Locale } from './reason-texts.js';
