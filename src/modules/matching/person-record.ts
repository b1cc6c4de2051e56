/**
 * The person record that matching compares, and its prepared form.
 *
 * A charity's list, an intake row or a registry person is read into a PersonRecord (as typed);
 * prepareRecord turns it once into what every comparison reads, so a record compared with many
 * candidates is folded only once:
 * - the national ID in ASCII digits (Persian and Arabic-Indic digits folded), checked with the
 *   scheme of its country (KW Civil ID, SA national ID / Iqama, IR national code); an invalid ID
 *   keeps its digits, because a mistyped ID is still evidence (one digit or a swap away);
 * - each name part folded with src/shared/text/fold.ts into a compact key and a list of tokens:
 *   the connectors bin / ibn / bint (بن، ابن، بنت) removed, عبد / ابو / ام joined to the next word
 *   so that "عبد الله" and "عبدالله" give one token, and for the family name the ال / آل prefix
 *   removed (familyKey), so that الكندري = كندري;
 * - a full name split into given, father, grandfather and family names when the parts are absent:
 *   Arabic custom "given father [grandfather] family", Persian custom "given family";
 * - the birth date as year, month, day; the phone in E.164; the region folded.
 */
import { compactKey, familyKey, matchKey } from '../../shared/text/fold.js';
import { normalizeDigits, validateNationalId, type IdScheme } from '../../shared/identity/national-id.js';

export type Country = 'KW' | 'SA' | 'IR';

export interface PersonRecord {
  id: string;
  nationalId?: string;
  idScheme?: IdScheme;
  givenName?: string;
  fatherName?: string;
  grandfatherName?: string;
  familyName?: string;
  fullName?: string;
  sex?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  region?: string;
  /** E.164, or a local number of the record's country */
  phone?: string;
  charity?: string;
  country?: Country;
}

/** A folded name part: its compact key (no spaces) and its words. */
export interface NamePart {
  compact: string;
  tokens: string[];
  /** The same number for the same compact key and tokens, in this process: comparisons are remembered by it. */
  code: number;
}

export interface PreparedRecord {
  id: string;
  /** The national ID when its check digit and form are valid for the scheme, else null. */
  validId: string | null;
  /** The ID's digits as typed (ASCII), valid or not; null when no digits were given. */
  idDigits: string | null;
  scheme: IdScheme | null;
  given: NamePart | null;
  father: NamePart | null;
  grandfather: NamePart | null;
  family: NamePart | null;
  sex: 'M' | 'F' | null;
  birth: { y: number; m: number; d: number } | null;
  region: string | null;
  phone: string | null;
  charity: string | null;
  country: Country | null;
}

export const SCHEME_OF_COUNTRY: Record<Country, IdScheme> = {
  KW: 'KW_CIVIL_ID',
  SA: 'SA_NATIONAL_ID',
  IR: 'IR_NATIONAL_CODE',
};

const CONNECTORS = new Set(['بن', 'ابن', 'بنت', 'bin', 'ibn', 'bint']);
// Words that begin a compound name and are typed joined or apart: عبد الله, ابو بكر, ام كلثوم.
const JOIN_NEXT = new Set(['عبد', 'ابو', 'ام']);
const ARTICLE = 'ال';

/** The words of a folded name, connectors removed and compounds joined. */
export function nameTokens(raw: string): string[] {
  const words = matchKey(raw)
    .split(' ')
    .filter((w) => w !== '' && !CONNECTORS.has(w));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((JOIN_NEXT.has(w) || w === ARTICLE) && i + 1 < words.length) {
      out.push(w + words[i + 1]!);
      i++;
    } else {
      out.push(w);
    }
  }
  return out;
}

// Lists repeat the same few thousand spellings: each is folded once. Bounded, so a registry-wide
// sweep does not keep every spelling it has seen.
const PART_CACHE = new Map<string, NamePart | null>();
const PART_CACHE_MAX = 200_000;
const CODES = new Map<string, number>();

function namePart(raw: string | undefined, family = false): NamePart | null {
  if (raw === undefined) return null;
  const key = family ? `f\u0000${raw}` : raw;
  const hit = PART_CACHE.get(key);
  if (hit !== undefined) return hit;
  const part = foldPart(raw, family);
  if (PART_CACHE.size >= PART_CACHE_MAX) PART_CACHE.clear();
  PART_CACHE.set(key, part);
  return part;
}

function foldPart(raw: string, family: boolean): NamePart | null {
  if (raw.trim() === '') return null;
  let tokens = nameTokens(raw);
  if (family) tokens = tokens.map((t) => (t.startsWith(ARTICLE) && t.length >= ARTICLE.length + 2 ? t.slice(ARTICLE.length) : t));
  const compact = family ? familyKey(raw) : tokens.join('');
  if (compact === '') return null;
  const spelled = `${compact}\u0001${tokens.join(' ')}`;
  let code = CODES.get(spelled);
  if (code === undefined) CODES.set(spelled, (code = CODES.size));
  return { compact, tokens, code };
}

/**
 * A full name into its parts. Arabic custom: given father [grandfather] family (four or more
 * words: the third is the grandfather; anything between is dropped). Persian custom: given family.
 */
export function splitFullName(fullName: string, custom: 'arabic' | 'persian'): { given?: string; father?: string; grandfather?: string; family?: string } {
  const t = nameTokens(fullName);
  if (t.length === 0) return {};
  if (t.length === 1) return { given: t[0]! };
  if (custom === 'persian') return { given: t[0]!, family: t.slice(1).join(' ') };
  if (t.length === 2) return { given: t[0]!, family: t[1]! };
  if (t.length === 3) return { given: t[0]!, father: t[1]!, family: t[2]! };
  return { given: t[0]!, father: t[1]!, grandfather: t[2]!, family: t[t.length - 1]! };
}

function parseSex(raw: string | undefined): 'M' | 'F' | null {
  const s = matchKey(raw ?? '');
  if (['m', 'male', 'ذكر', 'مرد', 'man', 'پسر'].includes(s)) return 'M';
  if (['f', 'female', 'انثي', 'زن', 'woman', 'دختر'].includes(s)) return 'F';
  return null;
}

function parseBirth(raw: string | undefined): PreparedRecord['birth'] {
  if (!raw) return null;
  // normalizeDigits removes dashes: make every separator a slash first.
  const s = normalizeDigits(raw.trim().replace(/[\p{Pd}.]/gu, '/'));
  const r = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:$|[T ])/.exec(s);
  if (!r) return null;
  const y = Number(r[1]);
  const mo = Number(r[2]);
  const d = Number(r[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return { y, m: mo, d };
}

const COUNTRY_CODE: Record<Country, string> = { KW: '965', SA: '966', IR: '98' };

/** A phone in E.164 (+ and digits); local forms of the record's country completed; null when unusable. */
export function normalizePhone(raw: string | undefined, country: Country | null): string | null {
  if (!raw) return null;
  let s = normalizeDigits(raw).replace(/[()]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (!/^\+?\d+$/.test(s)) return null;
  if (!s.startsWith('+') && country) {
    const cc = COUNTRY_CODE[country];
    if (s.startsWith(cc) && s.length > cc.length + 7) s = `+${s}`;
    else s = `+${cc}${s.replace(/^0+/, '')}`;
  }
  if (!s.startsWith('+')) return null;
  return s.length >= 9 && s.length <= 16 ? s : null;
}

/** Reads a record once into what every comparison uses. */
export function prepareRecord(raw: PersonRecord): PreparedRecord {
  const country = raw.country ?? null;
  const scheme = raw.idScheme ?? (country ? SCHEME_OF_COUNTRY[country] : null);
  let idDigits: string | null = null;
  let validId: string | null = null;
  if (raw.nationalId !== undefined && raw.nationalId.trim() !== '') {
    const digits = normalizeDigits(raw.nationalId);
    if (/^\d+$/.test(digits)) {
      idDigits = scheme === 'IR_NATIONAL_CODE' && (digits.length === 8 || digits.length === 9) ? digits.padStart(10, '0') : digits;
      if (scheme) {
        const check = validateNationalId(scheme, digits);
        if (check.valid) validId = check.normalized;
      }
    }
  }
  let { givenName, fatherName, grandfatherName, familyName } = raw;
  if (raw.fullName && !givenName && !familyName) {
    const parts = splitFullName(raw.fullName, country === 'IR' ? 'persian' : 'arabic');
    givenName = parts.given;
    fatherName = fatherName ?? parts.father;
    grandfatherName = grandfatherName ?? parts.grandfather;
    familyName = parts.family;
  }
  const region = raw.region ? compactKey(raw.region) : '';
  return {
    id: raw.id,
    validId,
    idDigits,
    scheme,
    given: namePart(givenName),
    father: namePart(fatherName),
    grandfather: namePart(grandfatherName),
    family: namePart(familyName, true),
    sex: parseSex(raw.sex),
    birth: parseBirth(raw.birthDate),
    region: region === '' ? null : region,
    phone: normalizePhone(raw.phone, country),
    charity: raw.charity?.trim() || null,
    country,
  };
}
