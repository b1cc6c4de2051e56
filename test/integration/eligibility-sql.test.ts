/**
 * One rule, two engines of decision, one answer: for random valid rules over random households
 * (unknown facts included), the households the compiled SQL finds TRUE are exactly those
 * evaluate() passes, and those it finds FALSE are exactly those the negated rule passes, so the
 * two agree on all three values of SQL's logic. The benefit formula's SQL gives every household
 * benefitAmount's amount. On every engine (a TEMP facts table in one session).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import type { RawSession } from '../../src/db/database.js';
import { FACTS, FACT_NAMES, type FactName, type HouseholdFacts } from '../../src/modules/programmes/rules/facts.js';
import { requireRule, validateRule, type Rule } from '../../src/modules/programmes/rules/rule.js';
import { evaluate, explain } from '../../src/modules/programmes/rules/evaluate.js';
import { compileRule, qualifiedColumn } from '../../src/modules/programmes/rules/compile-sql.js';
import { benefitAmount, compileBenefit, validateFormula, type BenefitFormula } from '../../src/modules/programmes/rules/benefit.js';
import { HOUSING } from '../../src/modules/scoring/need-score.js';

const SQL_TYPE = { money: 'bigint', count: 'integer', years: 'integer', code: 'text', boolean: 'boolean' } as const;
const byKind = (...kinds: string[]) => FACT_NAMES.filter((f) => kinds.includes(FACTS[f].kind));
const NUMBER_FACTS = byKind('money', 'count', 'years');
const CODE_FACTS = byKind('code');
const BOOLEAN_FACTS = byKind('boolean');

// Values drawn from small pools, so that equal values and boundaries are met often.
const CODES: Record<string, readonly string[]> = {
  regionCode: ['R1', 'R1-A', 'R2'],
  provinceCode: ['R1', 'R2'],
  headNationality: ['KW', 'SA', 'EG'],
  housing: HOUSING,
};
const MONEY = [0, 1, 999, 1000, 35000, 41000, 250000];
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 5 });
const factValue = (f: FactName): fc.Arbitrary<number | string | boolean> => {
  switch (FACTS[f].kind) {
    case 'money': return fc.oneof(fc.constantFrom(...MONEY), fc.integer({ min: 0, max: 300000 }));
    case 'count': return fc.integer({ min: 0, max: 8 });
    case 'years': return fc.integer({ min: 15, max: 95 });
    case 'code': return fc.constantFrom(...CODES[f]!);
    case 'boolean': return fc.boolean();
  }
};
const household: fc.Arbitrary<HouseholdFacts> = fc.record(Object.fromEntries(FACT_NAMES.map((f) => [f, nullable(factValue(f))])) as { [K in FactName]: fc.Arbitrary<number | string | boolean | null> });

// The grammar of rules, by the type of value each part gives.
const numberLiteral = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, 2, 3, 18, 60, 1000, 35000, 41000) },
  { weight: 2, arbitrary: fc.integer({ min: -50, max: 300000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -500, max: 500 }).map((n) => n / 100) },
);
const numberOf = (depth: number): fc.Arbitrary<unknown> =>
  depth <= 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NUMBER_FACTS).map((f) => ({ var: f })) }, { weight: 1, arbitrary: numberLiteral })
    : fc.oneof(
        { weight: 6, arbitrary: numberOf(0) },
        { weight: 1, arbitrary: fc.array(numberOf(depth - 1), { minLength: 2, maxLength: 4 }).map((xs) => ({ '+': xs })) },
        { weight: 1, arbitrary: fc.array(numberOf(depth - 1), { minLength: 2, maxLength: 3 }).map((xs) => ({ '*': xs })) },
        { weight: 1, arbitrary: fc.array(numberOf(depth - 1), { minLength: 1, maxLength: 2 }).map((xs) => ({ '-': xs })) },
      );
const codeComparison = fc.constantFrom(...CODE_FACTS).chain((f) =>
  fc.oneof(
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom(...CODES[f]!), fc.boolean()).map(([op, code, flip]) => ({ [op]: flip ? [code, { var: f }] : [{ var: f }, code] })),
    fc.uniqueArray(fc.constantFrom(...CODES[f]!), { minLength: 1, maxLength: 3 }).map((codes) => ({ in: [{ var: f }, codes] })),
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom(...CODE_FACTS)).map(([op, g]) => ({ [op]: [{ var: f }, { var: g }] })),
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom(...CODES[f]!), fc.constantFrom(...CODES[f]!)).map(([op, a, b]) => ({ [op]: [a, b] })),
  ),
);
const comparison = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), numberOf(2), numberOf(2)).map(([op, a, b]) => ({ [op]: [a, b] })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('<', '<='), numberOf(0), numberOf(1), numberOf(0)).map(([op, a, b, c]) => ({ [op]: [a, b, c] })) },
  { weight: 2, arbitrary: fc.tuple(numberOf(1), fc.uniqueArray(numberLiteral, { minLength: 1, maxLength: 4 })).map(([a, xs]) => ({ in: [a, xs] })) },
  { weight: 3, arbitrary: codeComparison },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom(...BOOLEAN_FACTS), fc.oneof(fc.boolean(), fc.constantFrom(...BOOLEAN_FACTS).map((g) => ({ var: g })))).map(([op, f, b]) => ({ [op]: [{ var: f }, b] })) },
  { weight: 1, arbitrary: fc.constantFrom(...BOOLEAN_FACTS).map((f) => ({ var: f })) },
  { weight: 1, arbitrary: fc.boolean() },
);
const conditionOf = (depth: number): fc.Arbitrary<unknown> =>
  depth <= 0
    ? comparison
    : fc.oneof(
        { weight: 2, arbitrary: comparison },
        { weight: 2, arbitrary: fc.array(conditionOf(depth - 1), { minLength: 1, maxLength: 3 }).map((xs) => ({ and: xs })) },
        { weight: 2, arbitrary: fc.array(conditionOf(depth - 1), { minLength: 1, maxLength: 3 }).map((xs) => ({ or: xs })) },
        { weight: 1, arbitrary: conditionOf(depth - 1).map((x) => ({ '!': [x] })) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('==', '!='), conditionOf(depth - 1), conditionOf(depth - 1)).map(([op, a, b]) => ({ [op]: [a, b] })) },
      );
/** Valid rules only: the few drawn that the grammar refuses (a fraction compared with money) are left out. */
const rule: fc.Arbitrary<Rule> = conditionOf(4)
  .map((r) => validateRule(r))
  .filter((c) => c.ok)
  .map((c) => (c as { ok: true; rule: Rule }).rule);

const formula: fc.Arbitrary<BenefitFormula> = fc
  .record(
    {
      baseMinor: fc.integer({ min: 0, max: 500000 }),
      perMemberMinor: fc.integer({ min: 0, max: 100000 }),
      maxMembers: fc.integer({ min: 1, max: 10 }),
      capMinor: fc.integer({ min: 0, max: 900000 }),
      bySize: fc.uniqueArray(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 5 }).chain((sizes) =>
        fc.tuple(...sizes.sort((a, b) => a - b).map((members) => fc.integer({ min: 0, max: 800000 }).map((amountMinor) => ({ members, amountMinor })))),
      ),
    },
    { requiredKeys: ['baseMinor', 'perMemberMinor'] },
  )
  .map((f) => {
    const checked = validateFormula(f);
    assert.ok(checked.ok, JSON.stringify(checked));
    return checked.formula;
  });

const ROWS = 200;
const KWD = { code: 'KWD', minorUnits: 3 };
const column = qualifiedColumn('f');

for (const engine of engines()) {
  describe(`eligibility rules in SQL agree with their evaluation (${engine})`, () => {
    let t: TestDb;
    let s: RawSession;
    let release = () => {};
    let session: Promise<void>;
    const households: HouseholdFacts[] = fc.sample(household, ROWS);

    before(async () => {
      t = await freshDatabase(engine);
      // one session for the file: the TEMP table lives in it
      await new Promise<void>((ready) => {
        session = t.database.rawSession((raw) => {
          s = raw;
          ready();
          return new Promise<void>((done) => (release = done));
        });
      });
      const columns = FACT_NAMES.map((f) => `${FACTS[f].column} ${SQL_TYPE[FACTS[f].kind]}`);
      await s.exec(`create temp table household_facts (id integer primary key, ${columns.join(', ')})`);
      const names = ['id', ...FACT_NAMES.map((f) => FACTS[f].column)];
      const params = households.flatMap((h, i) => [i, ...FACT_NAMES.map((f) => h[f])]);
      const rows = households.map((_, i) => `(${names.map((_, j) => `$${i * names.length + j + 1}`).join(', ')})`);
      await s.query(`insert into household_facts (${names.join(', ')}) values ${rows.join(', ')}`, params);
    });
    after(async () => {
      release();
      await session;
      await t.close();
    });

    test('the facts table holds the households as drawn, unknown facts as NULL', async () => {
      const stored = await s.query<Record<string, unknown>>('select * from household_facts order by id');
      assert.equal(stored.length, ROWS);
      const nulls = households.reduce((n, h) => n + FACT_NAMES.filter((f) => h[f] === null).length, 0);
      assert.ok(nulls > ROWS, 'unknown facts are common among the households');
      for (const [i, h] of households.entries()) {
        for (const f of FACT_NAMES) {
          const v = stored[i]![FACTS[f].column];
          assert.deepEqual(v === null || typeof v !== 'string' || FACTS[f].kind === 'code' ? v : Number(v), h[f], `${i} ${f}`);
        }
      }
    });

    test('for 120 random rules, SQL finds TRUE exactly the households evaluate() passes, and FALSE exactly those the negated rule passes', async () => {
      let someTrue = 0;
      let someFalse = 0;
      let someUnknown = 0;
      await fc.assert(
        fc.asyncProperty(rule, async (r) => {
          const expr = compileRule(r, column);
          const rows = await s.query<{ id: number; v: boolean | null }>(`select id, (${expr}) as v from household_facts f order by id`);
          const count = await s.query<{ n: number | string }>(`select count(*) as n from household_facts f where (${expr}) is true`);
          const negation = requireRule({ '!': [r] });
          const passes = new Set<number>();
          for (const [i, h] of households.entries()) {
            const sqlValue = rows[i]!.v;
            const passed = evaluate(r, h).passed;
            const failed = evaluate(negation, h).passed;
            assert.equal(passed, sqlValue === true, `household ${i}: SQL ${sqlValue}, evaluate passed ${passed}; ${expr}`);
            assert.equal(failed, sqlValue === false, `household ${i}: SQL ${sqlValue}, negation passed ${failed}; ${expr}`);
            if (passed) passes.add(i);
            if (i < 10) {
              // every reason can be said in every language, without a placeholder left unfilled
              for (const reason of evaluate(r, h).reasons) {
                for (const locale of ['ar', 'fa', 'en'] as const) {
                  const text = explain(reason, locale, KWD);
                  assert.ok(text.length > 0 && !/[{}]|\s$|\s\s/.test(text), `${locale}: "${text}"`);
                }
              }
            }
            someTrue += sqlValue === true ? 1 : 0;
            someFalse += sqlValue === false ? 1 : 0;
            someUnknown += sqlValue === null ? 1 : 0;
          }
          assert.equal(Number(count[0]!.n), passes.size, 'where (expr) is true counts the households that pass');
        }),
        { numRuns: 120 },
      );
      // the random rules met all three outcomes often, so the agreement is not a vacuous one
      for (const [what, n] of [['TRUE', someTrue], ['FALSE', someFalse], ['unknown', someUnknown]] as const) {
        assert.ok(n > 1000, `${what} came out ${n} times`);
      }
    });

    test('rules on the edge of the grammar: exact decimals, differences of money, large products, codes', async () => {
      const edge = [
        { '==': [{ '+': [0.1, 0.2] }, 0.3] },
        { '>': [{ '*': [{ var: 'monthlyIncomeMinor' }, { var: 'monthlyRentMinor' }, { var: 'debtsMinor' }, 1000000] }, 1e15] },
        { '<': [{ '-': [{ var: 'monthlyIncomeMinor' }, { var: 'monthlyRentMinor' }] }, { '-': [1000] }] },
        { '<=': [-1, { '-': [{ var: 'children' }] }, 0] },
        { '!=': [{ var: 'housing' }, 'rented'] },
        { '!': [{ in: [{ var: 'headNationality' }, ['KW', 'SA']] }] },
        { or: [{ var: 'declared' }, { '!': [{ var: 'allNationals' }] }] },
        { '==': [{ var: 'declared' }, { var: 'allNationals' }] },
        { in: [{ '*': [{ var: 'members' }, 0.5] }, [1, 1.5, 2]] },
      ];
      for (const raw of edge) {
        const checked = validateRule(raw);
        assert.ok(checked.ok, JSON.stringify(raw));
        const expr = compileRule(checked.rule, column);
        const rows = await s.query<{ v: boolean | null }>(`select (${expr}) as v from household_facts f order by id`);
        households.forEach((h, i) => assert.equal(evaluate(checked.rule, h).passed, rows[i]!.v === true, `${JSON.stringify(raw)}, household ${i}`));
      }
    });

    test('for 60 random benefit formulas, the SQL amount is benefitAmount for every household', async () => {
      await fc.assert(
        fc.asyncProperty(formula, async (f) => {
          const rows = await s.query<{ amount: number | string }>(`select ${compileBenefit(f, column)} as amount from household_facts f order by id`);
          for (const [i, h] of households.entries()) {
            const amount = benefitAmount(f, h);
            assert.ok(Number.isSafeInteger(amount) && amount >= 0);
            assert.equal(Number(rows[i]!.amount), amount, `household ${i} (members ${h.members}), ${JSON.stringify(f)}`);
          }
        }),
        { numRuns: 60 },
      );
    });
  });
}
