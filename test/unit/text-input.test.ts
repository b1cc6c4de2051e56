/** The text rule (src/http/text-input.ts) as properties over arbitrary JSON values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanValue, MAX_INPUT_DEPTH, textFault } from '../../src/http/text-input.js';
import { Problem } from '../../src/shared/problem.js';

const strings = (v: unknown, out: string[] = []): string[] => {
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (Array.isArray(v) ? null : out.push(k), strings(x, out));
  return out;
};
const wellFormed = fc.jsonValue({ maxDepth: 4 }).filter((v) => strings(v).every((s) => textFault(s) === null));

test('every string of an accepted value comes out in NFC and trimmed; nothing else changes', () => {
  fc.assert(
    fc.property(wellFormed, (v) => {
      const before = JSON.stringify(v, (_k, x) => (typeof x === 'string' ? x.normalize('NFC').trim() : x));
      const out = cleanValue(structuredClone(v), 'body');
      assert.equal(JSON.stringify(out), before);
    }),
  );
});

test('a NUL or a lone surrogate anywhere is refused with invalid-text naming where it is', () => {
  const bad = fc.constantFrom('\u0000', 'x\u0000', '\ud800', 'a\udc00b', '\ud83d');
  fc.assert(
    fc.property(fc.array(fc.constantFrom('members', 'names', 'x'), { maxLength: 4 }), bad, (keys, b) => {
      let v: unknown = b;
      for (const k of [...keys].reverse()) v = { [k]: v };
      const err = (() => {
        try {
          cleanValue(v, 'body');
        } catch (e) {
          return e;
        }
        return null;
      })();
      assert.ok(err instanceof Problem);
      assert.equal(err.slug, 'invalid-text');
      assert.equal(err.extensions.field, ['body', ...keys].join('.'));
    }),
  );
});

test('a paired surrogate (an emoji) is text; an array index is named; a bad key is named without repeating it', () => {
  assert.deepEqual(cleanValue({ a: [' 🙂 '] }, 'body'), { a: ['🙂'] });
  assert.throws(() => cleanValue({ m: ['ok', 'no\u0000'] }, 'body'), (e: Problem) => e.extensions.field === 'body.m.1');
  assert.throws(() => cleanValue({ ['k\u0000' + 'x'.repeat(100)]: 1 }, 'body'), (e: Problem) => e.extensions.field === 'body.*' && !e.message.includes('xxxx'));
  assert.equal(cleanValue('  e\u0301 ', 'body'), 'é');
});

test('nesting deeper than the limit is refused without walking it all', () => {
  let v: unknown = 'x';
  for (let i = 0; i < MAX_INPUT_DEPTH + 1; i++) v = [v];
  assert.throws(() => cleanValue(v, 'body'), (e: Problem) => e.slug === 'validation');
  let ok: unknown = 'x';
  for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = [ok];
  cleanValue(ok, 'body');
});
