import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { latinDigits, moneyText, parseMoney, pathParts, reviewSummary, startingDraft, stepOfPath, STEPS, type DeclarationDraft } from '../../web/src/lib/declaration-form.js';

const toScript = (ascii: string, zero: number) => ascii.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const ARABIC = 0x660;
const PERSIAN = 0x6f0;
const DEVANAGARI = 0x966;

describe('money typed in the deployment currency', () => {
  test('digits of any script, grouping marks and either decimal mark give the same minor units', () => {
    assert.deepEqual(parseMoney('1,250.5', 3), { ok: true, minor: 1_250_500 });
    assert.deepEqual(parseMoney('۱۲۵۰٫۵', 3), { ok: true, minor: 1_250_500 });
    assert.deepEqual(parseMoney('١٬٢٥٠٫٥٠٠', 3), { ok: true, minor: 1_250_500 });
    assert.deepEqual(parseMoney(' ١٢٥ ', 3), { ok: true, minor: 125_000 });
    assert.deepEqual(parseMoney('१२५.७५', 2), { ok: true, minor: 12_575 });
    assert.deepEqual(parseMoney('4 500 000', 0), { ok: true, minor: 4_500_000 });
  });

  test('an empty field is no amount; letters, a minus, two decimal marks or too many decimals are refused with the reason', () => {
    assert.deepEqual(parseMoney('  ', 3), { ok: true, minor: null });
    assert.deepEqual(parseMoney('12a', 3), { ok: false, error: 'format' });
    assert.deepEqual(parseMoney('-5', 3), { ok: false, error: 'format' });
    assert.deepEqual(parseMoney('1.2.3', 3), { ok: false, error: 'format' });
    assert.deepEqual(parseMoney('1.2345', 3), { ok: false, error: 'decimals' });
    assert.deepEqual(parseMoney('1.5', 0), { ok: false, error: 'decimals' });
    assert.deepEqual(parseMoney('1.000', 0), { ok: true, minor: 1 }, 'trailing zeros are not decimals');
    assert.deepEqual(parseMoney('99999999999999999', 3), { ok: false, error: 'tooLarge' });
  });

  test('the amount shown for editing reads back as the same minor units, in every script', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom(0, 2, 3), fc.constantFrom(0, ARABIC, PERSIAN, DEVANAGARI), (minor, units, zero) => {
        const text = moneyText(minor, units);
        const typed = zero ? toScript(text, zero).replace('.', '٫') : text;
        assert.deepEqual(parseMoney(typed, units), { ok: true, minor });
      }),
    );
    assert.equal(moneyText(150_500, 3), '150.500');
    assert.equal(moneyText(7, 3), '0.007');
    assert.equal(moneyText(null, 3), '');
  });

  test('latinDigits turns every script’s digits to ASCII and leaves the rest', () => {
    assert.equal(latinDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
    assert.equal(latinDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
    assert.equal(latinDigits('०९ and ９'), '09 and 9');
    assert.equal(latinDigits('رقم 12'), 'رقم 12');
  });
});

describe('the form’s steps and the review', () => {
  test('each field the server names leads to its step', () => {
    assert.equal(stepOfPath('/members/2/nationalId'), 'members');
    assert.equal(stepOfPath('/members/1/disability'), 'health');
    assert.equal(stepOfPath('/members/1/chronicIllness'), 'health');
    assert.equal(stepOfPath('/regionCode'), 'housing');
    assert.equal(stepOfPath('/housing/monthlyRentMinor'), 'housing');
    assert.equal(stepOfPath('/incomes/0/monthlyAmountMinor'), 'income');
    assert.equal(stepOfPath('/debts/0/totalMinor'), 'debts');
    assert.equal(stepOfPath('/needs'), 'needs');
    assert.equal(stepOfPath('/something-else'), 'review');
    for (const s of STEPS) assert.ok(STEPS.includes(s));
  });

  test('a path names its section, its row counted from one, and its field', () => {
    assert.deepEqual(pathParts('/members/2/nationalId'), { section: 'members', row: 3, field: 'nationalId' });
    assert.deepEqual(pathParts('/housing/tenure'), { section: 'housing', row: null, field: 'tenure' });
    assert.deepEqual(pathParts('/needs'), { section: 'needs', row: null, field: null });
    assert.deepEqual(pathParts('/incomes/0'), { section: 'incomes', row: 1, field: null });
  });

  test('the review adds up what the score is computed from; rent counts only for a rented home', () => {
    const d: DeclarationDraft = {
      members: [
        { nationalId: '1', fullName: 'A', relation: 'head', disability: false, chronicIllness: true },
        { nationalId: '2', fullName: 'B', relation: 'spouse', disability: false, chronicIllness: false },
        { nationalId: '3', fullName: 'C', relation: 'child', disability: true, chronicIllness: false },
        { nationalId: '4', fullName: 'D', relation: 'child', disability: false, chronicIllness: false },
      ],
      incomes: [{ source: 'work', monthlyAmountMinor: 250_000 }, { source: 'benefit', monthlyAmountMinor: 75_500 }],
      housing: { tenure: 'rented', monthlyRentMinor: 180_000 },
      debts: [{ kind: 'loan', totalMinor: 1_000_000, monthlyRepaymentMinor: 50_000 }, { kind: 'medical', totalMinor: 200_000, monthlyRepaymentMinor: 0 }],
      needs: ['food-basket', 'rent-support'],
    };
    assert.deepEqual(reviewSummary(d), {
      members: 4,
      byRelation: { head: 1, spouse: 1, child: 2 },
      disability: 1,
      chronicIllness: 1,
      monthlyIncomeMinor: 325_500,
      monthlyRentMinor: 180_000,
      debtsMinor: 1_200_000,
      monthlyRepaymentMinor: 50_000,
      needs: 2,
    });
    assert.equal(reviewSummary({ ...d, housing: { tenure: 'owned', monthlyRentMinor: 180_000 } }).monthlyRentMinor, 0);
    assert.deepEqual(reviewSummary({}), { members: 0, byRelation: {}, disability: 0, chronicIllness: 0, monthlyIncomeMinor: 0, monthlyRentMinor: 0, debtsMinor: 0, monthlyRepaymentMinor: 0, needs: 0 });
  });

  test('an empty draft starts with the applicant as the head; a draft with members is kept as it is', () => {
    const start = startingDraft({ regionCode: 'KW-CA' }, { nationalId: '289', fullName: 'Sara' });
    assert.deepEqual(start, { regionCode: 'KW-CA', members: [{ nationalId: '289', fullName: 'Sara', relation: 'head', disability: false, chronicIllness: false }] });
    const kept: DeclarationDraft = { members: [{ nationalId: '5', fullName: 'X', relation: 'head', disability: true, chronicIllness: false }] };
    assert.equal(startingDraft(kept, { nationalId: '289', fullName: null }), kept);
  });
});
