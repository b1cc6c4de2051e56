/**
 * Properties of the matching engine's building blocks (fast-check): a mistyped national ID always
 * shares a blocking key with the true one, and a record's preparation does not depend on the
 * keyboard it was typed on or on the digits' script.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { completeNationalId, type IdScheme } from '../../src/shared/identity/national-id.js';
import { blockingKeys } from '../../src/modules/matching/blocking.js';
import { prepareRecord, type Country, type PersonRecord } from '../../src/modules/matching/person-record.js';
import { loadNames } from '../../src/deployments/names/index.js';

const SCHEMES: { country: Country; scheme: IdScheme; body: fc.Arbitrary<string> }[] = [
  { country: 'KW', scheme: 'KW_CIVIL_ID', body: fc.tuple(fc.constantFrom('2', '3'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 9999 })).map(([c, y, m, d, s]) => `${c}${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s).padStart(4, '0')}`) },
  { country: 'SA', scheme: 'SA_NATIONAL_ID', body: fc.tuple(fc.constantFrom('1', '2'), fc.stringMatching(/^\d{8}$/)).map(([a, b]) => a + b) },
  { country: 'IR', scheme: 'IR_NATIONAL_CODE', body: fc.stringMatching(/^\d{9}$/) },
];

const validId = fc.oneof(...SCHEMES.map(({ country, scheme, body }) => body.map((b) => ({ country, id: completeNationalId(scheme, b) })))).filter((x): x is { country: Country; id: string } => x.id !== null);

/** The ID with one digit replaced, or two adjacent different digits swapped. */
const mistyped = fc.tuple(validId, fc.nat(), fc.integer({ min: 1, max: 9 }), fc.boolean()).map(([{ country, id }, pos, delta, swap]) => {
  const i = pos % (id.length - 1);
  const typed = swap && id[i] !== id[i + 1] ? id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2) : id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
  return { country, id, typed };
});

const keys = (country: Country, nationalId: string) => new Set(blockingKeys(prepareRecord({ id: 'x', country, nationalId })));

test('a national ID with one wrong digit or two adjacent digits swapped shares a blocking key with the true ID', () => {
  fc.assert(
    fc.property(mistyped, ({ country, id, typed }) => {
      const a = keys(country, id);
      const b = keys(country, typed);
      assert.ok([...a].some((k) => k.startsWith('ide:') && b.has(k)), `${id} / ${typed}`);
    }),
    { numRuns: 2000 },
  );
});

test('a mistyped ID shares no blocking key with an unrelated ID (checked on a sample)', () => {
  fc.assert(
    fc.property(validId, validId, (x, y) => {
      fc.pre(x.country === y.country && x.id !== y.id);
      const diff = [...x.id].filter((d, i) => d !== y.id[i]).length;
      fc.pre(diff >= 3);
      const a = keys(x.country, x.id);
      assert.ok(![...keys(y.country, y.id)].some((k) => a.has(k)));
    }),
    { numRuns: 500 },
  );
});

const ar = loadNames('ar');
const fa = loadNames('fa');
const anyName = fc.constantFrom(...ar.male, ...ar.female, ...ar.family, ...fa.male, ...fa.female, ...fa.family);
/** Each ي/ی and ك/ک of the name typed on either keyboard, letter by letter. */
const keyboardVariant = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((flips) =>
    [...name].map((ch, i) => (flips[i] ? ({ ي: 'ی', ی: 'ي', ك: 'ک', ک: 'ك' } as Record<string, string>)[ch] ?? ch : ch)).join(''),
  );

test('prepareRecord gives the same record whatever keyboard typed the names (ي/ی, ك/ک)', () => {
  const record = fc.record({ given: anyName, father: anyName, grandfather: anyName, family: anyName });
  fc.assert(
    fc.property(
      record.chain((r) => fc.tuple(fc.constant(r), fc.record({ given: keyboardVariant(r.given), father: keyboardVariant(r.father), grandfather: keyboardVariant(r.grandfather), family: keyboardVariant(r.family) }))),
      ([r, v]) => {
        const rec = (x: typeof r): PersonRecord => ({ id: 'x', country: 'KW', givenName: x.given, fatherName: x.father, grandfatherName: x.grandfather, familyName: x.family });
        assert.deepEqual(prepareRecord(rec(v)), prepareRecord(rec(r)));
      },
    ),
    { numRuns: 500 },
  );
});

test('prepareRecord reads IDs, phones and birth dates in Persian and Arabic-Indic digits as ASCII', () => {
  fc.assert(
    fc.property(validId, fc.constantFrom(0x06f0, 0x0660), ({ country, id }, zero) => {
      const script = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));
      const ascii = prepareRecord({ id: 'x', country, nationalId: id, phone: '+96550001234', birthDate: '1990-04-07' });
      const other = prepareRecord({ id: 'x', country, nationalId: script(id), phone: script('+96550001234'), birthDate: script('1990-04-07') });
      assert.equal(ascii.validId, id);
      assert.deepEqual(other, ascii);
    }),
    { numRuns: 300 },
  );
});
