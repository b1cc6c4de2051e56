/**
 * The server's notification texts: the plural form chosen by the language's rules for the count
 * (Arabic's six forms for days left), numbers in the language's digits and the deadline as a date
 * of the deployment's calendar.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageDay, pluralForm, render } from '../../src/modules/notifications/messages.js';

const names: Record<string, Record<'ar' | 'fa' | 'en', string>> = { refrigerator: { en: 'Refrigerator', ar: 'ثلاجة', fa: 'یخچال' } };
const reminder = (daysLeft: number, locale: 'ar' | 'fa' | 'en', calendar: 'gregory' | 'islamic-umalqura' | 'persian' = 'gregory') =>
  render('request.reminder.claimant', { ref: 'AB12CD34', aidType: 'refrigerator', deadline: '2026-03-15', daysLeft }, locale, { aidTypeNames: (c) => names[c]?.[locale], calendar });

describe('notification texts', () => {
  test('Arabic: six plural forms for 0, 1, 2, 3, 11 and 100 days left, in Arabic-Indic digits', () => {
    const expected: [number, string][] = [
      [0, 'لم يبقَ أي يوم.'],
      [1, 'بقي يوم واحد.'],
      [2, 'بقي يومان.'],
      [3, 'بقيت ٣ أيام.'],
      [11, 'بقي ١١ يومًا.'],
      [100, 'بقي ١٠٠ يوم.'],
    ];
    for (const [n, phrase] of expected) {
      const text = reminder(n, 'ar');
      assert.ok(text.endsWith(`: ${phrase}`), `${n}: ${text}`);
      assert.doesNotMatch(text.replace('AB12CD34', ''), /[0-9]/, `${n}: no Latin digit but in the reference`);
    }
    assert.equal(new Set(expected.map(([n]) => reminder(n, 'ar'))).size, 6, 'six different sentences');
  });

  test('Arabic: the deadline in the Umm al-Qura calendar when the deployment uses it, the aid type named in Arabic', () => {
    const text = reminder(3, 'ar', 'islamic-umalqura');
    assert.match(text, /٢٦ رمضان ١٤٤٧/);
    assert.match(text, /ثلاجة/);
    assert.match(text, /AB12CD34/, 'the short reference, as the web app shows it');
    assert.doesNotMatch(text, /2026|03-15/);
  });

  test('Persian: Persian digits, the Solar Hijri date, and no "0 days" for the last day', () => {
    assert.match(reminder(3, 'fa', 'persian'), /در ۲۴ اسفند ۱۴۰۴ تمام می‌شود: ۳ روز مانده است\.$/);
    assert.match(reminder(11, 'fa', 'persian'), /۱۱ روز مانده است/);
    assert.match(reminder(0, 'fa', 'persian'), /هیچ روزی نمانده است/);
    assert.match(reminder(1, 'fa', 'persian'), /یخچال/);
  });

  test('English: one and other, Latin digits, a Gregorian date in words', () => {
    assert.equal(reminder(1, 'en'), 'Reminder: request AB12CD34 (Refrigerator), which your organisation claimed, is due on 15 March 2026: one day left.');
    assert.match(reminder(2, 'en'), /: 2 days left\.$/);
    assert.match(reminder(100, 'en'), /: 100 days left\.$/);
    assert.match(reminder(0, 'en'), /: no day left\.$/);
  });

  test('a plain string still renders; a template without a count in its params falls back to the other form', () => {
    assert.equal(render('request.approved.applicant', { aidType: 'refrigerator' }, 'en', { aidTypeNames: () => 'Refrigerator' }), 'Your request for Refrigerator was approved.');
    assert.equal(pluralForm({ count: 'n', one: 'one', other: 'many' }, {}, 'en'), 'many');
    assert.equal(pluralForm('plain', { n: 1 }, 'ar'), 'plain');
    assert.equal(render('no.such.template', {}, 'ar'), 'no.such.template');
  });

  test('a day in each calendar', () => {
    assert.equal(messageDay('2026-03-15', 'en', 'gregory'), '15 March 2026');
    assert.match(messageDay('2026-03-15', 'fa', 'persian'), /^۲۴ اسفند ۱۴۰۴/);
    assert.equal(messageDay('not a day', 'ar', 'gregory'), 'not a day');
  });
});
