/**
 * The criteria editor's conversions (web/src/lib/programme-rule.ts): amounts typed in any digits
 * become exact minor units and come back as typed; every list of conditions the form can make is
 * a rule the server accepts (validateRule), and reads back as the same list; a benefit formula
 * keeps the parts the form does not show.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FACTS, FACT_NAMES } from '../../src/modules/programmes/rules/facts.js';
import { validateRule } from '../../src/modules/programmes/rules/rule.js';
import { validateFormula } from '../../src/modules/programmes/rules/benefit.js';
import { benefitFieldsOf, benefitOf, conditionsOf, fromMinor, opsOf, ruleOf, toMinor, type ConditionList, type FactInfo } from '../../web/src/lib/programme-rule.js';

const facts: FactInfo[] = FACT_NAMES.map((name) => {
  const f = FACTS[name] as { kind: string; label: FactInfo['label']; codes?: readonly string[] };
  return { name, kind: f.kind, label: f.label, codes: f.codes ? [...f.codes] : null };
});

describe('programme criteria in the web app', () => {
  it('amounts typed in Latin, Arabic-Indic or Persian digits are exact minor units; too many decimals are refused', () => {
    assert.equal(toMinor('35', 3), 35_000);
    assert.equal(toMinor('٣٥٫٥', 3), 35_500);
    assert.equal(toMinor('۰.۰۰۵', 3), 5);
    assert.equal(toMinor('0.1', 3), 100);
    assert.equal(toMinor('1.0005', 3), null);
    assert.equal(toMinor('-3', 3), null);
    assert.equal(toMinor('abc', 3), null);
    assert.equal(toMinor('1500000', 0), 1_500_000);
    assert.equal(fromMinor(35_000, 3), '35.000');
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 2, 3), (n, units) => toMinor(fromMinor(n, units), units) === n));
  });

  it('every list of conditions the form makes is a rule the server accepts, and reads back as the same list', () => {
    const condition = fc.constantFrom(...facts).chain((f) =>
      fc.record({
        fact: fc.constant(f.name),
        op: fc.constantFrom(...opsOf(f.kind)),
        value: f.kind === 'boolean' ? fc.constantFrom('true', 'false') : f.kind === 'code' ? fc.constantFrom(...(f.codes ?? ['KW', 'SA'])) : f.kind === 'money' ? fc.integer({ min: 0, max: 1e9 }).map((n) => fromMinor(n, 3)) : fc.integer({ min: 0, max: 120 }).map(String),
      }).map((c) => ({ ...c })),
    );
    fc.assert(
      fc.property(fc.constantFrom('all' as const, 'any' as const), fc.array(condition, { minLength: 1, maxLength: 6 }), (combine, conditions) => {
        const list: ConditionList = { combine, conditions };
        const { rule, problems } = ruleOf(list, facts, 3);
        assert.deepEqual(problems, {});
        const checked = validateRule(rule);
        assert.ok(checked.ok, JSON.stringify({ rule, checked }));
        assert.deepEqual(conditionsOf(checked.rule, facts, 3), list);
      }),
    );
  });

  it('a condition whose value is not one is named by its place, and left out of the rule', () => {
    const { rule, problems } = ruleOf({ combine: 'all', conditions: [{ fact: 'members', op: '>=', value: '3' }, { fact: 'incomePerMemberMinor', op: '<=', value: '35.0005' }, { fact: 'children', op: '>', value: '' }] }, facts, 3);
    assert.deepEqual(problems, { 1: 'amount', 2: 'required' });
    assert.deepEqual(rule, { and: [{ '>=': [{ var: 'members' }, 3] }] });
  });

  it('a rule that says more than conditions combined once is not read as a list (it is shown as JSON)', () => {
    assert.equal(conditionsOf({ and: [{ or: [{ '<': [{ var: 'members' }, 3] }] }] }, facts, 3), null);
    assert.equal(conditionsOf({ '<': [{ '*': [{ var: 'members' }, 2] }, 3] }, facts, 3), null);
    assert.deepEqual(conditionsOf({ '<=': [{ var: 'incomePerMemberMinor' }, 35_000] }, facts, 3), { combine: 'all', conditions: [{ fact: 'incomePerMemberMinor', op: '<=', value: '35.000' }] });
  });

  it('the benefit formula: amounts in minor units, a cleared field left out, the parts the form does not show kept', () => {
    const previous = { baseMinor: 50_000, perMemberMinor: 10_000, maxMembers: 6, capMinor: 120_000 };
    assert.deepEqual(benefitFieldsOf(previous, 3), { base: '50.000', perMember: '10.000', cap: '120.000' });
    const { benefit, problems } = benefitOf({ base: '60', perMember: '12.5', cap: '' }, previous, 3);
    assert.deepEqual(problems, {});
    assert.deepEqual(benefit, { baseMinor: 60_000, perMemberMinor: 12_500, maxMembers: 6 });
    assert.ok(validateFormula(benefit).ok);
    assert.deepEqual(benefitOf({ base: 'x', perMember: '', cap: '' }, null, 3).problems, { base: 'amount' });
  });
});
