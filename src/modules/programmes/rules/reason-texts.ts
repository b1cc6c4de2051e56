/**
 * The words of an eligibility reason, in Arabic, Persian and English: one sentence per comparison,
 * for when it held and when it did not, and the sentences of the yes/no facts. `{s}` is the fact
 * with its value ("income per member 41.000 KWD"), `{l}` the limit, `{a}`/`{b}` the ends of a range,
 * `{label}` the fact's name alone. Arabic verbs agree with the fact's grammatical gender
 * (AR_FEMININE); digits stay ASCII, the web app localises them.
 */
import type { FactName } from './facts.js';

export type Locale = 'ar' | 'fa' | 'en';
type Gendered = string | { m: string; f: string };
export interface Sentence {
  held: Gendered;
  failed: Gendered;
}
/** '==' and '!=' on numbers; 'is' / 'isNot' on codes; 'between' from `<=` with three arguments, 'strictly between' from `<`. */
export type SentenceKey = '<=' | '<' | '>=' | '>' | '==' | '!=' | 'in' | 'between' | 'strictly between' | 'is' | 'isNot';

export interface ReasonTexts {
  sentences: Record<SentenceKey, Sentence>;
  unknown: Gendered;
  unknownLimit: string;
  /** The name of a value calculated from facts ("income × 3"), which has no fact of its own. */
  calculated: string;
  yes: string;
  no: string;
  listSeparator: string;
  /** The yes/no facts, said as the household's situation. */
  statements: Record<'declared' | 'allNationals', { true: string; false: string }>;
}

/** Fact labels that are feminine in Arabic (verbs and adjectives agree with them). */
export const AR_FEMININE: ReadonlySet<FactName> = new Set<FactName>(['regionCode', 'provinceCode', 'headNationality', 'debtsMinor', 'cashAid90dMinor', 'allNationals']);

export const REASON_TEXTS: Record<Locale, ReasonTexts> = {
  en: {
    sentences: {
      '<=': { held: '{s} is within the limit of {l}', failed: '{s} is above the limit of {l}' },
      '<': { held: '{s} is below the limit of {l}', failed: '{s} is not below the limit of {l}' },
      '>=': { held: '{s} is at least {l}', failed: '{s} is less than {l}' },
      '>': { held: '{s} is more than {l}', failed: '{s} is not more than {l}' },
      '==': { held: '{s} equals {l}', failed: '{s} does not equal {l}' },
      '!=': { held: '{s} does not equal {l}', failed: '{s} equals {l}' },
      in: { held: '{s} is one of {l}', failed: '{s} is not one of {l}' },
      between: { held: '{s} is between {a} and {b}', failed: '{s} is not between {a} and {b}' },
      'strictly between': { held: '{s} is strictly between {a} and {b}', failed: '{s} is not strictly between {a} and {b}' },
      is: { held: '{s} is {l}', failed: '{s} is not {l}' },
      isNot: { held: '{s} is not {l}', failed: '{s} is {l}' },
    },
    unknown: '{label} is not known',
    unknownLimit: 'the limit {label} is compared with is not known',
    calculated: 'the calculated value',
    yes: 'yes',
    no: 'no',
    listSeparator: ', ',
    statements: {
      declared: { true: 'the household has submitted a declaration', false: 'the household has not submitted a declaration' },
      allNationals: { true: 'every member of the household is a national', false: 'not every member of the household is a national' },
    },
  },
  ar: {
    sentences: {
      '<=': { held: '{s} ضمن الحد البالغ {l}', failed: { m: '{s} يتجاوز الحد البالغ {l}', f: '{s} تتجاوز الحد البالغ {l}' } },
      '<': { held: '{s} أقل من الحد البالغ {l}', failed: { m: '{s} ليس أقل من الحد البالغ {l}', f: '{s} ليست أقل من الحد البالغ {l}' } },
      '>=': { held: { m: '{s} لا يقل عن {l}', f: '{s} لا تقل عن {l}' }, failed: '{s} أقل من {l}' },
      '>': { held: '{s} أكثر من {l}', failed: { m: '{s} لا يزيد على {l}', f: '{s} لا تزيد على {l}' } },
      '==': { held: { m: '{s} يساوي {l}', f: '{s} تساوي {l}' }, failed: { m: '{s} لا يساوي {l}', f: '{s} لا تساوي {l}' } },
      '!=': { held: { m: '{s} لا يساوي {l}', f: '{s} لا تساوي {l}' }, failed: { m: '{s} يساوي {l}', f: '{s} تساوي {l}' } },
      in: { held: '{s} ضمن القائمة: {l}', failed: '{s} خارج القائمة: {l}' },
      between: { held: '{s} بين {a} و{b}', failed: { m: '{s} ليس بين {a} و{b}', f: '{s} ليست بين {a} و{b}' } },
      'strictly between': {
        held: { m: '{s} بين {a} و{b} ولا يساوي أيًّا منهما', f: '{s} بين {a} و{b} ولا تساوي أيًّا منهما' },
        failed: { m: '{s} ليس بين {a} و{b} أو يساوي أحدهما', f: '{s} ليست بين {a} و{b} أو تساوي أحدهما' },
      },
      is: { held: { m: '{s} هو {l}', f: '{s} هي {l}' }, failed: { m: '{s} ليس {l}', f: '{s} ليست {l}' } },
      isNot: { held: { m: '{s} ليس {l}', f: '{s} ليست {l}' }, failed: { m: '{s} هو {l}', f: '{s} هي {l}' } },
    },
    unknown: { m: '{label} غير معروف', f: '{label} غير معروفة' },
    unknownLimit: 'الحد الذي يُقارَن به {label} غير معروف',
    calculated: 'القيمة المحسوبة',
    yes: 'نعم',
    no: 'لا',
    listSeparator: '، ',
    statements: {
      declared: { true: 'قدّمت الأسرة إقرارها', false: 'لم تقدّم الأسرة إقرارها' },
      allNationals: { true: 'جميع أفراد الأسرة من المواطنين', false: 'ليس جميع أفراد الأسرة من المواطنين' },
    },
  },
  fa: {
    sentences: {
      '<=': { held: '{s} در حد مجاز {l} است', failed: '{s} از حد مجاز {l} بیشتر است' },
      '<': { held: '{s} کمتر از حد {l} است', failed: '{s} کمتر از حد {l} نیست' },
      '>=': { held: '{s} دست‌کم {l} است', failed: '{s} کمتر از {l} است' },
      '>': { held: '{s} بیشتر از {l} است', failed: '{s} بیشتر از {l} نیست' },
      '==': { held: '{s} برابر با {l} است', failed: '{s} برابر با {l} نیست' },
      '!=': { held: '{s} برابر با {l} نیست', failed: '{s} برابر با {l} است' },
      in: { held: '{s} یکی از این‌هاست: {l}', failed: '{s} هیچ‌یک از این‌ها نیست: {l}' },
      between: { held: '{s} بین {a} و {b} است', failed: '{s} بین {a} و {b} نیست' },
      'strictly between': { held: '{s} بین {a} و {b} است و به هیچ‌یک نمی‌رسد', failed: '{s} بین {a} و {b} نیست یا به یکی از آن‌ها می‌رسد' },
      is: { held: '{s} «{l}» است', failed: '{s} «{l}» نیست' },
      isNot: { held: '{s} «{l}» نیست', failed: '{s} «{l}» است' },
    },
    unknown: '{label} معلوم نیست',
    unknownLimit: 'حدی که {label} با آن سنجیده می‌شود معلوم نیست',
    calculated: 'مقدار محاسبه‌شده',
    yes: 'بله',
    no: 'خیر',
    listSeparator: '، ',
    statements: {
      declared: { true: 'خانوار اظهارنامه خود را فرستاده است', false: 'خانوار اظهارنامه خود را نفرستاده است' },
      allNationals: { true: 'همه اعضای خانوار تبعه کشورند', false: 'همه اعضای خانوار تبعه کشور نیستند' },
    },
  },
};

export const gendered = (text: Gendered, feminine: boolean): string => (typeof text === 'string' ? text : feminine ? text.f : text.m);
