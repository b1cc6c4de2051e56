import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ID_SCHEMES,
  completeNationalId,
  normalizeDigits,
  validateNationalId,
  type IdCheck,
  type IdScheme,
} from '../../src/shared/identity/national-id.js';

const SCHEMES: IdScheme[] = ['KW_CIVIL_ID', 'SA_NATIONAL_ID', 'IR_NATIONAL_CODE'];

function reasonOf(c: IdCheck): string | undefined {
  return c.valid ? undefined : c.reason;
}

// ---------------------------------------------------------------------------------------------
// Independent reference implementations (written from the reference text, not from the module).

function irRemainder(id: string): number {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(id[i]) * (10 - i);
  return s % 11;
}
function irReferenceValid(id: string): boolean {
  if (!/^\d{10}$/.test(id)) return false;
  const r = irRemainder(id);
  const d10 = Number(id[9]);
  return r < 2 ? d10 === r : d10 === 11 - r;
}
function luhnValid(id: string): boolean {
  let s = 0;
  for (let i = 0; i < id.length; i++) {
    let d = Number(id[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    s += d;
  }
  return s % 10 === 0;
}
function kwSumValid(id: string): boolean {
  const w = [2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 11; i++) s += Number(id[i]) * w[i]!;
  const k = 11 - (s % 11);
  return k <= 9 && k === Number(id[11]);
}

// ---------------------------------------------------------------------------------------------
// Generators of valid IDs.

const digitString = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

const validIr = digitString(9)
  .map((b) => completeNationalId('IR_NATIONAL_CODE', b))
  .filter((x): x is string => x !== null);

const validSa = fc
  .tuple(fc.constantFrom('1', '2'), digitString(8))
  .map(([p, b]) => completeNationalId('SA_NATIONAL_ID', p + b))
  .filter((x): x is string => x !== null);

const kwBody = fc
  .tuple(
    fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }),
    digitString(4),
  )
  .map(([d, serial]) => {
    const y = d.getUTCFullYear();
    const c = y < 2000 ? '2' : '3';
    const yymmdd = String(y % 100).padStart(2, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
    return { body: c + yymmdd + serial, birthDate: d.toISOString().slice(0, 10) };
  });

const validKw = kwBody
  .map(({ body, birthDate }) => ({ id: completeNationalId('KW_CIVIL_ID', body), birthDate }))
  .filter((x): x is { id: string; birthDate: string } => x.id !== null);

const validAny: fc.Arbitrary<{ scheme: IdScheme; id: string }> = fc.oneof(
  validIr.map((id) => ({ scheme: 'IR_NATIONAL_CODE' as const, id })),
  validSa.map((id) => ({ scheme: 'SA_NATIONAL_ID' as const, id })),
  validKw.map(({ id }) => ({ scheme: 'KW_CIVIL_ID' as const, id })),
);

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const FULLWIDTH = '０１２３４５６７８９';
const toScript = (s: string, digits: string) => s.replace(/[0-9]/g, (d) => digits[Number(d)]!);

const NOISE = [
  ' ', '\u00A0', '\t', '\u2009', '\u202F', '\u3000',
  '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uFE63', '\uFF0D', '\u00AD',
  '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u200C', '\u200D', '\u061C',
];

function withNoise(s: string, inserts: Array<[number, string]>): string {
  const chars = Array.from(s);
  for (const [pos, noise] of inserts) chars.splice(pos % (chars.length + 1), 0, noise);
  return chars.join('');
}

// ---------------------------------------------------------------------------------------------

describe('reference vectors', () => {
  const IR_VALID = ['0499370899', '0790419904', '0084575948', '0963695398', '0067749828', '0650451252', '1583250689', '4032152314', '0076229645', '4271467685', '0200203241'];
  for (const id of IR_VALID) {
    it(`Iran ${id} is valid`, () => {
      assert.deepEqual(validateNationalId('IR_NATIONAL_CODE', id), { valid: true, scheme: 'IR_NATIONAL_CODE', normalized: id });
    });
  }
  it('Iran 0684159415 fails the check digit', () => {
    const r = validateNationalId('IR_NATIONAL_CODE', '0684159415');
    assert.equal(r.valid, false);
    assert.equal(reasonOf(r), 'check_digit');
    assert.equal(r.normalized, '0684159415');
  });

  it('Saudi 1000000008 (citizen) and 2000000006 (resident) are valid', () => {
    assert.deepEqual(validateNationalId('SA_NATIONAL_ID', '1000000008'), { valid: true, scheme: 'SA_NATIONAL_ID', normalized: '1000000008', kind: 'citizen' });
    assert.deepEqual(validateNationalId('SA_NATIONAL_ID', '2000000006'), { valid: true, scheme: 'SA_NATIONAL_ID', normalized: '2000000006', kind: 'resident' });
  });
  for (const id of ['1000000000', '2000000002']) {
    it(`Saudi ${id} fails the check digit`, () => {
      assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', id)), 'check_digit');
    });
  }
  it('Luhn misses the 09↔90 swap (documented limitation)', () => {
    const a = completeNationalId('SA_NATIONAL_ID', '109000000')!;
    assert.notEqual(a, null);
    const b = '190' + a.slice(3); // positions 2 and 3 swapped
    assert.equal(validateNationalId('SA_NATIONAL_ID', a).valid, true);
    assert.equal(validateNationalId('SA_NATIONAL_ID', b).valid, true);
  });

  const KW_VALID: Array<[string, string]> = [
    ['288020122596', '1988-02-01'],
    ['227081660516', '1927-08-16'],
    ['292091998298', '1992-09-19'],
  ];
  for (const [id, birthDate] of KW_VALID) {
    it(`Kuwait ${id} is valid, born ${birthDate}`, () => {
      assert.deepEqual(validateNationalId('KW_CIVIL_ID', id), { valid: true, scheme: 'KW_CIVIL_ID', normalized: id, birthDate });
      assert.equal(validateNationalId('KW_CIVIL_ID', id, { birthDate }).valid, true);
    });
  }
  it('Kuwait 292091998297 fails the check digit', () => {
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '292091998297')), 'check_digit');
  });
});

describe('normalizeDigits', () => {
  it('maps Arabic-Indic, Persian and fullwidth digits to ASCII', () => {
    assert.equal(normalizeDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
    assert.equal(normalizeDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
    assert.equal(normalizeDigits('０１２３４５６７８９'), '0123456789');
    assert.notEqual(Number('٥'), 5); // why this module exists
  });
  it('strips spaces, NBSP, dashes, bidi marks and joiners, keeps other characters', () => {
    assert.equal(normalizeDigits('\u200F۰۴۹۹\u00A0۳۷۰–۸۹۹\u200E'), '0499370899');
    assert.equal(normalizeDigits('\u202B12-34\u202C \u206656\u2069\u200C7\u200D8'), '12345678');
    assert.equal(normalizeDigits('12a/3'), '12a/3');
    assert.equal(normalizeDigits(''), '');
  });
});

describe('validateNationalId: rules', () => {
  it('empty and blank input', () => {
    for (const s of SCHEMES) {
      for (const input of ['', '   ', '\u200F\u200E', ' - ']) {
        const r = validateNationalId(s, input);
        assert.equal(reasonOf(r), 'empty');
        assert.equal(r.normalized, null);
      }
    }
  });
  it('non-digits', () => {
    for (const s of SCHEMES) {
      const r = validateNationalId(s, '04993708a9');
      assert.equal(reasonOf(r), 'non_digit');
      assert.equal(r.normalized, null);
    }
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '2880201225.6')), 'non_digit');
  });
  it('length', () => {
    assert.equal(reasonOf(validateNationalId('IR_NATIONAL_CODE', '1234567')), 'length');
    assert.equal(reasonOf(validateNationalId('IR_NATIONAL_CODE', '04993708990')), 'length');
    assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', '100000008')), 'length');
    assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', '01000000008')), 'length');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '28802012259')), 'length');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '2880201225960')), 'length');
  });
  it('Iran: 8 or 9 digits are left-padded (leading zeros lost in spreadsheets)', () => {
    assert.deepEqual(validateNationalId('IR_NATIONAL_CODE', '499370899'), { valid: true, scheme: 'IR_NATIONAL_CODE', normalized: '0499370899' });
    assert.deepEqual(validateNationalId('IR_NATIONAL_CODE', '84575948'), { valid: true, scheme: 'IR_NATIONAL_CODE', normalized: '0084575948' });
    assert.deepEqual(validateNationalId('IR_NATIONAL_CODE', '۸۴۵۷۵۹۴۸'), { valid: true, scheme: 'IR_NATIONAL_CODE', normalized: '0084575948' });
    // 7 digits is too short to pad: 0000045948-like codes would need three lost zeros.
    assert.equal(reasonOf(validateNationalId('IR_NATIONAL_CODE', '4575948')), 'length');
    // padding happens before the check digit test
    assert.equal(reasonOf(validateNationalId('IR_NATIONAL_CODE', '684159415')), 'check_digit');
    assert.equal(validateNationalId('IR_NATIONAL_CODE', '684159415').normalized, '0684159415');
  });
  it('Iran: every repeated-digit code passes the sum but is unissuable', () => {
    for (let d = 0; d <= 9; d++) {
      const id = String(d).repeat(10);
      assert.equal(irReferenceValid(id), true, `${id} passes the checksum`);
      const r = validateNationalId('IR_NATIONAL_CODE', id);
      assert.equal(reasonOf(r), 'unissuable');
      assert.equal(r.normalized, id);
    }
    // 8 zeros pad to ten zeros
    assert.equal(reasonOf(validateNationalId('IR_NATIONAL_CODE', '00000000')), 'unissuable');
  });
  it('Iran: a single-digit error is missed when the remainder moves between 1 and 10', () => {
    // 0200203241 has remainder 10 → check digit 1; changing digit 9 from 4 to 3 gives remainder 1 → check digit 1.
    assert.equal(validateNationalId('IR_NATIONAL_CODE', '0200203241').valid, true);
    assert.equal(validateNationalId('IR_NATIONAL_CODE', '0200203231').valid, true);
    assert.equal(validateNationalId('IR_NATIONAL_CODE', '0000000051').valid, true);
    assert.equal(validateNationalId('IR_NATIONAL_CODE', '0000000061').valid, true);
  });
  it('Saudi: prefix must be 1 or 2', () => {
    for (const p of ['0', '3', '4', '5', '6', '7', '8', '9']) {
      const body = p + '0000000';
      // build a Luhn-valid number so that only the prefix is wrong
      let id = '';
      for (let k = 0; k <= 9; k++) if (luhnValid(body + '0' + k)) id = body + '0' + k;
      assert.equal(luhnValid(id), true);
      assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', id)), 'bad_prefix');
    }
  });
  it('Saudi: 2222222222 passes Luhn but is unissuable; 1111111111 fails Luhn', () => {
    assert.equal(luhnValid('2222222222'), true);
    assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', '2222222222')), 'unissuable');
    assert.equal(reasonOf(validateNationalId('SA_NATIONAL_ID', '1111111111')), 'check_digit');
  });
  it('Kuwait: prefix must be 2 or 3', () => {
    for (const p of ['0', '1', '4', '5', '9']) {
      assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', p + '88020122596')), 'bad_prefix');
    }
  });
  it('Kuwait: the embedded date must be real (leap years included)', () => {
    // Build IDs whose check digit is right so that only the date is wrong.
    const withCheck = (body: string) => {
      for (let k = 0; k <= 9; k++) if (kwSumValid(body + k)) return body + k;
      return null;
    };
    for (const date of ['881301', '880001', '880100', '880230', '890229', '990431', '000000', '001232']) {
      for (const c of ['2', '3']) {
        for (const serial of ['1225', '0001', '4711']) {
          const id = withCheck(c + date + serial);
          if (id === null) continue;
          assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', id)), 'bad_birth_date', `${id}`);
        }
      }
    }
    // 29 February exists in 1988, 2000 and 2004, not in 1900 or 1989.
    const feb29 = (c: string, yy: string) => {
      for (const serial of ['0000', '0001', '0002', '0003']) {
        const id = completeNationalId('KW_CIVIL_ID', `${c}${yy}0229${serial}`);
        if (id !== null) return id;
      }
      return null;
    };
    assert.equal(validateNationalId('KW_CIVIL_ID', feb29('2', '88')!).valid, true);
    assert.equal(validateNationalId('KW_CIVIL_ID', feb29('3', '00')!).valid, true);
    assert.equal(validateNationalId('KW_CIVIL_ID', feb29('3', '04')!).valid, true);
    assert.equal(feb29('2', '00'), null); // 1900 was not a leap year
    assert.equal(feb29('2', '89'), null);
  });
  it('Kuwait: century comes from the first digit', () => {
    const id = completeNationalId('KW_CIVIL_ID', '30501010001') ?? completeNationalId('KW_CIVIL_ID', '30501010002')!;
    const r = validateNationalId('KW_CIVIL_ID', id);
    assert.equal(r.valid && r.birthDate, '2005-01-01');
  });
  it('Kuwait: birth date cross-check', () => {
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-02-02' })), 'birth_date_mismatch');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '2088-02-01' })), 'birth_date_mismatch');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: 'not a date' })), 'birth_date_mismatch');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-02-30' })), 'birth_date_mismatch');
    assert.equal(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-02-01' }).valid, true);
    assert.equal(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-2-1' }).valid, true);
    assert.equal(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '۱۹۸۸-۰۲-۰۱' }).valid, true);
    assert.equal(validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-02-01T00:00:00Z' }).valid, true);
    // A birth date is not checked against the other schemes (they carry none).
    assert.equal(validateNationalId('SA_NATIONAL_ID', '1000000008', { birthDate: '1900-01-01' }).valid, true);
  });
  it('Kuwait: a check digit error is reported after prefix and date checks', () => {
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122597')), 'check_digit');
    assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', '288020122590')), 'check_digit');
  });
  it('messages are plain English and never contain the number', () => {
    const inputs: Array<[IdScheme, string]> = [
      ['IR_NATIONAL_CODE', '0684159415'], ['IR_NATIONAL_CODE', '1111111111'], ['IR_NATIONAL_CODE', '12'],
      ['SA_NATIONAL_ID', '1000000000'], ['SA_NATIONAL_ID', '3000000004'], ['SA_NATIONAL_ID', 'x1'],
      ['KW_CIVIL_ID', '292091998297'], ['KW_CIVIL_ID', '288023122596'], ['KW_CIVIL_ID', '188020122596'], ['KW_CIVIL_ID', ''],
    ];
    for (const [s, id] of inputs) {
      const r = validateNationalId(s, id);
      assert.equal(r.valid, false);
      if (!r.valid) {
        assert.match(r.message, /^[\x20-\x7E–]+$/);
        if (id.length >= 4) assert.equal(r.message.includes(id), false);
        assert.equal(r.message.includes('1988-02-02'), false);
      }
    }
    const mm = validateNationalId('KW_CIVIL_ID', '288020122596', { birthDate: '1988-02-02' });
    assert.equal(!mm.valid && (mm.message.includes('1988') || mm.message.includes('288020122596')), false);
  });
  it('ID_SCHEMES', () => {
    assert.equal(ID_SCHEMES.KW_CIVIL_ID.length, 12);
    assert.equal(ID_SCHEMES.SA_NATIONAL_ID.length, 10);
    assert.equal(ID_SCHEMES.IR_NATIONAL_CODE.length, 10);
    for (const s of SCHEMES) {
      const { en, ar, fa } = ID_SCHEMES[s].label;
      assert.ok(en.length > 0 && ar.length > 0 && fa.length > 0);
      assert.match(ar, /[\u0600-\u06FF]/);
      assert.match(fa, /[\u0600-\u06FF]/);
      assert.equal(/[يك]/.test(fa), false, 'Persian label uses ی and ک');
    }
  });
});

describe('completeNationalId', () => {
  it('completes the reference vectors from their bodies', () => {
    for (const id of ['0499370899', '0084575948', '4271467685', '0200203241']) assert.equal(completeNationalId('IR_NATIONAL_CODE', id.slice(0, 9)), id);
    assert.equal(completeNationalId('IR_NATIONAL_CODE', '84575948'.slice(0, 7)), '0084575948');
    for (const id of ['1000000008', '2000000006']) assert.equal(completeNationalId('SA_NATIONAL_ID', id.slice(0, 9)), id);
    for (const id of ['288020122596', '227081660516', '292091998298']) assert.equal(completeNationalId('KW_CIVIL_ID', id.slice(0, 11)), id);
    assert.equal(completeNationalId('KW_CIVIL_ID', '٢٨٨٠٢٠١٢٢٥٩'), '288020122596');
  });
  it('returns null when no ID exists', () => {
    assert.equal(completeNationalId('IR_NATIONAL_CODE', '000000000'), null); // only 0000000000, unissuable
    assert.equal(completeNationalId('IR_NATIONAL_CODE', '777777777'), null);
    assert.equal(completeNationalId('SA_NATIONAL_ID', '300000000'), null); // bad prefix
    assert.equal(completeNationalId('SA_NATIONAL_ID', '222222222'), null); // only 2222222222, unissuable
    assert.equal(completeNationalId('KW_CIVIL_ID', '28813012259'), null); // month 13
    assert.equal(completeNationalId('KW_CIVIL_ID', '18802012259'), null); // prefix 1
    assert.equal(completeNationalId('IR_NATIONAL_CODE', '12345'), null);
    assert.equal(completeNationalId('IR_NATIONAL_CODE', '12345678a'), null);
    assert.equal(completeNationalId('SA_NATIONAL_ID', ''), null);
    // Kuwait remainders 0 and 1 give K = 11 and 10: no check digit exists.
    let found = 0;
    for (let serial = 0; serial < 200 && found < 5; serial++) {
      const body = '2880201' + String(serial).padStart(4, '0');
      const noneValid = [...'0123456789'].every((k) => !kwSumValid(body + k));
      if (noneValid) {
        found++;
        assert.equal(completeNationalId('KW_CIVIL_ID', body), null, body);
      }
    }
    assert.ok(found > 0);
  });

  it('property: a completed ID always validates, and when null no check digit works', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMES), fc.nat(), digitString(11), (scheme, _seed, digits) => {
        const body = digits.slice(0, ID_SCHEMES[scheme].length - 1);
        const id = completeNationalId(scheme, body);
        if (id !== null) {
          assert.equal(id.slice(0, -1), body);
          assert.equal(validateNationalId(scheme, id).valid, true);
        } else {
          for (let k = 0; k <= 9; k++) assert.equal(validateNationalId(scheme, body + k).valid, false);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('property: at most one check digit completes a body (the completed one)', () => {
    fc.assert(
      fc.property(validAny, ({ scheme, id }) => {
        assert.equal(completeNationalId(scheme, id.slice(0, -1)), id);
        const body = id.slice(0, -1);
        const valid = [...'0123456789'].filter((k) => validateNationalId(scheme, body + k).valid);
        assert.deepEqual(valid, [id.slice(-1)]);
      }),
    );
  });
  it('property: agrees with independent reference checksums on random 10/12-digit strings', () => {
    fc.assert(
      fc.property(digitString(10), digitString(12), (ten, twelve) => {
        const ir = validateNationalId('IR_NATIONAL_CODE', ten);
        assert.equal(ir.valid, irReferenceValid(ten) && !/^(\d)\1{9}$/.test(ten));
        const sa = validateNationalId('SA_NATIONAL_ID', ten);
        assert.equal(sa.valid, luhnValid(ten) && (ten[0] === '1' || ten[0] === '2') && !/^(\d)\1{9}$/.test(ten));
        const kw = validateNationalId('KW_CIVIL_ID', twelve);
        if (kw.valid) assert.equal(kwSumValid(twelve), true);
        else if (kw.reason === 'check_digit') assert.equal(kwSumValid(twelve), false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('properties of valid IDs', () => {
  it('Saudi (Luhn) and Kuwait: every single-digit substitution is caught', () => {
    const kwOrSa = fc.oneof(
      validSa.map((id) => ({ scheme: 'SA_NATIONAL_ID' as const, id })),
      validKw.map(({ id }) => ({ scheme: 'KW_CIVIL_ID' as const, id })),
    );
    fc.assert(
      fc.property(kwOrSa, fc.nat(), fc.integer({ min: 1, max: 9 }), ({ scheme, id }, pos, delta) => {
        const i = pos % id.length;
        const changed = id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
        assert.notEqual(changed, id);
        assert.equal(validateNationalId(scheme, changed).valid, false);
      }),
      { numRuns: 3000 },
    );
  });
  it('Iran: a single-digit substitution is caught unless the remainder moves between 1 and 10', () => {
    fc.assert(
      fc.property(validIr, fc.nat(), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const i = pos % 10;
        const changed = id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
        const stillValid = validateNationalId('IR_NATIONAL_CODE', changed).valid;
        const collision = i < 9 && new Set([irRemainder(id), irRemainder(changed)]).size === 2 && [1, 10].includes(irRemainder(id)) && [1, 10].includes(irRemainder(changed));
        assert.equal(stillValid, collision && !/^(\d)\1{9}$/.test(changed));
      }),
      { numRuns: 3000 },
    );
  });
  it('Kuwait: every adjacent swap of two different digits within the first 11 is caught', () => {
    fc.assert(
      fc.property(validKw, fc.integer({ min: 0, max: 9 }), ({ id }, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        assert.equal(validateNationalId('KW_CIVIL_ID', swapped).valid, false);
      }),
    );
  });
  it('Saudi: every adjacent swap of two different digits is caught except 0↔9', () => {
    fc.assert(
      fc.property(validSa, fc.integer({ min: 0, max: 8 }), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        const pair = id[i]! + id[i + 1]!;
        const r = validateNationalId('SA_NATIONAL_ID', swapped);
        if (pair === '09' || pair === '90') {
          // Luhn cannot see it; only the prefix rule may still reject it.
          assert.equal(luhnValid(swapped), true);
        } else {
          assert.equal(r.valid, false);
        }
      }),
    );
  });
  it('Persian, Arabic-Indic and fullwidth digit versions validate to the same result', () => {
    fc.assert(
      fc.property(validAny, fc.constantFrom(PERSIAN, ARABIC_INDIC, FULLWIDTH), ({ scheme, id }, digits) => {
        const ascii = validateNationalId(scheme, id);
        assert.equal(ascii.valid, true);
        assert.deepEqual(validateNationalId(scheme, toScript(id, digits)), ascii);
      }),
    );
  });
  it('digit scripts do not change the result for arbitrary digit strings either', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMES), fc.integer({ min: 0, max: 14 }).chain((n) => digitString(n)), fc.constantFrom(PERSIAN, ARABIC_INDIC), (scheme, s, digits) => {
        assert.deepEqual(validateNationalId(scheme, toScript(s, digits)), validateNationalId(scheme, s));
      }),
    );
  });
  it('inserted spaces, dashes, bidi marks and joiners do not change the result', () => {
    fc.assert(
      fc.property(
        fc.oneof(validAny, fc.record({ scheme: fc.constantFrom(...SCHEMES), id: fc.integer({ min: 0, max: 14 }).chain((n) => digitString(n)) })),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NOISE)), { maxLength: 6 }),
        ({ scheme, id }, inserts) => {
          assert.deepEqual(validateNationalId(scheme, withNoise(id, inserts)), validateNationalId(scheme, id));
          assert.equal(normalizeDigits(withNoise(id, inserts)), id);
        },
      ),
    );
  });
  it('Iran: dropping leading zeros down to 8 digits gives the same result', () => {
    fc.assert(
      fc.property(validIr, (id) => {
        const full = validateNationalId('IR_NATIONAL_CODE', id);
        let s = id;
        while (s.length > 8 && s[0] === '0') {
          s = s.slice(1);
          assert.deepEqual(validateNationalId('IR_NATIONAL_CODE', s), full);
        }
      }),
    );
  });
  it('Kuwait: the returned birth date is the embedded one and cross-checks', () => {
    fc.assert(
      fc.property(validKw, fc.integer({ min: 1, max: 40000 }), ({ id, birthDate }, shiftDays) => {
        const r = validateNationalId('KW_CIVIL_ID', id);
        assert.equal(r.valid && r.birthDate, birthDate);
        assert.equal(validateNationalId('KW_CIVIL_ID', id, { birthDate }).valid, true);
        const other = new Date(Date.parse(birthDate) + shiftDays * 86400000).toISOString().slice(0, 10);
        assert.equal(reasonOf(validateNationalId('KW_CIVIL_ID', id, { birthDate: other })), 'birth_date_mismatch');
      }),
    );
  });
  it('Saudi: kind follows the first digit', () => {
    fc.assert(
      fc.property(validSa, (id) => {
        const r = validateNationalId('SA_NATIONAL_ID', id);
        assert.equal(r.valid && r.kind, id[0] === '1' ? 'citizen' : 'resident');
      }),
    );
  });
  it('never throws, and an invalid result always has a reason and a message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMES), fc.string({ unit: 'binary', maxLength: 20 }), (scheme, s) => {
        const r = validateNationalId(scheme, s);
        assert.equal(r.scheme, scheme);
        if (!r.valid) assert.ok(r.reason.length > 0 && r.message.length > 0);
        else assert.match(r.normalized, /^\d+$/);
      }),
    );
  });
});
