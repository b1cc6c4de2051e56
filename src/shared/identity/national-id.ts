/**
 * National identity numbers for the three deployments.
 *
 * - Iran, national code (کد ملی), 10 digits. s = d1·10 + d2·9 + … + d9·2, r = s mod 11;
 *   valid iff (r < 2 and d10 = r) or (r ≥ 2 and d10 = 11 − r). Spreadsheets drop leading zeros,
 *   so 8 or 9 digits are left-padded to 10. Codes made of one repeated digit pass the sum but are
 *   never issued ('unissuable').
 * - Saudi Arabia, national ID (first digit 1, citizen) or Iqama (first digit 2, resident),
 *   10 digits, Luhn: double the digits at odd positions from the left (1, 3, …, 9), subtract 9
 *   from results over 9, add everything; valid iff the sum is a multiple of 10.
 * - Kuwait, Civil ID, 12 digits C YYMMDD SSSS K. C = 2 for births in 19xx, 3 for 20xx; YYMMDD
 *   must be a real calendar date; s = Σ d_i·(2,1,6,3,7,9,10,5,8,4,2) over the first 11 digits,
 *   K = 11 − (s mod 11); remainders 0 and 1 (K = 11, 10) have no valid number.
 *
 * What the check digits catch (useful when choosing blocking keys for record linkage):
 * - Saudi (Luhn): every single-digit substitution; every adjacent swap except 0↔9.
 * - Kuwait: every single-digit substitution (all weights are non-zero mod 11 and K is
 *   injective on the usable remainders) and every adjacent swap within the first 11 digits.
 * - Iran: every single-digit substitution EXCEPT one that moves the remainder between 1 and 10,
 *   because both remainders give check digit 1 (e.g. 0000000051 and 0000000061 are both valid).
 *
 * Messages are plain English and never echo the number itself.
 */

export type IdScheme = 'KW_CIVIL_ID' | 'SA_NATIONAL_ID' | 'IR_NATIONAL_CODE';

/**
 * Why a number was rejected.
 * 'unissuable' is used for numbers that pass the check digit but are never issued
 * (one digit repeated: Iran 0000000000…9999999999, Saudi 2222222222).
 * 'repeated_digits' is kept in the union for callers that match on it but is not produced.
 */
export type IdInvalidReason =
  | 'empty'
  | 'non_digit'
  | 'length'
  | 'check_digit'
  | 'repeated_digits'
  | 'bad_prefix'
  | 'bad_birth_date'
  | 'birth_date_mismatch'
  | 'unissuable';

export type IdCheck =
  | {
      valid: true;
      scheme: IdScheme;
      normalized: string;
      /** YYYY-MM-DD, Kuwait only: the birth date embedded in the Civil ID. */
      birthDate?: string;
      /** Saudi only: 1… national ID (citizen), 2… Iqama (resident). */
      kind?: 'citizen' | 'resident';
    }
  | {
      valid: false;
      scheme: IdScheme;
      /** The digits after normalisation (and Iranian left-padding), or null when the input had no usable digit string. */
      normalized: string | null;
      reason: IdInvalidReason;
      /** Plain English, no personal data. */
      message: string;
    };

export const ID_SCHEMES: Record<IdScheme, { length: number; label: { en: string; ar: string; fa: string } }> = {
  KW_CIVIL_ID: {
    length: 12,
    label: { en: 'Kuwaiti Civil ID number', ar: 'الرقم المدني', fa: 'شماره مدنی کویت' },
  },
  SA_NATIONAL_ID: {
    length: 10,
    label: { en: 'Saudi national ID or Iqama number', ar: 'رقم الهوية الوطنية أو الإقامة', fa: 'شماره کارت ملی یا اقامه عربستان' },
  },
  IR_NATIONAL_CODE: {
    length: 10,
    label: { en: 'Iranian national code', ar: 'الرقم الوطني الإيراني', fa: 'کد ملی' },
  },
};

// Whitespace (\s covers NBSP, U+2000..200A, U+202F, U+205F, U+3000, U+FEFF), dash punctuation of
// any kind (\p{Pd}), minus sign, soft hyphen, bidi marks and embeddings/isolates, Arabic letter
// mark, zero-width space/non-joiner/joiner.
const ASCII_DIGITS = /^[0-9]*$/;
const STRIP = /[\s\p{Pd}\u2212\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Arabic-Indic (U+0660..0669), Extended Arabic-Indic/Persian (U+06F0..06F9) and, through NFKC,
 * fullwidth and other compatibility digits become ASCII; whitespace, dashes, bidi marks and
 * zero-width joiners are removed. Other characters are kept, so a validator can reject them.
 */
export function normalizeDigits(input: string): string {
  // Most cells are plain ASCII digits already, which every step below leaves as they are.
  if (ASCII_DIGITS.test(input)) return input;
  return normalizeDigitsKeepDashes(input).replace(STRIP, '');
}

const KW_WEIGHTS = [2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

function digitsOf(s: string): number[] {
  const d = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) d[i] = s.charCodeAt(i) - 48;
  return d;
}

/** Check digit for a 9-digit Iranian body. Always exists. */
function irCheckDigit(body: string): number {
  const d = digitsOf(body);
  let s = 0;
  for (let i = 0; i < 9; i++) s += d[i]! * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

/** Luhn check digit for a 9-digit Saudi body (positions 1, 3, 5, 7, 9 doubled). Always exists. */
function saCheckDigit(body: string): number {
  const d = digitsOf(body);
  let s = 0;
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) {
      const x = d[i]! * 2;
      s += x > 9 ? x - 9 : x;
    } else {
      s += d[i]!;
    }
  }
  return (10 - (s % 10)) % 10;
}

/** Check digit for an 11-digit Kuwaiti body, or null when the remainder leaves no valid digit. */
function kwCheckDigit(body: string): number | null {
  const d = digitsOf(body);
  let s = 0;
  for (let i = 0; i < 11; i++) s += d[i]! * KW_WEIGHTS[i]!;
  const k = 11 - (s % 11);
  return k >= 10 ? null : k;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= dim[m - 1]!;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Embedded birth date of a 12-digit Kuwaiti Civil ID as YYYY-MM-DD, or null if the prefix or date is not valid. */
function kwBirthDate(id: string): string | null {
  const c = id[0];
  if (c !== '2' && c !== '3') return null;
  const y = (c === '2' ? 1900 : 2000) + Number(id.slice(1, 3));
  const m = Number(id.slice(3, 5));
  const d = Number(id.slice(5, 7));
  if (!isRealDate(y, m, d)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Reads a caller-supplied birth date (YYYY-MM-DD, optionally followed by a time); null if unreadable or not a real date. */
function parseBirthDate(input: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(normalizeDigitsKeepDashes(input.trim()));
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isRealDate(y, mo, d)) return null;
  return `${m[1]}-${pad2(mo)}-${pad2(d)}`;
}

/** Arabic-Indic and Persian digits (and, through NFKC, compatibility digits) as ASCII; nothing removed. */
function normalizeDigitsKeepDashes(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFKC')) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x0660 && c <= 0x0669) out += String.fromCharCode(0x30 + c - 0x0660);
    else if (c >= 0x06f0 && c <= 0x06f9) out += String.fromCharCode(0x30 + c - 0x06f0);
    else out += ch;
  }
  return out;
}

function isRepeated(s: string): boolean {
  return /^(\d)\1*$/.test(s);
}

function fail(scheme: IdScheme, normalized: string | null, reason: IdInvalidReason, message: string): IdCheck {
  return { valid: false, scheme, normalized, reason, message };
}

export function validateNationalId(scheme: IdScheme, input: string, opts?: { birthDate?: string }): IdCheck {
  const label = ID_SCHEMES[scheme].label.en;
  const length = ID_SCHEMES[scheme].length;
  let n = normalizeDigits(input ?? '');
  if (n === '') return fail(scheme, null, 'empty', `The ${label} is empty.`);
  if (!/^[0-9]+$/.test(n)) return fail(scheme, null, 'non_digit', `The ${label} may contain only digits.`);

  if (scheme === 'IR_NATIONAL_CODE' && (n.length === 8 || n.length === 9)) n = n.padStart(10, '0');
  if (n.length !== length) {
    return fail(scheme, n, 'length', `The ${label} must have ${length} digits.`);
  }

  switch (scheme) {
    case 'IR_NATIONAL_CODE': {
      if (irCheckDigit(n.slice(0, 9)) !== Number(n[9])) {
        return fail(scheme, n, 'check_digit', `The ${label} is not valid: the check digit does not match. Check for a mistyped digit.`);
      }
      if (isRepeated(n)) {
        return fail(scheme, n, 'unissuable', `The ${label} is made of one repeated digit; such codes are never issued.`);
      }
      return { valid: true, scheme, normalized: n };
    }
    case 'SA_NATIONAL_ID': {
      const kind = n[0] === '1' ? 'citizen' : n[0] === '2' ? 'resident' : null;
      if (kind === null) {
        return fail(scheme, n, 'bad_prefix', `The ${label} must start with 1 (national ID) or 2 (Iqama).`);
      }
      if (saCheckDigit(n.slice(0, 9)) !== Number(n[9])) {
        return fail(scheme, n, 'check_digit', `The ${label} is not valid: the check digit does not match. Check for a mistyped digit.`);
      }
      if (isRepeated(n)) {
        return fail(scheme, n, 'unissuable', `The ${label} is made of one repeated digit; such numbers are never issued.`);
      }
      return { valid: true, scheme, normalized: n, kind };
    }
    case 'KW_CIVIL_ID': {
      if (n[0] !== '2' && n[0] !== '3') {
        return fail(scheme, n, 'bad_prefix', `The ${label} must start with 2 (born 1900–1999) or 3 (born 2000–2099).`);
      }
      const birthDate = kwBirthDate(n);
      if (birthDate === null) {
        return fail(scheme, n, 'bad_birth_date', `The ${label} is not valid: digits 2 to 7 must be a real birth date (YYMMDD).`);
      }
      const k = kwCheckDigit(n.slice(0, 11));
      if (k === null || k !== Number(n[11])) {
        return fail(scheme, n, 'check_digit', `The ${label} is not valid: the check digit does not match. Check for a mistyped digit.`);
      }
      if (opts?.birthDate !== undefined) {
        const given = parseBirthDate(opts.birthDate);
        if (given !== birthDate) {
          return fail(
            scheme,
            n,
            'birth_date_mismatch',
            given === null
              ? `The birth date to compare with the ${label} is not a valid YYYY-MM-DD date.`
              : `The birth date in the ${label} does not match the birth date given.`,
          );
        }
      }
      return { valid: true, scheme, normalized: n, birthDate };
    }
  }
}

/**
 * Completes an ID from its body (every digit except the final check digit, after the same
 * normalisation as validateNationalId; an Iranian body of 7 or 8 digits is left-padded to 9).
 * Returns null when no check digit makes a valid ID: wrong length, non-digits, bad prefix or
 * birth date, a Kuwaiti remainder with no check digit, or an unissuable (repeated-digit) result.
 */
export function completeNationalId(scheme: IdScheme, body: string): string | null {
  let b = normalizeDigits(body ?? '');
  if (!/^[0-9]+$/.test(b)) return null;
  const bodyLength = ID_SCHEMES[scheme].length - 1;
  if (scheme === 'IR_NATIONAL_CODE' && (b.length === 7 || b.length === 8)) b = b.padStart(9, '0');
  if (b.length !== bodyLength) return null;
  let k: number | null;
  switch (scheme) {
    case 'IR_NATIONAL_CODE':
      k = irCheckDigit(b);
      break;
    case 'SA_NATIONAL_ID':
      k = saCheckDigit(b);
      break;
    case 'KW_CIVIL_ID':
      k = kwCheckDigit(b);
      break;
  }
  if (k === null) return null;
  const id = b + String(k);
  return validateNationalId(scheme, id).valid ? id : null;
}
