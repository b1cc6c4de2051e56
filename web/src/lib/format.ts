/**
 * Numbers, dates and money in the person's language: Arabic-Indic digits for Arabic, Persian
 * (extended Arabic-Indic) digits for Persian, Latin digits for English; dates in the deployment's
 * calendar (Gregorian, Umm al-Qura Hijri or Solar Hijri), all through Intl.
 */
export type Lang = 'ar' | 'fa' | 'en';
export type Calendar = 'gregory' | 'islamic-umalqura' | 'persian';

export const LANGS: Lang[] = ['ar', 'fa', 'en'];
export const isRtl = (lang: Lang) => lang !== 'en';

const BASE: Record<Lang, string> = { ar: 'ar-KW', fa: 'fa-IR', en: 'en-GB' };
export const NUMBERING: Record<Lang, string> = { ar: 'arab', fa: 'arabext', en: 'latn' };

/** The BCP 47 tag for Intl: e.g. "fa-IR-u-ca-persian-nu-arabext". */
export function localeTag(lang: Lang, calendar?: Calendar): string {
  return `${BASE[lang]}-u-${calendar ? `ca-${calendar}-` : ''}nu-${NUMBERING[lang]}`;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

export function formatNumber(n: number | null | undefined, lang: Lang, opts: Intl.NumberFormatOptions = {}): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return cached(`n|${lang}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(localeTag(lang), opts)).format(n);
}

export function formatPercent(share: number | null | undefined, lang: Lang): string {
  return formatNumber(share, lang, { style: 'percent', maximumFractionDigits: 0 });
}

/** Digits inside any text (an ID, a code) shown in the language's digits. */
export function localDigits(s: string, lang: Lang): string {
  if (lang === 'en') return s;
  const digits = lang === 'ar' ? '٠١٢٣٤٥٦٧٨٩' : '۰۱۲۳۴۵۶۷۸۹';
  return s.replace(/[0-9]/g, (d) => digits[Number(d)]!);
}

/**
 * A code of letters and digits (a household's or a request's short reference) in the language's
 * digits, isolated left to right (U+2066 … U+2069) so that right-to-left text keeps its order.
 */
export function codeText(s: string, lang: Lang): string {
  return `\u2066${localDigits(s, lang)}\u2069`;
}

/** Typed digits in any script back to ASCII (for inputs). */
export function asciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0));
}

/** A calendar date ("YYYY-MM-DD", no time zone) or an instant (ISO timestamp). */
export function formatDate(value: string | Date | null | undefined, lang: Lang, calendar: Calendar, withTime = false): string {
  if (!value) return '—';
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = dateOnly ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : {}), ...(withTime && !dateOnly ? { hour: '2-digit', minute: '2-digit' } : {}) };
  return cached(`d|${lang}|${calendar}|${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(localeTag(lang, calendar), opts)).format(d);
}

export interface Currency {
  code: string;
  minorUnits: number;
}

/** Money from integer minor units (fils, halala, rial), with exactly the currency's decimals. */
export function formatMoneyMinor(minor: number | null | undefined, currency: Currency, lang: Lang): string {
  if (minor === null || minor === undefined) return '—';
  return formatNumber(minor / 10 ** currency.minorUnits, lang, {
    style: 'currency',
    currency: currency.code,
    minimumFractionDigits: currency.minorUnits,
    maximumFractionDigits: currency.minorUnits,
  });
}

/** Money from the API's decimal string ("150.500"), exact: parsed to minor units first. */
export function formatMoney(amount: string | null | undefined, currency: Currency, lang: Lang): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(asciiDigits(amount));
  if (!m) return amount;
  const minor = Number(m[2]) * 10 ** currency.minorUnits + Number((m[3] ?? '').padEnd(currency.minorUnits, '0').slice(0, currency.minorUnits) || '0');
  return formatMoneyMinor(m[1] ? -minor : minor, currency, lang);
}

/** The days left until a deadline, as the server's reminders count them (whole days, rounded up; 0 once past). */
export function daysLeft(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 86_400_000));
}

/** The whole days from now until an instant (negative when past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 86_400_000);
}

/** A record's short reference, as the server writes it (src/shared/short-ref.ts): its ID's first eight characters. */
export const shortRef = (id: string) => id.slice(0, 8).toUpperCase();

/** A national ID as a short reference in a summary: its last four digits only. */
export const maskedId = (id: string) => `•••• ${id.slice(-4)}`;
