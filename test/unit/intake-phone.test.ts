import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { libraryReading, phoneReader } from '../../src/modules/intake/phone.js';

// The fast path answers exactly what libphonenumber-js answers, on numbers built around each
// deployment country's real shapes: its calling code written three ways, the national prefix, and
// digits drawn from its own mobile and fixed-line number ranges, mutated, cut and extended.
const COUNTRIES = { KW: { cc: '965', national: ['50012345', '22345678', '1812345', '41123456', '99887766', '69123456'] }, SA: { cc: '966', national: ['512345678', '112345678', '800123456', '920012345', '0512345678', '0112345678'] }, IR: { cc: '98', national: ['9123456789', '2123456789', '09123456789', '021234567', '96123', '4123'] } } as const;

function numberFor(country: keyof typeof COUNTRIES) {
  const { cc, national } = COUNTRIES[country];
  const lead = fc.constantFrom('', '+', '00', '0', `+${cc}`, `00${cc}`, cc, '+1', '+44', `+${cc}0`, '0000');
  const body = fc.tuple(fc.constantFrom(...national), fc.array(fc.tuple(fc.nat(14), fc.constantFrom('0', '1', '2', '5', '9', '')), { maxLength: 3 }), fc.nat(3), fc.string({ unit: fc.constantFrom('0', '3', '7', '9'), maxLength: 3 }))
    .map(([n, edits, cut, tail]) => {
      let s: string = n;
      for (const [at, d] of edits) s = s.slice(0, at % (s.length + 1)) + d + s.slice((at % (s.length + 1)) + 1);
      return s.slice(0, Math.max(0, s.length - cut)) + tail;
    });
  return fc.tuple(lead, body).map(([a, b]) => a + b);
}

describe('intake phone reader', () => {
  for (const country of Object.keys(COUNTRIES) as (keyof typeof COUNTRIES)[]) {
    it(`answers as libphonenumber-js does for ${country}`, () => {
      const read = phoneReader(country);
      fc.assert(fc.property(numberFor(country), (digits) => {
        assert.deepEqual(read(digits), libraryReading(country, digits), digits);
      }), { numRuns: 20_000 });
    });
  }

  it('reads a number of the deployment country to E.164 and another country as foreign', () => {
    assert.deepEqual(phoneReader('KW')('99887766'), { kind: 'valid', e164: '+96599887766' });
    assert.deepEqual(phoneReader('KW')('0096599887766'), { kind: 'valid', e164: '+96599887766' });
    assert.deepEqual(phoneReader('SA')('0512345678'), { kind: 'valid', e164: '+966512345678' });
    assert.deepEqual(phoneReader('IR')('09123456789'), { kind: 'valid', e164: '+989123456789' });
    assert.deepEqual(phoneReader('KW')('+12025550123'), { kind: 'foreign', e164: '+12025550123' });
    assert.deepEqual(phoneReader('KW')('12345'), { kind: 'invalid' });
  });
});
