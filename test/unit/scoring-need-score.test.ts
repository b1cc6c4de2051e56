/**
 * The need score's properties, over any household and any valid model: the score stays within
 * 0..100; more income never raises it; a disability never lowers it; a region's own poverty line
 * and multiplier apply, else its parent's, else the national ones; the bands are monotone; and
 * a model that breaks a rule is refused naming the field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Deployment } from '../../src/deployments/setup.js';
import type { Region } from '../../src/deployments/regions/index.js';
import { FACTORS, HOUSING, priorityOf, resolveRegion, scoreNeed, validateModel, type NeedFacts, type NeedModel } from '../../src/modules/scoring/need-score.js';
import { defaultNeedModel } from '../../src/modules/scoring/default-model.js';
import { Problem } from '../../src/shared/problem.js';

const region = (code: string, parent: string | null): [string, Region] => [code, { code, parent, level: parent ? 2 : 1, names: { en: code, ar: code, fa: code } }];
const REGIONS: Deployment['regions'] = new Map([region('P1', null), region('P1-A', 'P1'), region('P1-B', 'P1'), region('P2', null), region('P2-A', 'P2')]);
const CODES = [...REGIONS.keys()];

const member = fc.record({
  age: fc.option(fc.integer({ min: 0, max: 110 }), { nil: null }),
  disability: fc.boolean(),
  chronicIllness: fc.boolean(),
  relation: fc.constantFrom('head', 'spouse', 'child', 'parent', 'other'),
});
const money = fc.integer({ min: 0, max: 5_000_000 });
const facts: fc.Arbitrary<NeedFacts> = fc.record({
  regionCode: fc.constantFrom(...CODES),
  members: fc.array(member, { minLength: 1, maxLength: 12 }),
  monthlyIncomeMinor: money,
  housing: fc.constantFrom(...HOUSING),
  monthlyRentMinor: money,
  debtsMinor: money,
  monthlyDebtRepaymentMinor: money,
});
const bands = fc
  .uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 5 })
  .chain((starts) => fc.array(fc.integer({ min: 0, max: 3 }), { minLength: starts.length + 1, maxLength: starts.length + 1 }).map((ps) => {
    const sorted = [0, ...starts.sort((a, b) => a - b)];
    const prios = ps.sort((a, b) => a - b);
    return sorted.map((minScore, i) => ({ minScore, priority: prios[i]! }));
  }));
const model: fc.Arbitrary<NeedModel> = fc.record({
  version: fc.integer({ min: 1, max: 50 }),
  weights: fc.record(Object.fromEntries(FACTORS.map((f) => [f, fc.integer({ min: 0, max: 50 })])) as Record<(typeof FACTORS)[number], fc.Arbitrary<number>>),
  bands,
  national: fc.record({ povertyLineMinor: fc.integer({ min: 1, max: 1_000_000 }), multiplier: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
  regions: fc.subarray(CODES).chain((codes) => fc.tuple(...codes.map((code) => fc.record({
    code: fc.constant(code),
    povertyLineMinor: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
    multiplier: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: null }),
  })))),
});

test('the score is between 0 and 100 and its priority is the band it falls in', () => {
  fc.assert(fc.property(model, facts, (m, f) => {
    const s = scoreNeed(m, f, REGIONS);
    assert.ok(s.score >= 0 && s.score <= 100, String(s.score));
    assert.equal(s.priority, priorityOf(m.bands, s.score));
    assert.equal(s.modelVersion, m.version);
    assert.deepEqual(s.contributions.map((c) => c.factor), [...FACTORS]);
  }), { numRuns: 500 });
});

test('more income never raises the score', () => {
  fc.assert(fc.property(model, facts, fc.integer({ min: 1, max: 5_000_000 }), (m, f, more) => {
    const before = scoreNeed(m, f, REGIONS).score;
    const after = scoreNeed(m, { ...f, monthlyIncomeMinor: f.monthlyIncomeMinor + more }, REGIONS).score;
    assert.ok(after <= before, `${before} → ${after}`);
  }), { numRuns: 500 });
});

test('a disability never lowers the score, and with a weight and a multiplier it counts', () => {
  fc.assert(fc.property(model, facts, fc.nat(), (m, f, pick) => {
    const i = pick % f.members.length;
    if (f.members[i]!.disability) return;
    const members = f.members.map((x, j) => (j === i ? { ...x, disability: true } : x));
    const before = scoreNeed(m, f, REGIONS);
    const after = scoreNeed(m, { ...f, members }, REGIONS);
    assert.ok(after.score >= before.score, `${before.score} → ${after.score}`);
    const disability = (s: typeof after) => s.contributions.find((c) => c.factor === 'disability')!;
    assert.ok(disability(after).points >= disability(before).points);
  }), { numRuns: 500 });
  // teeth: under the default model a first disabled member adds points
  const m = defaultNeedModel('KW');
  const f: NeedFacts = { regionCode: 'P1', members: [{ age: 40, disability: false, chronicIllness: false, relation: 'head' }], monthlyIncomeMinor: 500_000, housing: 'owned', monthlyRentMinor: 0, debtsMinor: 0, monthlyDebtRepaymentMinor: 0 };
  assert.ok(scoreNeed(m, { ...f, members: [{ ...f.members[0]!, disability: true }] }).score > scoreNeed(m, f).score);
});

test('a region takes its own values, else its level-1 parent\'s, else the national ones', () => {
  const m: NeedModel = { ...defaultNeedModel('KW'), national: { povertyLineMinor: 100, multiplier: 1 }, regions: [
    { code: 'P1', povertyLineMinor: 200, multiplier: 1.5 },
    { code: 'P1-A', povertyLineMinor: 300, multiplier: null },
  ] };
  assert.deepEqual(resolveRegion(m, REGIONS, 'P1-A'), { povertyLineMinor: 300, multiplier: 1.5 });
  assert.deepEqual(resolveRegion(m, REGIONS, 'P1-B'), { povertyLineMinor: 200, multiplier: 1.5 });
  assert.deepEqual(resolveRegion(m, REGIONS, 'P1'), { povertyLineMinor: 200, multiplier: 1.5 });
  assert.deepEqual(resolveRegion(m, REGIONS, 'P2-A'), { povertyLineMinor: 100, multiplier: 1 });
  fc.assert(fc.property(model, facts, (mm, f) => {
    // the points are the same as under a model that states the inherited values for the region itself
    const own = resolveRegion(mm, REGIONS, f.regionCode);
    const flat: NeedModel = { ...mm, national: own, regions: [] };
    assert.deepEqual(scoreNeed(mm, f, REGIONS), scoreNeed(flat, f, REGIONS));
    // and a multiplier scales every factor's points
    const doubled: NeedModel = { ...flat, national: { ...own, multiplier: own.multiplier * 2 } };
    const a = scoreNeed(flat, f, REGIONS).contributions;
    const b = scoreNeed(doubled, f, REGIONS).contributions;
    a.forEach((c, i) => assert.ok(Math.abs(b[i]!.points - 2 * c.points) <= 0.11, `${c.factor}: ${c.points} ×2 ≠ ${b[i]!.points}`));
  }), { numRuns: 300 });
});

test('the bands are monotone: a higher score never has a lower priority', () => {
  fc.assert(fc.property(bands, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (b, x, y) => {
    const [lo, hi] = x <= y ? [x, y] : [y, x];
    assert.ok(priorityOf(b, lo) <= priorityOf(b, hi));
  }));
});

test('a poor household of four with a disabled child scores high under the default model, a comfortable one low', () => {
  const m = defaultNeedModel('IR');
  const poor = scoreNeed(m, { regionCode: 'IR-23', members: [
    { age: 44, disability: false, chronicIllness: true, relation: 'head' }, { age: 40, disability: false, chronicIllness: false, relation: 'spouse' },
    { age: 12, disability: true, chronicIllness: false, relation: 'child' }, { age: 7, disability: false, chronicIllness: false, relation: 'child' },
  ], monthlyIncomeMinor: 30_000_000, housing: 'rented', monthlyRentMinor: 15_000_000, debtsMinor: 200_000_000, monthlyDebtRepaymentMinor: 5_000_000 });
  const comfortable = scoreNeed(m, { regionCode: 'IR-23', members: [{ age: 44, disability: false, chronicIllness: false, relation: 'head' }], monthlyIncomeMinor: 200_000_000, housing: 'owned', monthlyRentMinor: 0, debtsMinor: 0, monthlyDebtRepaymentMinor: 0 });
  assert.ok(poor.priority >= 2, JSON.stringify(poor));
  assert.equal(comfortable.score, 0);
  assert.equal(comfortable.priority, 0);
  const sum = poor.contributions.reduce((s, c) => s + c.points, 0);
  assert.ok(Math.abs(sum - poor.score) < 0.6, 'the explanation adds up to the score');
});

test('a model that breaks a rule is refused, naming the field', () => {
  const dep = { regions: REGIONS };
  const ok = defaultNeedModel('KW');
  const refused = (m: Omit<NeedModel, 'version'>, field: string) =>
    assert.throws(() => validateModel(dep, m), (e: unknown) => e instanceof Problem && e.slug === 'validation' && e.extensions.field === field);
  assert.doesNotThrow(() => validateModel(dep, ok));
  refused({ ...ok, weights: { ...ok.weights, income: -1 } }, 'weights.income');
  refused({ ...ok, weights: Object.fromEntries(FACTORS.map((f) => [f, 0])) as NeedModel['weights'] }, 'weights');
  refused({ ...ok, bands: [{ minScore: 0, priority: 0 }, { minScore: 50, priority: 2 }, { minScore: 40, priority: 3 }] }, 'bands[2].minScore');
  refused({ ...ok, bands: [{ minScore: 0, priority: 2 }, { minScore: 50, priority: 1 }] }, 'bands[1].priority');
  refused({ ...ok, bands: [{ minScore: 10, priority: 0 }] }, 'bands[0].minScore');
  refused({ ...ok, regions: [{ code: 'NOWHERE', povertyLineMinor: 1, multiplier: null }] }, 'regions[0].code');
  refused({ ...ok, regions: [{ code: 'P1', povertyLineMinor: null, multiplier: 0 }] }, 'regions[0].multiplier');
  refused({ ...ok, regions: [{ code: 'P1', povertyLineMinor: 1, multiplier: null }, { code: 'P1', povertyLineMinor: 2, multiplier: null }] }, 'regions[1].code');
  refused({ ...ok, national: { povertyLineMinor: 0, multiplier: 1 } }, 'national.povertyLineMinor');
});
