import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keyedChoices, namedChoices, presentFacts, toggleOpen } from '../../web/src/lib/parts.js';

type Names = { en: string; ar: string; fa: string };
const names = (code: string): Names => ({ en: `${code} en`, ar: `${code} ar`, fa: `${code} fa` });

describe('web parts: choices, facts, one card open', () => {
  it('reference data becomes choices named in the chosen language, in the data’s order', () => {
    const xs = ['food', 'rent', 'school'].map((code) => ({ code, names: names(code) }));
    assert.deepEqual(namedChoices(xs, (n) => n.fa), [
      { value: 'food', label: 'food fa' },
      { value: 'rent', label: 'rent fa' },
      { value: 'school', label: 'school fa' },
    ]);
    assert.deepEqual(namedChoices(undefined, (n: Names) => n.en), [], 'reference data not loaded yet: no choices');
  });

  it('codes named by their key keep the code as the value', () => {
    assert.deepEqual(keyedChoices(['caseworker', 'field_visitor'], (c) => `roles.${c}`), [
      { value: 'caseworker', label: 'roles.caseworker' },
      { value: 'field_visitor', label: 'roles.field_visitor' },
    ]);
  });

  it('facts that do not apply are left out; the others keep their order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ label: fc.string(), value: fc.string() }), fc.constant(false as const), fc.constant(null), fc.constant(undefined))), (items) => {
        const kept = presentFacts(items);
        assert.deepEqual(kept, items.filter((x) => x !== false && x !== null && x !== undefined));
      }),
    );
    assert.deepEqual(presentFacts([{ label: 'a', value: '1' }, false, null, { label: 'b', value: '2' }, undefined]), [
      { label: 'a', value: '1' },
      { label: 'b', value: '2' },
    ]);
  });

  it('one card open at a time: toggling opens it and closes another; toggling the open one closes it', () => {
    assert.equal(toggleOpen(null, 'a'), 'a');
    assert.equal(toggleOpen('a', 'b'), 'b');
    assert.equal(toggleOpen('a', 'a'), null);
    fc.assert(fc.property(fc.option(fc.string()), fc.string(), (open, key) => assert.equal(toggleOpen(toggleOpen(open, key), key), open === key ? key : null)));
  });
});
