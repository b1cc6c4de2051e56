import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { calendarParts, isoFromCalendar, monthLength, monthNames } from '../../web/src/lib/calendar-date.js';
import type { Calendar } from '../../web/src/lib/format.js';

const CALENDARS: Calendar[] = ['gregory', 'islamic-umalqura', 'persian'];

test('known days: 1 Ramadan 1446 (Umm al-Qura) is 2025-03-01, Nowruz 1404 is 2025-03-21', () => {
  assert.equal(isoFromCalendar({ year: 1446, month: 9, day: 1 }, 'islamic-umalqura'), '2025-03-01');
  assert.deepEqual(calendarParts('2025-03-01', 'islamic-umalqura'), { year: 1446, month: 9, day: 1 });
  assert.equal(isoFromCalendar({ year: 1404, month: 1, day: 1 }, 'persian'), '2025-03-21');
  assert.deepEqual(calendarParts('2025-03-21', 'persian'), { year: 1404, month: 1, day: 1 });
  assert.equal(isoFromCalendar({ year: 2024, month: 2, day: 29 }, 'gregory'), '2024-02-29');
});

test('a day the calendar does not have is no date: 31 Mehr, 30 February, the 13th month', () => {
  assert.equal(isoFromCalendar({ year: 1404, month: 7, day: 31 }, 'persian'), null);
  assert.equal(isoFromCalendar({ year: 2025, month: 2, day: 29 }, 'gregory'), null);
  assert.equal(isoFromCalendar({ year: 1446, month: 13, day: 1 }, 'islamic-umalqura'), null);
  assert.equal(isoFromCalendar({ year: 1446, month: 9, day: 0 }, 'islamic-umalqura'), null);
  assert.equal(calendarParts('2025-02-30', 'gregory'), null);
});

test('month lengths: Farvardin 31, Mehr 30, Esfand 1403 (a leap year) 30; Umm al-Qura months 29 or 30', () => {
  assert.equal(monthLength(1404, 1, 'persian'), 31);
  assert.equal(monthLength(1404, 7, 'persian'), 30);
  assert.equal(monthLength(1403, 12, 'persian'), 30);
  assert.equal(monthLength(2025, 2, 'gregory'), 28);
  for (let m = 1; m <= 12; m++) assert.ok([29, 30].includes(monthLength(1446, m, 'islamic-umalqura')));
});

test('every day from 1920 to 2100 goes to its calendar date and back, in each calendar', () => {
  const day = fc.integer({ min: Date.UTC(1920, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  for (const calendar of CALENDARS) {
    fc.assert(fc.property(day, (iso) => isoFromCalendar(calendarParts(iso, calendar)!, calendar) === iso), { numRuns: 300 });
  }
});

test('month names in the language and the calendar: Ramadan in Arabic, Farvardin in Persian', () => {
  assert.equal(monthNames(1446, 'islamic-umalqura', 'ar')[8], 'رمضان');
  assert.equal(monthNames(1404, 'persian', 'fa')[0], 'فروردین');
  assert.equal(monthNames(2025, 'gregory', 'en')[11], 'December');
});
