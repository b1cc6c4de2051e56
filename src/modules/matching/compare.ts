/**
 * Field by field, how far two person records agree: each comparison gives an agreement LEVEL,
 * which the model (model.ts) turns into evidence for or against "the same person".
 *
 * - Names (given, father, grandfather, family, each on its own): exact when the folded compact
 *   keys are equal (so عبد الله = عبدالله, محمد‌رضا = محمد رضا, علي = علی); close when the
 *   Jaro–Winkler similarity of the compact keys (talisman) is at least 0.92, or every token of the
 *   shorter name has a token of the other at 0.92 or more; partial when one token is shared, one
 *   name begins the other, or the similarity is at least 0.85; otherwise different.
 * - Birth date: exact; day and month swapped; one year apart on the same day and month; different.
 * - National ID: both valid and equal; one wrong digit or two adjacent digits swapped apart (at
 *   least one of them invalid: two valid IDs are two people); both valid and different, strong
 *   evidence AGAINST; otherwise different; missing when either has none.
 * - Sex, phone and region: agree or not.
 * - Lineage: one record's father's name is the other's given name, while the given names are not
 *   both that name: a father and his son (or a daughter), evidence against.
 * Anything absent on either side is `missing`, which weighs nothing.
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import type { NamePart, PreparedRecord } from './person-record.js';

export type NameLevel = 'exact' | 'close' | 'partial' | 'different' | 'missing';
export type BirthLevel = 'exact' | 'swapped' | 'year' | 'different' | 'missing';
export type IdLevel = 'exact' | 'oneEdit' | 'conflict' | 'different' | 'missing';
export type AgreeLevel = 'agree' | 'different' | 'missing';
export type LineageLevel = 'parentChild' | 'none';

export interface Comparison {
  nationalId: IdLevel;
  given: NameLevel;
  father: NameLevel;
  grandfather: NameLevel;
  family: NameLevel;
  birth: BirthLevel;
  sex: AgreeLevel;
  phone: AgreeLevel;
  region: AgreeLevel;
  lineage: LineageLevel;
}

export type Field = keyof Comparison;
export const FIELDS: readonly Field[] = ['nationalId', 'given', 'father', 'grandfather', 'family', 'birth', 'sex', 'phone', 'region', 'lineage'];

export const CLOSE = 0.92;
const PARTIAL = 0.85;

function tokensClose(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0) return false;
  for (const t of short) {
    let best = 0;
    for (const u of long) best = Math.max(best, t === u ? 1 : jaroWinkler(t, u));
    if (best < CLOSE) return false;
  }
  return true;
}

// The level of two spellings depends on nothing else: each pair of spellings is compared once.
const REMEMBERED = new Map<number, NameLevel>();
const REMEMBERED_MAX = 2_000_000;

export function compareNames(a: NamePart | null, b: NamePart | null): NameLevel {
  if (a === null || b === null) return 'missing';
  if (a.compact === b.compact) return 'exact';
  const key = a.code < b.code ? a.code * 0x4000000 + b.code : b.code * 0x4000000 + a.code;
  let level = REMEMBERED.get(key);
  if (level === undefined) {
    level = a.code < b.code ? compareSpellings(a, b) : compareSpellings(b, a);
    if (REMEMBERED.size >= REMEMBERED_MAX) REMEMBERED.clear();
    REMEMBERED.set(key, level);
  }
  return level;
}

function compareSpellings(a: NamePart, b: NamePart): NameLevel {
  const jw = jaroWinkler(a.compact, b.compact);
  if (jw >= CLOSE) return 'close';
  if ((a.tokens.length > 1 || b.tokens.length > 1) && tokensClose(a.tokens, b.tokens)) return 'close';
  if (jw >= PARTIAL) return 'partial';
  if (a.compact.startsWith(b.compact) || b.compact.startsWith(a.compact)) return 'partial';
  for (const t of a.tokens) if (t.length >= 3 && b.tokens.includes(t)) return 'partial';
  return 'different';
}

export function compareBirth(a: PreparedRecord['birth'], b: PreparedRecord['birth']): BirthLevel {
  if (a === null || b === null) return 'missing';
  if (a.y === b.y && a.m === b.m && a.d === b.d) return 'exact';
  if (a.y === b.y && a.m === b.d && a.d === b.m) return 'swapped';
  if (Math.abs(a.y - b.y) === 1 && a.m === b.m && a.d === b.d) return 'year';
  return 'different';
}

/** One substitution, or one swap of adjacent digits, between two digit strings of one length. */
export function oneEditApart(a: string, b: string): boolean {
  if (a.length !== b.length) {
    // one digit dropped or added
    const [s, l] = a.length < b.length ? [a, b] : [b, a];
    if (l.length - s.length !== 1) return false;
    let i = 0;
    while (i < s.length && s[i] === l[i]) i++;
    return s.slice(i) === l.slice(i + 1);
  }
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      if (diffs === 0) first = i;
      diffs++;
      if (diffs > 2) return false;
    }
  }
  if (diffs === 1) return true;
  return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first] && first + 1 < a.length && a[first + 1] !== b[first + 1];
}

export function compareIds(a: PreparedRecord, b: PreparedRecord): IdLevel {
  if (a.validId && b.validId) return a.validId === b.validId ? 'exact' : 'conflict';
  const x = a.validId ?? a.idDigits;
  const y = b.validId ?? b.idDigits;
  if (!x || !y) return 'missing';
  if (x === y) return 'oneEdit'; // the same digits, invalid for the scheme: a shared typing, not a checked ID
  return oneEditApart(x, y) ? 'oneEdit' : 'different';
}

function agree(a: string | null, b: string | null): AgreeLevel {
  if (a === null || b === null) return 'missing';
  return a === b ? 'agree' : 'different';
}

function parentOf(child: PreparedRecord, parent: PreparedRecord): boolean {
  return child.father !== null && parent.given !== null && child.father.compact === parent.given.compact && (parent.father === null || parent.father.compact !== child.father.compact);
}

function lineage(a: PreparedRecord, b: PreparedRecord): LineageLevel {
  return parentOf(a, b) || parentOf(b, a) ? 'parentChild' : 'none';
}

export function comparePair(a: PreparedRecord, b: PreparedRecord): Comparison {
  return {
    nationalId: compareIds(a, b),
    given: compareNames(a.given, b.given),
    father: compareNames(a.father, b.father),
    grandfather: compareNames(a.grandfather, b.grandfather),
    family: compareNames(a.family, b.family),
    birth: compareBirth(a.birth, b.birth),
    sex: agree(a.sex, b.sex),
    phone: agree(a.phone, b.phone),
    region: agree(a.region, b.region),
    lineage: lineage(a, b),
  };
}
