/**
 * Match keys for Arabic and Persian personal names.
 *
 * Keep what was typed for display; compare and index on these keys. The fold follows the
 * behaviour of Lucene's ArabicNormalizer (alef with madda/hamza above/below → alef, alef
 * maksura → yeh, teh marbuta → heh, strip tatweel and harakat) and PersianNormalizer /
 * PersianCharFilter (Farsi yeh and yeh barree → yeh, keheh → kaf, heh-yeh and ae → heh,
 * ZWNJ treated as a word break), extended with hamza seats (ؤ → و, ئ → ي, ء dropped),
 * superscript alef and Quranic marks, bidi controls, Arabic-Indic and Persian digits, and
 * Latin lower-casing. NFKC first folds presentation forms (ﻻ → لا, ﷲ → الله), fullwidth
 * characters and NBSP; everything Arabic-specific is folded by hand because NFKC leaves it.
 *
 * - matchKey: the folded name with single spaces between words.
 * - compactKey: matchKey without spaces, so عبد الله = عبدالله and محمد‌رضا (ZWNJ) = محمد رضا = محمدرضا.
 * - familyKey: compactKey of a family name without the family prefix ال / آل and without the
 *   connectors بن, بنت, ابن, so الكندري = كندري and آل سعود = سعود. A secondary blocking key:
 *   it is deliberately lossy.
 */

// Removed outright: tatweel, harakat and other Arabic combining marks (U+0610..061A,
// U+064B..065F, superscript alef U+0670, Quranic annotation marks), bidi controls
// (LRM, RLM, ALM, embeddings/overrides, isolates), ZWJ, BOM, soft hyphen, and hamza
// (U+0621 and high hamza U+0674).
const REMOVE =
  /[\u0640\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u061C\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u0621\u0674]/g;

// Word breaks that are not \s: zero-width non-joiner and zero-width space.
const BREAK = /[\u200B\u200C]/g;

const LETTER_FOLD: Record<string, string> = {
  // yeh
  '\u064A': '\u064A', // ي
  '\u06CC': '\u064A', // ی Farsi yeh
  '\u0649': '\u064A', // ى alef maksura
  '\u06D2': '\u064A', // ے yeh barree
  '\u06D3': '\u064A', // ۓ yeh barree with hamza
  '\u0626': '\u064A', // ئ yeh with hamza
  // kaf
  '\u06A9': '\u0643', // ک keheh
  '\u06AA': '\u0643', // ڪ swash kaf
  // alef
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ alef wasla
  '\u0672': '\u0627', // ٲ alef with wavy hamza above
  '\u0673': '\u0627', // ٳ alef with wavy hamza below
  // heh / teh marbuta
  '\u0629': '\u0647', // ة teh marbuta
  '\u06C0': '\u0647', // ۀ heh with yeh above
  '\u06D5': '\u0647', // ە ae
  '\u06C1': '\u0647', // ہ heh goal
  '\u06C2': '\u0647', // ۂ heh goal with hamza
  '\u06C3': '\u0647', // ۃ teh marbuta goal
  // waw
  '\u0624': '\u0648', // ؤ
};

const FOLD_CHARS = new RegExp(`[${Object.keys(LETTER_FOLD).join('')}]`, 'g');

function foldDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (ch) => {
    const c = ch.charCodeAt(0);
    return String.fromCharCode(0x30 + (c <= 0x0669 ? c - 0x0660 : c - 0x06f0));
  });
}

function strip(s: string): string {
  return s.replace(BREAK, ' ').replace(REMOVE, '');
}

export function matchKey(name: string): string {
  // Strip after NFKC: it expands some presentation forms into tatweel or harakat
  // (U+FE71 → U+0640 U+064B).
  let s = name.normalize('NFKC').toLowerCase();
  s = strip(s);
  s = s.replace(FOLD_CHARS, (ch) => LETTER_FOLD[ch]!);
  s = foldDigits(s);
  // A removed bidi mark or tatweel may have kept a letter apart from its combining mark
  // (e + RLM + U+0301): recompose, so that the key is NFC and matchKey is idempotent.
  s = s.normalize('NFC');
  return s.replace(/\s+/g, ' ').trim();
}

export function compactKey(name: string): string {
  return matchKey(name).replace(/ /g, '');
}

const CONNECTORS = new Set(['بن', 'بنت', 'ابن']);
const FAMILY_PREFIX = 'ال'; // ال and آل both fold to this

export function familyKey(name: string): string {
  const tokens = matchKey(name)
    .split(' ')
    .filter((t) => t !== '' && !CONNECTORS.has(t));
  // A separate آل / ال word before the family name.
  if (tokens.length > 1 && tokens[0] === FAMILY_PREFIX) tokens.shift();
  // The article joined to the family name; keep at least two letters (as Lucene's light stemmer does).
  const first = tokens[0];
  if (first !== undefined && first.startsWith(FAMILY_PREFIX) && first.length >= FAMILY_PREFIX.length + 2) {
    tokens[0] = first.slice(FAMILY_PREFIX.length);
  }
  const key = tokens.join('');
  return key === '' ? compactKey(name) : key;
}
