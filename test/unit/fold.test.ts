import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compactKey, familyKey, matchKey } from '../../src/shared/text/fold.js';

const ZWNJ = '\u200C';
const TATWEEL = '\u0640';

// Arabic and Persian letters, including every variant the fold touches.
const LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي', ...'پچژگکی', ...'أإآٱىةۀەؤئءےۓہ'];
const DIACRITICS = [...Array.from({ length: 0x065f - 0x064b + 1 }, (_, i) => String.fromCharCode(0x064b + i)), '\u0670'];
const BIDI = ['\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

const arabicWord = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const arabicName = fc.array(arabicWord, { minLength: 1, maxLength: 4 }).map((a) => a.join(' '));
// Mixed text: Arabic letters, marks, Latin, digits of three scripts, spaces, invisibles.
const messyChar = fc.oneof(
  fc.constantFrom(...LETTERS),
  fc.constantFrom(...DIACRITICS, TATWEEL, ZWNJ, '\u200D', ...BIDI, ' ', '\u00A0', '\t'),
  fc.constantFrom(...'AbCdEéÉ0123456789', ...'٠١٢٣٤٥٦٧٨٩', ...'۰۱۲۳۴۵۶۷۸۹', 'ﻻ', 'ﷲ', '\uFE71', '\u0301', '\u0654', 'İ', 'ẞ'),
);
const messy = fc.array(messyChar, { maxLength: 20 }).map((a) => a.join(''));

function insertAt(s: string, inserts: Array<[number, string]>, allowed: (prev: string | undefined) => boolean): string {
  const chars = Array.from(s);
  for (const [pos, x] of inserts) {
    const i = pos % (chars.length + 1);
    if (allowed(chars[i - 1])) chars.splice(i, 0, x);
  }
  return chars.join('');
}

describe('matchKey: folds from the reference table', () => {
  const pairs: Array<[string, string, string]> = [
    ['yeh ي / Farsi yeh ی', 'علي', 'علی'],
    ['alef maksura ى', 'عيسي', 'عيسى'],
    ['yeh barree ے', 'علي', 'علے'],
    ['kaf ك / keheh ک', 'كريم', 'کریم'],
    ['alef hamza above', 'أحمد', 'احمد'],
    ['alef hamza below', 'إبراهيم', 'ابراهيم'],
    ['alef madda', 'آمنة', 'امنة'],
    ['alef wasla', 'ٱلله', 'الله'],
    ['teh marbuta / heh', 'فاطمة', 'فاطمه'],
    ['heh with yeh above ۀ', 'خانۀ', 'خانه'],
    ['ae ە', 'فاطمە', 'فاطمه'],
    ['waw hamza ؤ', 'مؤمن', 'مومن'],
    ['yeh hamza ئ', 'رئيس', 'رييس'],
    ['hamza dropped', 'سماء', 'سما'],
    ['diacritics', 'مُحَمَّد', 'محمد'],
    ['superscript alef', 'هٰذا', 'هذا'],
    ['tatweel', 'مـحـمـد', 'محمد'],
    ['bidi marks', '\u200Fمحمد\u200E', 'محمد'],
    ['embeddings and isolates', '\u202Bعلي\u202C \u2067حسن\u2069', 'علي حسن'],
    ['ZWNJ is a word break', `محمد${ZWNJ}رضا`, 'محمد رضا'],
    ['presentation forms via NFKC', 'ﻻ', 'لا'],
    ['ligature ﷲ via NFKC', 'عبدﷲ', 'عبدالله'],
    ['NBSP and runs of spaces', 'عبد\u00A0\u00A0الله  ', 'عبد الله'],
    ['Latin lower case', 'Mohammad ALI', 'mohammad ali'],
    ['Persian and Arabic-Indic digits', '۱۲۳ ٤٥٦', '123 456'],
    ['fullwidth digits', '１２３', '123'],
  ];
  for (const [what, a, b] of pairs) {
    it(what, () => {
      assert.equal(matchKey(a), matchKey(b));
    });
  }
  it('exact keys', () => {
    assert.equal(matchKey('علی'), 'علي');
    assert.equal(matchKey('کریم'), 'كريم');
    assert.equal(matchKey('أحمد'), 'احمد');
    assert.equal(matchKey('فاطمة'), 'فاطمه');
    assert.equal(matchKey('مسؤول'), 'مسوول');
    assert.equal(matchKey('مسءول'), 'مسول');
    assert.equal(matchKey(`  محمد${ZWNJ}رضا  `), 'محمد رضا');
    assert.equal(matchKey(''), '');
    // removed invisibles must not leave a decomposed letter behind
    assert.equal(matchKey('Ze\u200F\u0301'), 'zé');
    assert.equal(matchKey('e\uFE71\u0301'), 'é');
    assert.equal(matchKey('e\u0640\u0301'), 'é');
    assert.equal(matchKey(' \u200F '), '');
  });
  it('does not fold letters that are different', () => {
    assert.notEqual(matchKey('محمد'), matchKey('احمد'));
    assert.notEqual(matchKey('حسن'), matchKey('حسين'));
    assert.notEqual(matchKey('علي'), matchKey('عالي'));
    assert.notEqual(matchKey('گل'), matchKey('كل')); // gaf is not kaf
    assert.notEqual(matchKey('پری'), matchKey('بري')); // peh is not beh
  });
  it('keeps word boundaries', () => {
    assert.equal(matchKey('عبد الله'), 'عبد الله');
    assert.equal(matchKey('عبدالله'), 'عبدالله');
  });
});

describe('compactKey and familyKey: examples', () => {
  it('compound names and ZWNJ', () => {
    assert.equal(compactKey('عبد الله'), compactKey('عبدالله'));
    assert.equal(compactKey('عبد الله'), 'عبدالله');
    assert.equal(compactKey(`محمد${ZWNJ}رضا`), 'محمدرضا');
    assert.equal(compactKey('محمد رضا'), 'محمدرضا');
    assert.equal(compactKey('ثبتنام'), compactKey(`ثبت${ZWNJ}نام`));
    assert.equal(compactKey('ابو بكر'), compactKey('أبوبكر'));
  });
  it('family prefix and connectors', () => {
    assert.equal(familyKey('الكندري'), 'كندري');
    assert.equal(familyKey('كندري'), 'كندري');
    assert.equal(familyKey('العنزي'), familyKey('عنزي'));
    assert.equal(familyKey('آل سعود'), 'سعود');
    assert.equal(familyKey('آل سعود'), familyKey('السعود'));
    assert.equal(familyKey('ال سعود'), 'سعود');
    assert.equal(familyKey('بن لادن'), 'لادن');
    assert.equal(familyKey('بنت سعيد'), 'سعيد');
    assert.equal(familyKey('ابن خلدون'), 'خلدون');
    assert.equal(familyKey('إبن خلدون'), 'خلدون');
    assert.equal(familyKey('آل الشيخ'), 'شيخ');
    assert.equal(familyKey('عبد الرحمن'), 'عبدالرحمن'); // only a leading article is removed
    assert.equal(familyKey('عبدالرحمن'), 'عبدالرحمن');
    assert.equal(familyKey('احمدی'), familyKey('احمدي'));
    assert.equal(familyKey('احمدی'), 'احمدي');
  });
  it('never returns an empty key for a non-empty name', () => {
    assert.equal(familyKey('آل'), 'ال');
    assert.equal(familyKey('بن'), 'بن');
    assert.equal(familyKey('ال'), 'ال');
    assert.equal(familyKey(''), '');
  });
  it('keeps at least two letters after removing ال', () => {
    assert.equal(familyKey('الي'), 'الي');
    assert.equal(familyKey('الهی'), 'هي');
  });
});

describe('properties', () => {
  it('matchKey is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(messy, arabicName, fc.string({ unit: 'binary', maxLength: 20 })), (s) => {
        const k = matchKey(s);
        assert.equal(matchKey(k), k);
      }),
      { numRuns: 3000 },
    );
  });
  it('compactKey is idempotent and has no spaces', () => {
    fc.assert(
      fc.property(fc.oneof(messy, arabicName), (s) => {
        const k = compactKey(s);
        assert.equal(compactKey(k), k);
        assert.equal(/\s/.test(k), false);
      }),
    );
  });
  it('matchKey output contains no variant letters, marks, tatweel, invisibles or non-ASCII digits', () => {
    fc.assert(
      fc.property(fc.oneof(messy, arabicName), (s) => {
        const k = matchKey(s);
        assert.equal(/[یىےۓئکأإآٱةۀەؤء\u0640\u064B-\u065F\u0670\u200B-\u200F\u202A-\u202E\u2066-\u2069\u0660-\u0669\u06F0-\u06F9]/.test(k), false);
        assert.equal(/[A-Z]/.test(k), false);
        assert.equal(k, k.trim());
        assert.equal(/\s\s|[^\S ]/.test(k), false);
      }),
    );
  });
  it('matchKey is invariant under Persian/Arabic keyboard swaps (ی/ي, ک/ك)', () => {
    fc.assert(
      fc.property(arabicName, fc.boolean(), (s, toPersian) => {
        const swapped = toPersian ? s.replace(/ي/g, 'ی').replace(/ك/g, 'ک') : s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
        assert.equal(matchKey(swapped), matchKey(s));
      }),
    );
  });
  it('matchKey is invariant under inserted tatweel, diacritics and bidi marks', () => {
    fc.assert(
      fc.property(
        fc.oneof(arabicName, messy),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(TATWEEL, ...DIACRITICS, ...BIDI)), { maxLength: 8 }),
        (s, inserts) => {
          const noisy = insertAt(s, inserts, () => true);
          assert.equal(matchKey(noisy), matchKey(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('compactKey ignores ZWNJ vs space vs nothing between words', () => {
    fc.assert(
      fc.property(fc.array(arabicWord, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(ZWNJ, ' ', '', '\u00A0', ` ${ZWNJ}`), { minLength: 3, maxLength: 3 }), (words, seps) => {
        const joined = words.reduce((acc, w, i) => (i === 0 ? w : acc + seps[(i - 1) % seps.length] + w), '');
        assert.equal(compactKey(joined), compactKey(words.join('')));
        assert.equal(compactKey(joined), compactKey(words.join(' ')));
      }),
    );
  });
  it('matchKey treats ZWNJ exactly like a space', () => {
    fc.assert(
      fc.property(fc.array(arabicWord, { minLength: 1, maxLength: 4 }), (words) => {
        assert.equal(matchKey(words.join(ZWNJ)), matchKey(words.join(' ')));
      }),
    );
  });
  it('digit scripts fold to ASCII', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 }), (ds) => {
        const ascii = ds.join('');
        assert.equal(matchKey(ds.map((d) => '۰۱۲۳۴۵۶۷۸۹'[d]).join('')), ascii);
        assert.equal(matchKey(ds.map((d) => '٠١٢٣٤٥٦٧٨٩'[d]).join('')), ascii);
      }),
    );
  });
  it('familyKey: a leading ال, آل or connector does not change the key', () => {
    const bare = fc.array(fc.constantFrom(...'بتثجحخدذرزسشصضطظعغفقمنهوي'), { minLength: 2, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(bare, fc.constantFrom('ال', 'آل ', 'ال ', 'بن ', 'بنت ', 'ابن ', 'آل ال', 'بن ال'), (name, prefix) => {
        fc.pre(name !== 'بن' && name !== 'بنت');
        assert.equal(familyKey(prefix + name), familyKey(name));
        assert.equal(familyKey(prefix + name), compactKey(name));
      }),
    );
  });
  it('familyKey is invariant under the same variations as matchKey', () => {
    fc.assert(
      fc.property(arabicName, (s) => {
        const noisy = s.replace(/ي/g, 'ی').replace(/ك/g, 'ک').replace(/ /g, ZWNJ);
        assert.equal(familyKey(noisy), familyKey(s));
      }),
    );
  });
});

describe('name data used for demos and synthetic records', async () => {
  const { readFile } = await import('node:fs/promises');
  const load = async (lang: string) =>
    JSON.parse(await readFile(new URL(`../../src/deployments/names/${lang}.json`, import.meta.url), 'utf8')) as Record<'male' | 'female' | 'family', string[]>;
  const ar = await load('ar');
  const fa = await load('fa');

  it('sizes and uniqueness', () => {
    for (const d of [ar, fa]) {
      assert.ok(d.male.length >= 60 && d.female.length >= 60 && d.family.length >= 80);
      for (const list of [d.male, d.female, d.family]) {
        assert.equal(new Set(list).size, list.length);
        for (const n of list) assert.equal(n, n.trim());
      }
    }
  });
  it('Arabic lists use Arabic letters, Persian lists Persian ی and ک', () => {
    for (const n of [...ar.male, ...ar.female, ...ar.family]) assert.match(n, /^[\u0621-\u064A ]+$/, n);
    for (const n of [...fa.male, ...fa.female, ...fa.family]) {
      assert.match(n, /^[\u0621-\u063A\u0641-\u0648\u067E\u0686\u0698\u06A9\u06AF\u06CC\u200C ]+$/, n);
      assert.equal(/[يكة]/.test(n), false, n);
    }
  });
  it('contain the variations the folds exist for', () => {
    assert.ok(ar.family.includes('الكندري') && ar.family.includes('العنزي') && ar.family.includes('الرشيدي'));
    assert.ok(ar.family.some((n) => n.startsWith('آل ')));
    assert.ok(ar.male.includes('عبدالله') && ar.male.includes('عبد الله'));
    assert.equal(compactKey('عبدالله'), compactKey('عبد الله'));
    assert.ok(fa.male.includes('محمدرضا') && fa.female.includes('فاطمه') && fa.female.includes('زهرا'));
    assert.ok(fa.family.includes('احمدی') && fa.family.includes('حسینی') && fa.family.includes('محمدی'));
    assert.ok([...fa.male, ...fa.female, ...fa.family].filter((n) => n.includes(ZWNJ)).length >= 5);
    // Persian and Arabic spellings of the same name meet on the match key.
    assert.equal(matchKey('علی'), matchKey('علي'));
    assert.equal(matchKey('فاطمه'), matchKey('فاطمة'));
    assert.equal(familyKey('حسینی'), familyKey('الحسيني'));
  });
});
