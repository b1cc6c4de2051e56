/**
 * How names are really typed: the spelling variation of Arabic and Persian names that the match
 * keys (src/shared/text/fold.ts) exist to absorb. A household is usually registered by one clerk
 * on one keyboard, so a "typist" is drawn per household and applied to every member's name, with
 * a little per-person noise on top.
 *
 * Variations (see the identity-and-text reference): yeh and kaf from the other keyboard
 * (ي/ی, ك/ک), alef with hamza or madda typed bare (أ إ آ → ا), teh marbuta typed as heh (ة → ه),
 * alef maqsura and yeh swapped (ى/ي), hamza seats (ئ → ي, ؤ → و), the zero-width non-joiner lost
 * or typed as a space, compound names joined or split (عبد الله / عبدالله, محمدرضا / محمد رضا),
 * the family prefix ال dropped, and rarely harakat, tatweel or an invisible right-to-left mark.
 */
import type { Rng } from '../shared/random.js';

export interface Typist {
  otherKeyboard: boolean;
  bareAlef: boolean;
  tehAsHeh: boolean;
  maqsuraSwap: boolean;
  hamzaSeat: boolean;
  zwnj: 'keep' | 'drop' | 'space';
  compound: 'asis' | 'toggle';
  dropArticle: boolean;
  harakat: boolean;
  tatweel: boolean;
  bidiMark: boolean;
}

export type NameLang = 'ar' | 'fa';

/** A clerk's habits. `foreignKeyboard` is the share of clerks typing this script on the other country's keyboard. */
export function drawTypist(rng: Rng, lang: NameLang, foreignKeyboard: number): Typist {
  return {
    otherKeyboard: rng.chance(foreignKeyboard),
    bareAlef: rng.chance(lang === 'ar' ? 0.35 : 0.2),
    tehAsHeh: rng.chance(lang === 'ar' ? 0.15 : 0.05),
    maqsuraSwap: rng.chance(0.1),
    hamzaSeat: rng.chance(0.15),
    zwnj: lang === 'fa' ? (rng.chance(0.25) ? 'drop' : rng.chance(0.2) ? 'space' : 'keep') : 'keep',
    compound: rng.chance(0.25) ? 'toggle' : 'asis',
    dropArticle: rng.chance(0.03),
    harakat: rng.chance(0.01),
    tatweel: rng.chance(0.005),
    bidiMark: rng.chance(0.005),
  };
}

const ZWNJ = '\u200C';
const PERSIAN_COMPOUND_HEADS = ['محمد', 'امیر', 'علی', 'حمید', 'غلام', 'ابو', 'روح', 'حبیب', 'نعمت'];

function splitPersianCompound(word: string, joiner: string): string {
  for (const head of PERSIAN_COMPOUND_HEADS) {
    if (word.length > head.length + 1 && word.startsWith(head)) return head + joiner + word.slice(head.length);
  }
  return word;
}

/** The name as this typist would type it. `canonical` is the spelling from the name lists. */
export function typeName(canonical: string, lang: NameLang, t: Typist, rng: Rng): string {
  let s = canonical;
  // Compound names: عبد الله ↔ عبدالله; a Persian compound given name split with a ZWNJ or a space.
  if (t.compound === 'toggle') {
    if (lang === 'ar') s = s.includes('عبد ') ? s.replaceAll('عبد ', 'عبد') : s.replace(/عبد(?=ال)/g, 'عبد ');
    else {
      const words = s.split(' ');
      words[0] = splitPersianCompound(words[0]!, rng.chance(0.5) ? ZWNJ : ' ');
      s = words.join(' ');
    }
  }
  if (t.zwnj === 'drop') s = s.replaceAll(ZWNJ, '');
  else if (t.zwnj === 'space') s = s.replaceAll(ZWNJ, ' ');
  if (t.otherKeyboard) {
    s = lang === 'ar' ? s.replace(/ي/g, 'ی').replace(/ك/g, 'ک') : s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
  }
  if (t.bareAlef) s = s.replace(/[أإآ]/g, 'ا');
  if (t.tehAsHeh) s = s.replace(/ة(?= |$)/g, 'ه');
  if (t.maqsuraSwap) s = s.replace(/ى(?= |$)/g, 'ي').replace(/(?<=عل)ي(?= |$)/g, 'ى');
  if (t.hamzaSeat) s = s.replace(/ئ/g, 'ي').replace(/ؤ/g, 'و');
  if (t.dropArticle && lang === 'ar') s = s.replace(/ ال(?=\S{3,}$)/, ' ');
  if (t.harakat) s = s.replace(/^(\S)/, '$1\u064E');
  if (t.tatweel) s = s.replace(/^(\S)(\S)/, '$1\u0640$2');
  if (t.bidiMark) s = `${s}\u200F`;
  // Another clerk, another day: one member in ten typed with one habit flipped.
  if (rng.chance(0.1)) {
    s = rng.chance(0.5) ? s.replace(/[أإ]/g, 'ا') : lang === 'ar' ? s.replace(/ي(?= |$)/g, 'ی') : s.replace(/ی(?= |$)/g, 'ي');
  }
  return s.normalize('NFC').trim();
}
