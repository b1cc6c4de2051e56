/**
 * What a declaration says, read from its draft: the paths a submit still needs, the need score's
 * facts (ages on the submit's day, sums of incomes and debts), each fact with its provenance, and
 * what changed between two versions (changed, added, removed; a needs list as one fact).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, changesBetween, factsWithSource, leaves, missingFields, needFacts } from '../../src/modules/declarations/declared-facts.js';
import type { DeclarationDraft } from '../../src/modules/declarations/declarations.contracts.js';

const member = (nationalId: string, relation: 'head' | 'spouse' | 'child', birthDate?: string) =>
  ({ nationalId, fullName: `P ${nationalId}`, relation, disability: relation === 'child', chronicIllness: false, ...(birthDate ? { birthDate } : {}) });
const full: Required<DeclarationDraft> = {
  regionCode: 'KW-CA',
  members: [member('1', 'head', '1980-06-15'), member('2', 'spouse'), member('3', 'child', '2015-06-16')],
  incomes: [{ source: 'work', monthlyAmountMinor: 120_500 }, { source: 'benefit', monthlyAmountMinor: 30_000 }],
  housing: { tenure: 'rented', monthlyRentMinor: 90_000 },
  debts: [{ kind: 'loan', totalMinor: 1_000_000, monthlyRepaymentMinor: 25_000 }, { kind: 'medical', totalMinor: 200_000, monthlyRepaymentMinor: 5_000 }],
  needs: ['food-basket'],
};

describe('declared facts', () => {
  test('missing fields are named by their paths, in the order of the form', () => {
    assert.deepEqual(missingFields({}), ['/regionCode', '/members', '/incomes', '/housing', '/debts', '/needs']);
    assert.deepEqual(missingFields({ ...full, members: [{ ...member('', 'head'), fullName: '  ' }], needs: [] }), ['/members/0/nationalId', '/members/0/fullName', '/needs']);
    assert.deepEqual(missingFields({ ...full, incomes: [], debts: [] }), [], 'no income and no debt are answers');
    assert.deepEqual(missingFields(full), []);
  });

  test('the need score reads ages on the day, and sums of incomes, debts and repayments', () => {
    assert.equal(ageOn('1980-06-15', '2026-06-14'), 45);
    assert.equal(ageOn('1980-06-15', '2026-06-15'), 46);
    assert.equal(ageOn(undefined, '2026-06-15'), null);
    const f = needFacts(full, '2026-06-15');
    assert.deepEqual(f.members.map((m) => m.age), [46, null, 10]);
    assert.deepEqual(f.members.map((m) => m.disability), [false, false, true]);
    assert.deepEqual([f.monthlyIncomeMinor, f.housing, f.monthlyRentMinor, f.debtsMinor, f.monthlyDebtRepaymentMinor], [150_500, 'rented', 90_000, 1_200_000, 30_000]);
  });

  test('every fact is declared except what the charity uploaded', () => {
    const facts = factsWithSource(full, new Map([['/members/0/phone', '+96550000000']]));
    assert.equal(facts.length, leaves(full).size + 1);
    assert.ok(facts.filter((f) => f.path !== '/members/0/phone').every((f) => f.source === 'declared'));
    assert.deepEqual(facts.find((f) => f.path === '/members/0/phone'), { path: '/members/0/phone', value: '+96550000000', source: 'uploaded' });
    assert.deepEqual(facts.find((f) => f.path === '/needs')?.value, ['food-basket'], 'a list of codes is one fact');
  });

  test('changes: a changed amount, a member removed, a need added; none between equal versions', () => {
    assert.deepEqual(changesBetween(full, structuredClone(full)), []);
    const next = { ...full, incomes: [{ source: 'work' as const, monthlyAmountMinor: 90_000 }, full.incomes[1]!], members: full.members.slice(0, 2), needs: ['food-basket', 'rent-assistance'] };
    const changes = changesBetween(full, next);
    assert.ok(changes.some((c) => c.path === '/incomes/0/monthlyAmountMinor' && c.before === 120_500 && c.after === 90_000));
    assert.ok(changes.some((c) => c.path === '/members/2/nationalId' && c.before === '3' && c.after === null));
    assert.ok(changes.some((c) => c.path === '/needs' && JSON.stringify(c.after) === '["food-basket","rent-assistance"]'));
    assert.equal(changes.filter((c) => c.path.startsWith('/housing')).length, 0);
    assert.ok(changesBetween({}, full).every((c) => c.before === null), 'a first version: everything is new');
  });
});
