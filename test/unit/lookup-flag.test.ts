/** The flag of unusual lookup volumes (src/modules/oversight/lookups.ts), as properties. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flagOf, median } from '../../src/modules/oversight/lookups.js';

const rule = { factor: 3, minimum: 20 };
const counts = fc.array(fc.nat({ max: 200 }), { maxLength: 28 });

test('the median of odd and even lists, and of none', () => {
  assert.equal(median([]), null);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 10]), 3.5);
});

test('a day below the minimum is never flagged, whatever the history and the peers', () => {
  fc.assert(fc.property(fc.nat({ max: rule.minimum - 1 }), counts, counts, (n, history, peers) => !flagOf(n, history, peers, rule).flagged));
});

test('flagged by its own history exactly when above the factor times the median of its busy days; days without lookups do not count', () => {
  fc.assert(
    fc.property(fc.integer({ min: rule.minimum, max: 2000 }), counts, fc.nat({ max: 28 }), (n, history, zeros) => {
      const busy = history.filter((x) => x > 0);
      const f = flagOf(n, [...history, ...Array(zeros).fill(0)], [], rule);
      const expected = busy.length > 0 && n > rule.factor * median(busy)!;
      return f.reasons.includes('own-history') === expected && f.flagged === expected && f.ownMedian === median(busy);
    }),
  );
});

test('flagged against its peers exactly when above the factor times their median that day', () => {
  fc.assert(
    fc.property(fc.integer({ min: rule.minimum, max: 2000 }), counts, (n, peers) => {
      const active = peers.filter((x) => x > 0);
      const f = flagOf(n, [], peers, rule);
      return f.reasons.includes('peers') === (active.length > 0 && n > rule.factor * median(active)!);
    }),
  );
});
