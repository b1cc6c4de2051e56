/**
 * Dates in the deployment's calendar (Gregorian, Umm al-Qura Hijri or Solar Hijri) as a person
 * picks them: a day, a month and a year of that calendar, converted to and from the API's ISO
 * dates ("YYYY-MM-DD", Gregorian) through Intl alone. From a calendar date to ISO is a binary
 * search over days, since Intl only formats: the first day whose (year, month, day) in the
 * calendar is not before the one asked for; it is the date if it matches, otherwise there is no
 * such day (the 30th of a 29-day month).
 */
import type { Calendar, Lang } from './format.js';
import { localeTag } from './format.js';

export interface CalendarParts {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
// The days searched: 1900-01-01 to 2199-12-31 (UTC), wide enough for birth dates and deadlines.
const FIRST_DAY = Date.UTC(1900, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2199, 11, 31) / DAY_MS;

const partsFormats = new Map<Calendar, Intl.DateTimeFormat>();
function partsFormat(calendar: Calendar): Intl.DateTimeFormat {
  let f = partsFormats.get(calendar);
  if (!f) {
    f = new Intl.DateTimeFormat(`en-u-ca-${calendar}-nu-latn`, { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    partsFormats.set(calendar, f);
  }
  return f;
}

function partsOfDay(dayNumber: number, calendar: Calendar): CalendarParts {
  const parts = partsFormat(calendar).formatToParts(new Date(dayNumber * DAY_MS));
  const get = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

const compare = (a: CalendarParts, b: CalendarParts) => a.year - b.year || a.month - b.month || a.day - b.day;

const isoOfDay = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

/** An ISO date's day, month and year in the calendar; null for what is not a date. */
export function calendarParts(iso: string, calendar: Calendar): CalendarParts | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) return null;
  return partsOfDay(ms / DAY_MS, calendar);
}

/** The ISO date of a day, month and year of the calendar; null when the calendar has no such day or it is out of range. */
export function isoFromCalendar(target: CalendarParts, calendar: Calendar): string | null {
  if (![target.year, target.month, target.day].every(Number.isInteger) || target.month < 1 || target.day < 1) return null;
  let lo = FIRST_DAY;
  let hi = LAST_DAY;
  if (compare(partsOfDay(lo, calendar), target) > 0 || compare(partsOfDay(hi, calendar), target) < 0) return null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (compare(partsOfDay(mid, calendar), target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return compare(partsOfDay(lo, calendar), target) === 0 ? isoOfDay(lo) : null;
}

/** How many days a month of the calendar has (28 to 31). */
export function monthLength(year: number, month: number, calendar: Calendar): number {
  for (let d = 31; d > 28; d--) if (isoFromCalendar({ year, month, day: d }, calendar)) return d;
  return 28;
}

/** How many months a year of the calendar has (12 in all three). */
export const MONTHS = 12;

/** The months of a year of the calendar by name in the person's language, 1 to 12. */
export function monthNames(year: number, calendar: Calendar, lang: Lang): string[] {
  const f = new Intl.DateTimeFormat(localeTag(lang, calendar), { timeZone: 'UTC', month: 'long' });
  return Array.from({ length: MONTHS }, (_, i) => {
    const iso = isoFromCalendar({ year, month: i + 1, day: 1 }, calendar);
    return iso ? f.format(new Date(`${iso}T00:00:00Z`)) : String(i + 1);
  });
}

/** Today's date (the person's clock, in UTC as the API's dates are) in the calendar. */
export function todayIn(calendar: Calendar, now = new Date()): CalendarParts {
  return partsOfDay(Math.floor(now.getTime() / DAY_MS), calendar);
}
