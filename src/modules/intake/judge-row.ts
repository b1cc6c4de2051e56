/**
 * A row's own verdict, computed once in TypeScript before it is staged: the national ID as
 * `mizan check-id` reads it (digits of any script, spaces and dashes, leading zeros lost by a
 * spreadsheet: validateNationalId) and the phone in E.164 for the deployment's country
 * (libphonenumber-js). What needs other rows or the registry (duplicates, registered, referred)
 * is decided set-based in SQL (intake_apply_rows()). No personal data leaves this file in a message.
 */
import { normalizeDigits, validateNationalId, type IdCheck, type IdScheme } from '../../shared/identity/national-id.js';
import type { IdReason, RowField, Verdict } from './verdicts.js';
import { phoneReader, type PhoneReader } from './phone.js';

/** Which column holds which field (0-based column indexes); nationalId and phone are required. */
export interface ColumnMapping {
  nationalId: number;
  phone: number;
  name?: number | undefined;
  birthDate?: number | undefined;
  region?: number | undefined;
  householdRef?: number | undefined;
  language?: number | undefined;
}

export interface JudgedRow {
  nationalId: string | null;
  phone: string | null;
  name: string | null;
  birthDate: string | null;
  region: string | null;
  householdRef: string | null;
  language: 'ar' | 'fa' | 'en' | null;
  /** null: the row is good by itself; the set-based step decides the rest. */
  ownVerdict: Verdict | null;
  reason: string | null;
  field: RowField | null;
}

/** The deployment facts a row is judged against. */
export interface JudgeContext {
  idScheme: IdScheme;
  country: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NUL_OR_SURROGATE = /[\u0000\uD800-\uDFFF]/;

/** A cell's value as it may be kept: no NUL, no lone surrogate, trimmed, at most 500 characters. */
export function cleanCell(v: string | undefined): string {
  if (v === undefined) return '';
  if (NUL_OR_SURROGATE.test(v)) v = v.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
  v = v.trim();
  return v.length > 500 ? v.slice(0, 500) : v;
}

/** A cell the reader marked as a formula without a cached value. */
export const FORMULA_MARK = '\u0000formula';

const ID_REASON: Partial<Record<Extract<IdCheck, { valid: false }>['reason'], IdReason>> = {
  non_digit: 'script',
  length: 'length',
};

function judgeId(scheme: IdScheme, raw: string): { value: string | null; verdict: Verdict | null; reason: string | null } {
  if (raw === FORMULA_MARK) return { value: null, verdict: 'missing-field', reason: 'formula' };
  const cell = cleanCell(raw);
  if (cell === '') return { value: null, verdict: 'missing-field', reason: null };
  const check = validateNationalId(scheme, cell);
  if (check.valid) return { value: check.normalized, verdict: null, reason: null };
  if (check.reason === 'empty') return { value: null, verdict: 'missing-field', reason: null };
  return { value: check.normalized ?? cell, verdict: 'invalid-national-id', reason: ID_REASON[check.reason] ?? 'check-digit' };
}

const readers = new Map<string, PhoneReader>();
const PHONE_PUNCTUATION = /[().]/g;

function judgePhone(country: string, raw: string): { value: string | null; verdict: Verdict | null; reason: string | null } {
  if (raw === FORMULA_MARK) return { value: null, verdict: 'missing-field', reason: 'formula' };
  const cell = cleanCell(raw);
  if (cell === '') return { value: null, verdict: 'missing-field', reason: null };
  const digits = normalizeDigits(cell).replace(PHONE_PUNCTUATION, '');
  let read = readers.get(country);
  if (!read) readers.set(country, (read = phoneReader(country)));
  const p = read(digits);
  if (p.kind === 'invalid') return { value: digits.slice(0, 32), verdict: 'invalid-phone', reason: null };
  if (p.kind === 'foreign') return { value: p.e164, verdict: 'foreign-phone', reason: null };
  return { value: p.e164, verdict: null, reason: null };
}

const LANGUAGES: Record<string, 'ar' | 'fa' | 'en'> = {
  ar: 'ar', arabic: 'ar', 'عربي': 'ar', 'العربية': 'ar', 'عربی': 'ar',
  fa: 'fa', farsi: 'fa', persian: 'fa', 'فارسی': 'fa', 'الفارسية': 'fa',
  en: 'en', english: 'en', 'انگلیسی': 'en', 'الإنجليزية': 'en',
};

function optional(cells: string[], col: number | undefined): string | null {
  if (col === undefined || cells[col] === FORMULA_MARK) return null;
  const v = cleanCell(cells[col]);
  return v === '' ? null : v;
}

/** Judges one row of the file by itself. */
export function judgeRow(ctx: JudgeContext, cells: string[], m: ColumnMapping): JudgedRow {
  const id = judgeId(ctx.idScheme, cells[m.nationalId] ?? '');
  const phone = judgePhone(ctx.country, cells[m.phone] ?? '');
  const lang = optional(cells, m.language);
  const row: JudgedRow = {
    nationalId: id.value,
    phone: phone.value,
    name: optional(cells, m.name),
    birthDate: optional(cells, m.birthDate),
    region: optional(cells, m.region),
    householdRef: optional(cells, m.householdRef),
    language: lang ? LANGUAGES[lang.toLowerCase()] ?? null : null,
    ownVerdict: null,
    reason: null,
    field: null,
  };
  if (id.verdict) return { ...row, ownVerdict: id.verdict, reason: id.reason, field: 'nationalId' };
  if (phone.verdict) return { ...row, ownVerdict: phone.verdict, reason: phone.reason, field: 'phone' };
  return row;
}
