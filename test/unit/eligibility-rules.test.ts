/**
 * The eligibility rules engine without a database: each operator's verdict, SQL's logic of unknown
 * facts (fail-closed), the refusals of validateRule with the JSON pointer of the part at fault,
 * the reasons and their sentences in Arabic, Persian and English, the SQL text's safety, and the
 * benefit formula. That the SQL gives the same verdicts is test/integration/eligibility-sql.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsonLogic from 'json-logic-js';
import { FACTS, FACT_NAMES, type FactName, type HouseholdFacts } from '../../src/modules/programmes/rules/facts.js';
import { RULE_OPERATORS, requireRule, validateRule, type Rule } from '../../src/modules/programmes/rules/rule.js';
import { evaluate, explain, type Reason } from '../../src/modules/programmes/rules/evaluate.js';
import { compileRule, qualifiedColumn } from '../../src/modules/programmes/rules/compile-sql.js';
import { benefitAmount, compileBenefit, validateFormula, type BenefitFormula } from '../../src/modules/programmes/rules/benefit.js';
import { HOUSING } from '../../src/modules/scoring/need-score.js';

const KWD = { code: 'KWD', minorUnits: 3 };
const UNKNOWN = Object.fromEntries(FACT_NAMES.map((f) => [f, null])) as HouseholdFacts;
const household = (known: Partial<HouseholdFacts>): HouseholdFacts => ({ ...UNKNOWN, ...known });
const family = household({ members: 5, children: 3, elders: 1, headAge: 44, regionCode: 'R1', housing: 'rented', incomePerMemberMinor: 30000, monthlyIncomeMinor: 150000, monthlyRentMinor: 120000, declared: true, allNationals: false });
const passes = (rule: unknown, facts: HouseholdFacts = family) => evaluate(requireRule(rule), facts).passed;
const refusal = (rule: unknown) => {
  const checked = validateRule(rule);
  assert.equal(checked.ok, false, `${JSON.stringify(rule)} must be refused`);
  return checked as { ok: false; path: string; message: string };
};
const ARABIC_SCRIPT = /^[\u0600-\u06FF\u200c\s\d.,:«»()A-Z-]+$/;
const income = (limit: number) => ({ '<=': [{ var: 'incomePerMemberMinor' }, limit] });

// ------------------------------------------------------------------------------------------------
// The facts catalogue

test('the catalogue names each fact once, with a snake_case column and labels in three languages; housing takes the declaration\'s tenures', () => {
  assert.equal(FACT_NAMES.length, 17);
  const columns = FACT_NAMES.map((f) => FACTS[f].column);
  assert.equal(new Set(columns).size, columns.length);
  for (const f of FACT_NAMES) {
    assert.equal(FACTS[f].column, f.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`), f);
    for (const l of ['en', 'ar', 'fa'] as const) assert.ok(FACTS[f].label[l].length > 0, `${f} ${l}`);
  }
  assert.equal(FACTS.cashAid90dMinor.column, 'cash_aid_90d_minor');
  assert.deepEqual(FACTS.housing.codes, HOUSING);
});

// ------------------------------------------------------------------------------------------------
// One test per operator

test('and: passes only when every part passes', () => {
  assert.equal(passes({ and: [{ '>=': [{ var: 'members' }, 2] }, { var: 'declared' }] }), true);
  assert.equal(passes({ and: [{ '>=': [{ var: 'members' }, 2] }, { var: 'allNationals' }] }), false);
  assert.equal(passes({ and: [true] }), true);
});

test('or: passes when one part passes', () => {
  assert.equal(passes({ or: [{ var: 'allNationals' }, { '>': [{ var: 'children' }, 2] }] }), true);
  assert.equal(passes({ or: [{ var: 'allNationals' }, { '>': [{ var: 'children' }, 3] }] }), false);
});

test('!: the opposite of its condition', () => {
  assert.equal(passes({ '!': [{ var: 'allNationals' }] }), true);
  assert.equal(passes({ '!': { var: 'declared' } }), false, 'the one-argument shorthand');
});

test('==: equal numbers, codes and yes/no', () => {
  assert.equal(passes({ '==': [{ var: 'members' }, 5] }), true);
  assert.equal(passes({ '==': [{ var: 'members' }, 4] }), false);
  assert.equal(passes({ '==': [{ var: 'housing' }, 'rented'] }), true);
  assert.equal(passes({ '==': [{ var: 'declared' }, true] }), true);
  assert.equal(passes({ '==': [{ var: 'members' }, 5.0] }), true);
});

test('!=: different values', () => {
  assert.equal(passes({ '!=': [{ var: 'housing' }, 'owned'] }), true);
  assert.equal(passes({ '!=': [{ var: 'members' }, 5] }), false);
});

test('<, <=, >, >=: numeric order, at the boundary too', () => {
  assert.equal(passes({ '<': [{ var: 'headAge' }, 44] }), false);
  assert.equal(passes({ '<': [{ var: 'headAge' }, 45] }), true);
  assert.equal(passes({ '<=': [{ var: 'headAge' }, 44] }), true);
  assert.equal(passes({ '<=': [{ var: 'headAge' }, 43] }), false);
  assert.equal(passes({ '>': [{ var: 'headAge' }, 44] }), false);
  assert.equal(passes({ '>': [{ var: 'headAge' }, 43] }), true);
  assert.equal(passes({ '>=': [{ var: 'headAge' }, 44] }), true);
  assert.equal(passes({ '>=': [{ var: 'headAge' }, 45] }), false);
  assert.equal(passes({ '>=': [35000, { var: 'incomePerMemberMinor' }] }), true, 'the limit on the left');
});

test('between: < and <= with three arguments, exclusive and inclusive', () => {
  assert.equal(passes({ '<=': [18, { var: 'headAge' }, 44] }), true);
  assert.equal(passes({ '<': [18, { var: 'headAge' }, 44] }), false);
  assert.equal(passes({ '<': [18, { var: 'headAge' }, 45] }), true);
  assert.equal(passes({ '<=': [45, { var: 'headAge' }, 60] }), false);
});

test('in: the value is one of a list of codes or numbers', () => {
  assert.equal(passes({ in: [{ var: 'regionCode' }, ['R1', 'R2']] }), true);
  assert.equal(passes({ in: [{ var: 'regionCode' }, ['R2', 'R3']] }), false);
  assert.equal(passes({ in: [{ var: 'children' }, [1, 2, 3]] }), true);
  assert.equal(passes({ in: [{ var: 'children' }, [4]] }), false);
});

test('var: a yes/no fact is a condition by itself; other facts are read for comparisons', () => {
  assert.equal(passes({ var: 'declared' }), true);
  assert.equal(passes({ var: ['allNationals'] }), false, 'the array form');
  assert.equal(passes({ '>': [{ var: 'monthlyRentMinor' }, { var: 'incomePerMemberMinor' }] }), true);
});

test('+, -, *: calculations, exact in decimals', () => {
  assert.equal(passes({ '==': [{ '+': [{ var: 'children' }, { var: 'elders' }] }, 4] }), true);
  assert.equal(passes({ '==': [{ '-': [{ var: 'members' }, { var: 'children' }] }, 2] }), true);
  assert.equal(passes({ '==': [{ '-': [{ var: 'members' }] }, -5] }), true, 'negation');
  // rent above 75% of income: 120000 > 0.75 × 150000 = 112500
  assert.equal(passes({ '>': [{ var: 'monthlyRentMinor' }, { '*': [0.75, { var: 'monthlyIncomeMinor' }] }] }), true);
  assert.equal(passes({ '==': [{ '+': [0.1, 0.2] }, 0.3] }), true, 'as SQL numeric, not binary floating point');
  // beyond 2^53: products of money are exact
  assert.equal(passes({ '>': [{ '*': [{ var: 'monthlyIncomeMinor' }, { var: 'monthlyIncomeMinor' }, 1000000] }, { '+': [{ '*': [{ var: 'monthlyIncomeMinor' }, { var: 'monthlyIncomeMinor' }, 1000000] }, -1] }] }), true);
});

// ------------------------------------------------------------------------------------------------
// Unknown facts: SQL's three-valued logic, fail-closed

test('a comparison with an unknown fact is unknown: neither it nor its negation passes', () => {
  const unknownIncome = household({ members: 3 });
  for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
    assert.equal(passes({ [op]: [{ var: 'incomePerMemberMinor' }, 35000] }, unknownIncome), false, op);
    assert.equal(passes({ '!': [{ [op]: [{ var: 'incomePerMemberMinor' }, 35000] }] }, unknownIncome), false, `! ${op}`);
  }
  assert.equal(passes({ var: 'declared' }, unknownIncome), false);
  assert.equal(passes({ '!': [{ var: 'declared' }] }, unknownIncome), false);
  assert.equal(passes({ '<=': [1, { var: 'members' }, { var: 'children' }] }, unknownIncome), false, 'an unknown end of a range');
});

test('and / or follow SQL: false and unknown is false, true or unknown is true, and their negations accordingly', () => {
  const h = household({ members: 1 });
  const unknown = { '>': [{ var: 'children' }, 0] };
  const falseOne = { '>': [{ var: 'members' }, 2] };
  const trueOne = { '>': [{ var: 'members' }, 0] };
  assert.equal(passes({ '!': [{ and: [unknown, falseOne] }] }, h), true, 'unknown AND false is false');
  assert.equal(passes({ '!': [{ and: [unknown, trueOne] }] }, h), false, 'unknown AND true is unknown');
  assert.equal(passes({ or: [unknown, trueOne] }, h), true, 'unknown OR true is true');
  assert.equal(passes({ or: [unknown, falseOne] }, h), false);
  assert.equal(passes({ '!': [{ or: [unknown, falseOne] }] }, h), false, 'unknown OR false is unknown');
});

test('in with an unknown value is unknown; a calculation with an unknown fact is unknown', () => {
  const h = household({ members: 4 });
  assert.equal(passes({ in: [{ var: 'regionCode' }, ['R1']] }, h), false);
  assert.equal(passes({ '!': [{ in: [{ var: 'regionCode' }, ['R1']] }] }, h), false);
  assert.equal(passes({ '<': [{ '+': [{ var: 'members' }, { var: 'children' }] }, 100] }, h), false);
  assert.equal(passes({ '!': [{ '<': [{ '*': [{ var: 'children' }, 0] }, 100] }] }, h), false, 'unknown × 0 is unknown, not 0');
});

test('the rule\'s operations are the module\'s own: json-logic-js keeps its standard behaviour for anyone else', () => {
  requireRule({ var: 'declared' });
  // standard JSON Logic: "and" returns its first falsy argument, "==" is JavaScript's loose equality
  assert.equal(jsonLogic.apply({ and: [null, false] }), null);
  assert.equal(jsonLogic.apply({ '==': [1, '1'] }), true);
  assert.equal(jsonLogic.apply({ '<': [{ var: 'x' }, 1] }, { x: null }), true, 'null < 1 in JavaScript');
  assert.equal(passes({ '<': [{ var: 'members' }, 1] }, UNKNOWN), false, 'but unknown in a rule');
});

test('facts of the wrong type are a programming error, not a verdict', () => {
  assert.throws(() => evaluate(requireRule({ '>': [{ var: 'members' }, 1] }), household({ members: '3' as unknown as number })), /members must be a number/);
});

// ------------------------------------------------------------------------------------------------
// Validation

test('the operators are the grammar\'s, and a valid rule comes back in its canonical shape', () => {
  assert.deepEqual([...RULE_OPERATORS], ['and', 'or', '!', '==', '!=', '<', '<=', '>', '>=', 'in', 'var', '+', '-', '*']);
  const checked = validateRule({ '!': { var: ['declared'] } });
  assert.deepEqual(checked, { ok: true, rule: { '!': [{ var: 'declared' }] } });
});

test('an unknown operator is refused at its pointer', () => {
  const r = refusal({ and: [{ '>=': [{ var: 'members' }, 2] }, { if: [true, true, false] }] });
  assert.equal(r.path, '/and/1/if');
  assert.match(r.message, /unknown operator "if"/);
  assert.equal(refusal({ 'a/b~': [1] }).path, '/a~1b~0', 'the pointer escapes / and ~');
  assert.match(refusal({ '/': [{ var: 'members' }, 2] }).message, /unknown operator/);
});

test('an unknown fact, a dotted path and a default are refused at the var', () => {
  const r = refusal({ or: [{ var: 'declared' }, { '<': [{ var: 'income' }, 3] }] });
  assert.equal(r.path, '/or/1/</0/var');
  assert.match(r.message, /"income" is not a fact/);
  assert.equal(refusal({ '>': [{ var: 'members.length' }, 1] }).path, '/>/0/var');
  const withDefault = refusal({ '>': [{ var: ['members', 0] }, 1] });
  assert.equal(withDefault.path, '/>/0/var');
  assert.match(withDefault.message, /without a default/);
});

test('bad literals are refused: null, a code with a space or a quote, fractions of money, a number too precise, a housing code that does not exist', () => {
  assert.equal(refusal({ '==': [{ var: 'members' }, null] }).path, '/==/1');
  const quote = refusal({ '==': [{ var: 'regionCode' }, "R1' or true --"] });
  assert.equal(quote.path, '/==/1');
  assert.match(quote.message, /a code is 1 to 64/);
  assert.equal(refusal({ in: [{ var: 'regionCode' }, ['R1', 'R 2']] }).path, '/in/1/1');
  assert.match(refusal({ '<=': [{ var: 'incomePerMemberMinor' }, 35000.5] }).message, /whole minor units/);
  assert.match(refusal({ '>': [{ var: 'members' }, 0.1234567] }).message, /at most 6 decimal places/);
  assert.match(refusal({ '>': [{ var: 'members' }, 1e16] }).message, /between/);
  assert.match(refusal({ '>': [{ var: 'members' }, Infinity] }).message, /finite/);
  const villa = refusal({ in: [{ var: 'housing' }, ['rented', 'villa']] });
  assert.equal(villa.path, '/in/1/1');
  assert.match(villa.message, /"villa" is not a code of housing/);
});

test('a rule nested more than 12 levels deep, or of more than 500 parts, is refused', () => {
  let deep: unknown = { var: 'declared' };
  for (let i = 0; i < 11; i++) deep = { '!': [deep] };
  assert.equal(validateRule(deep).ok, true, '12 levels');
  const tooDeep = refusal({ '!': [deep] });
  assert.equal(tooDeep.path, `${'/!/0'.repeat(12)}`);
  assert.match(tooDeep.message, /at most 12 levels/);
  const wide = { or: Array.from({ length: 200 }, (_, i) => ({ '==': [{ var: 'members' }, i] })) };
  assert.match(refusal(wide).message, /at most 500 parts/);
  assert.match(refusal({ in: [{ var: 'members' }, Array.from({ length: 201 }, (_, i) => i)] }).message, /1 to 200/);
});

test('operands of the wrong kind and wrong arities are refused', () => {
  assert.equal(refusal({ '>': [{ var: 'members' }] }).path, '/>');
  assert.equal(refusal({ '!': [true, false] }).path, '/!');
  assert.equal(refusal({ and: [] }).path, '/and');
  assert.match(refusal({ '<': [{ var: 'regionCode' }, 'R2'] }).message, /codes have no order/);
  assert.equal(refusal({ '==': [{ var: 'members' }, 'R1'] }).path, '/==/1');
  assert.equal(refusal({ and: [{ var: 'members' }] }).path, '/and/0');
  assert.equal(refusal({ '+': [{ var: 'members' }, true] }).path, '/+/1');
  assert.equal(refusal({ in: [{ var: 'members' }, ['R1']] }).path, '/in/1/0');
  assert.equal(refusal({ in: [{ var: 'members' }, { var: 'children' }] }).path, '/in/1');
  assert.match(refusal({ in: [{ var: 'declared' }, ['R1']] }).message, /not a condition/);
  assert.equal(refusal({ '==': [{ var: 'members' }, [1]] }).path, '/==/1');
  assert.match(refusal({ '==': [1, 1], '!=': [1, 2] }).message, /exactly one key/);
});

test('the whole rule must be a condition', () => {
  assert.match(refusal({ var: 'members' }).message, /must be a condition/);
  assert.match(refusal({ '+': [1, 2] }).message, /must be a condition/);
  assert.match(refusal('R1').message, /must be a condition/);
  assert.match(refusal([true]).message, /list is allowed only/);
});

// ------------------------------------------------------------------------------------------------
// Reasons and their words

test('reasons: a failed and lists its failing parts, a passed and all; an or the part that passed, or all', () => {
  const rule = requireRule({ and: [income(35000), { '>=': [{ var: 'members' }, 2] }, { in: [{ var: 'regionCode' }, ['R1', 'R2']] }] });
  const poor = evaluate(rule, household({ incomePerMemberMinor: 30000, members: 3, regionCode: 'R1' }));
  assert.equal(poor.passed, true);
  assert.deepEqual(poor.reasons.map((r) => [r.fact, r.op, r.held]), [['incomePerMemberMinor', '<=', true], ['members', '>=', true], ['regionCode', 'in', true]]);
  const richer = evaluate(rule, household({ incomePerMemberMinor: 41000, members: 3, regionCode: 'R3' }));
  assert.equal(richer.passed, false);
  assert.deepEqual(richer.reasons, [
    { fact: 'incomePerMemberMinor', op: '<=', value: 41000, limit: 35000, held: false },
    { fact: 'regionCode', op: 'in', value: 'R3', limit: ['R1', 'R2'], held: false },
  ]);
  const unknown = evaluate(rule, household({ members: 3, regionCode: 'R1' }));
  assert.deepEqual(unknown.reasons, [{ fact: 'incomePerMemberMinor', op: '<=', value: null, limit: 35000, held: null }], 'the unknown part is why');

  const either = requireRule({ or: [{ var: 'allNationals' }, { '>=': [{ var: 'elders' }, 1] }, { '>=': [{ var: 'children' }, 3] }] });
  assert.deepEqual(evaluate(either, family).reasons.map((r) => r.fact), ['elders']);
  assert.deepEqual(evaluate(either, household({ allNationals: false, elders: 0, children: 0 })).reasons.map((r) => r.fact), ['allNationals', 'elders', 'children']);
  assert.deepEqual(evaluate(requireRule({ '>=': [35000, { var: 'incomePerMemberMinor' }] }), family).reasons, [{ fact: 'incomePerMemberMinor', op: '<=', value: 30000, limit: 35000, held: true }], 'read from the fact\'s side');
  assert.deepEqual(evaluate(requireRule({ '<=': [18, { var: 'headAge' }, 60] }), family).reasons, [{ fact: 'headAge', op: 'between', value: 44, limit: [18, 60], held: true }]);
  assert.deepEqual(evaluate(requireRule({ '==': [{ var: 'declared' }, income(35000)] }), family).reasons, [
    { fact: 'declared', op: 'is', value: true, limit: true, held: true },
    { fact: 'incomePerMemberMinor', op: '<=', value: 30000, limit: 35000, held: true },
  ], 'conditions compared with each other are explained by their own comparisons');
});

test('an income limit in words: the exact English sentence, and Arabic and Persian sentences with the same amounts', () => {
  const rule = requireRule(income(35000));
  const failed = evaluate(rule, household({ incomePerMemberMinor: 41000 })).reasons[0]!;
  const passed = evaluate(rule, household({ incomePerMemberMinor: 30000 })).reasons[0]!;
  assert.equal(explain(failed, 'en', KWD), 'income per member 41.000 KWD is above the limit of 35.000 KWD');
  assert.equal(explain(passed, 'en', KWD), 'income per member 30.000 KWD is within the limit of 35.000 KWD');
  for (const locale of ['ar', 'fa'] as const) {
    for (const [reason, amount] of [[failed, '41.000 KWD'], [passed, '30.000 KWD']] as const) {
      const text = explain(reason, locale, KWD);
      assert.ok(text.includes(amount) && text.includes('35.000 KWD'), text);
      assert.match(text, ARABIC_SCRIPT, text);
      assert.ok(/[\u0600-\u06FF]{3}/.test(text.replace(/KWD/g, '')), text);
    }
    assert.notEqual(explain(failed, locale, KWD), explain(passed, locale, KWD), 'held and failed are said differently');
  }
  assert.equal(explain(failed, 'ar', KWD), 'دخل الفرد 41.000 KWD يتجاوز الحد البالغ 35.000 KWD');
  assert.equal(explain(passed, 'fa', KWD), 'درآمد سرانه 30.000 KWD در حد مجاز 35.000 KWD است');
});

test('other sentences: at least, one of (regions named by the caller), not known, yes/no facts, a calculation, a currency without decimals', () => {
  const say = (rule: unknown, facts: HouseholdFacts, locale: 'en' | 'ar' | 'fa' = 'en', codeName?: (f: FactName, c: string) => string) =>
    evaluate(requireRule(rule), facts).reasons.map((r: Reason) => explain(r, locale, KWD, codeName));
  assert.deepEqual(say({ '>=': [{ var: 'members' }, 2] }, household({ members: 3 })), ['members 3 is at least 2']);
  assert.deepEqual(say({ '>=': [{ var: 'members' }, 2] }, household({ members: 1 })), ['members 1 is less than 2']);
  const names = (f: FactName, c: string) => (f === 'regionCode' ? ({ R1: 'Riyadh', R2: 'Hail', R9: 'Jazan' } as Record<string, string>)[c] ?? c : c);
  assert.deepEqual(say({ in: [{ var: 'regionCode' }, ['R1', 'R2']] }, household({ regionCode: 'R9' }), 'en', names), ['region is not one of Riyadh, Hail']);
  assert.deepEqual(say({ in: [{ var: 'regionCode' }, ['R1', 'R2']] }, household({ regionCode: 'R1' }), 'en', names), ['region is one of Riyadh, Hail']);
  assert.deepEqual(say({ in: [{ var: 'regionCode' }, ['R1', 'R2']] }, household({ regionCode: 'R9' }), 'ar', names), ['المنطقة خارج القائمة: Riyadh، Hail']);
  assert.deepEqual(say(income(35000), UNKNOWN), ['income per member is not known']);
  assert.deepEqual(say(income(35000), UNKNOWN, 'ar'), ['دخل الفرد غير معروف']);
  assert.deepEqual(say({ '<=': [{ var: 'debtsMinor' }, 5000] }, UNKNOWN, 'ar'), ['الديون غير معروفة'], 'a feminine label agrees');
  assert.deepEqual(say(income(35000), UNKNOWN, 'fa'), ['درآمد سرانه معلوم نیست']);
  assert.deepEqual(say({ var: 'declared' }, household({ declared: false })), ['the household has not submitted a declaration']);
  assert.deepEqual(say({ '==': [{ var: 'housing' }, 'rented'] }, household({ housing: 'owned' })), ['housing is not rented']);
  assert.deepEqual(say({ '<': [{ '*': [{ var: 'members' }, 2] }, 5] }, household({ members: 3 })), ['the calculated value 6 is not below the limit of 5']);
  assert.deepEqual(say({ '<': [{ var: 'members' }, { var: 'children' }] }, household({ members: 3 })), ['the limit members is compared with is not known']);
  assert.deepEqual(say({ '<=': [5, { var: 'members' }, { var: 'children' }] }, household({ members: 3 })), ['the limit members is compared with is not known'], 'false, with one end of the range not known');
  const rial = { code: 'IRR', minorUnits: 0 };
  assert.equal(explain(evaluate(requireRule(income(35000)), household({ incomePerMemberMinor: 41000 })).reasons[0]!, 'en', rial), 'income per member 41000 IRR is above the limit of 35000 IRR');
});

// ------------------------------------------------------------------------------------------------
// SQL text

test('the SQL: columns from the catalogue, <> for !=, IN for in, numeric calculations, literals written safely', () => {
  const rule = requireRule({ and: [{ '!=': [{ var: 'housing' }, 'owned'] }, { in: [{ var: 'regionCode' }, ['R1', 'R2']] }, { '>': [{ '-': [{ var: 'monthlyRentMinor' }, -5] }, 0.5] }] });
  assert.equal(
    compileRule(rule, qualifiedColumn('f')),
    "((f.housing <> 'owned') and (f.region_code in ('R1', 'R2')) and (((f.monthly_rent_minor)::numeric - ((-5))::numeric) > 0.5))",
  );
  assert.equal(compileRule(requireRule({ '<=': [1, { var: 'cashAid90dMinor' }, 2] })), '((1 <= cash_aid_90d_minor) and (cash_aid_90d_minor <= 2))');
  // a hand-made rule that skipped validation still cannot put text into the SQL
  assert.throws(() => compileRule({ '==': [{ var: 'regionCode' }, "x' or 1=1 --"] } as Rule), /not a code/);
  assert.throws(() => compileRule({ '==': [{ var: 'members' }, NaN] } as Rule), /not a number/);
  assert.throws(() => compileRule({ '==': [{ var: 'members; drop table x' as FactName }, 1] } as Rule), /not a fact/);
  assert.throws(() => qualifiedColumn('f; drop'), /identifier/);
});

// ------------------------------------------------------------------------------------------------
// The benefit formula

const amount = (formula: BenefitFormula, members: number | null) => benefitAmount(formula, household({ members }));

test('benefit: base plus an amount per member, members capped by maxMembers, the total by capMinor', () => {
  const f: BenefitFormula = { baseMinor: 50000, perMemberMinor: 10000 };
  assert.deepEqual([1, 2, 6].map((m) => amount(f, m)), [60000, 70000, 110000]);
  assert.equal(amount({ ...f, maxMembers: 4 }, 6), 90000, 'members beyond 4 are not counted');
  assert.equal(amount({ ...f, capMinor: 100000 }, 6), 100000);
  assert.equal(amount({ ...f, capMinor: 100000 }, 3), 80000);
});

test('benefit by size: the amount of the largest size not above the household\'s, base below the smallest', () => {
  const f: BenefitFormula = { baseMinor: 20000, perMemberMinor: 99999, bySize: [{ members: 2, amountMinor: 60000 }, { members: 4, amountMinor: 90000 }, { members: 7, amountMinor: 120000 }] };
  assert.deepEqual([1, 2, 3, 4, 6, 7, 12].map((m) => amount(f, m)), [20000, 60000, 60000, 90000, 90000, 120000, 120000]);
  assert.equal(amount({ ...f, maxMembers: 5 }, 12), 90000, 'maxMembers counts before the size is chosen');
  assert.equal(amount({ ...f, capMinor: 100000 }, 9), 100000);
});

test('benefit with members unknown (or a negative count) is the base only; amounts are whole and never negative', () => {
  assert.equal(amount({ baseMinor: 50000, perMemberMinor: 10000 }, null), 50000);
  assert.equal(amount({ baseMinor: 50000, perMemberMinor: 10000, bySize: [{ members: 1, amountMinor: 70000 }] }, null), 50000);
  assert.equal(amount({ baseMinor: 50000, perMemberMinor: 10000 }, -3), 50000);
  assert.equal(amount({ baseMinor: 1e12, perMemberMinor: 1e12 }, 2 ** 31 - 1), Number.MAX_SAFE_INTEGER, 'held within what JavaScript counts exactly');
  assert.throws(() => amount({ baseMinor: 0, perMemberMinor: 1 }, 2.5), /integer/);
});

test('a formula is validated: whole non-negative amounts, sizes in increasing order, no unknown field', () => {
  assert.deepEqual(validateFormula({ baseMinor: 1, perMemberMinor: 2, maxMembers: 3 }), { ok: true, formula: { baseMinor: 1, perMemberMinor: 2, maxMembers: 3 } });
  const refused = (f: unknown) => {
    const c = validateFormula(f);
    assert.equal(c.ok, false, JSON.stringify(f));
    return (c as { path: string }).path;
  };
  assert.equal(refused({ baseMinor: -1, perMemberMinor: 0 }), '/baseMinor');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0.5 }), '/perMemberMinor');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, capMinor: 1e13 }), '/capMinor');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, maxMembers: 0 }), '/maxMembers');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, bySize: [{ members: 3, amountMinor: 1 }, { members: 3, amountMinor: 2 }] }), '/bySize/1/members');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, bySize: [] }), '/bySize');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, bySize: [{ members: 1, amountMinor: 1, note: 'x' }] }), '/bySize/0/note');
  assert.equal(refused({ baseMinor: 0, perMemberMinor: 0, perChildMinor: 5 }), '/perChildMinor');
  assert.throws(() => compileBenefit({ baseMinor: -5, perMemberMinor: 0 }), /baseMinor/);
  assert.throws(() => benefitAmount({ baseMinor: -5, perMemberMinor: 0 }, family), /baseMinor/);
  assert.equal(compileBenefit({ baseMinor: 5, perMemberMinor: 2, maxMembers: 4, capMinor: 9 }, qualifiedColumn('f')),
    '(least(least((5::numeric + 2::numeric * least(greatest(coalesce((f.members)::numeric, 0), 0), 4)), 9), 9007199254740991))::bigint');
});
