/**
 * The server-side message catalogue: every notification text in Arabic, Persian and English.
 * Placeholders in {braces} are filled from the notification's params (identifiers, codes and
 * dates only; never personal data). {aidType} is rendered as the aid type's name in the language;
 * numbers in the language's digits; {deadline} (a day, YYYY-MM-DD) in the deployment's calendar.
 *
 * A text is a plain string, or, when it carries a count, its plural forms: `{ count: 'daysLeft',
 * one: …, other: … }`, the form chosen by Intl.PluralRules for that param (Arabic has six: zero,
 * one, two, few, many, other; Persian and English one and other). As in the web app's catalogues
 * (i18next), a `zero` form is used for 0 in every language that has one written.
 */
import type { Locale } from '../../db/schema.js';
import type { CalendarId } from '../../deployments/profiles.js';

/** Plural forms of one text; `count` names the param that chooses the form. */
export type PluralText = { count: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type MessageText = string | PluralText;

/** "N days left" in Arabic: six forms (no day, one day, two days, 3–10 days, 11–99 days, 100 days). */
const AR_DAYS_LEFT = { zero: 'لم يبقَ أي يوم', one: 'بقي يوم واحد', two: 'بقي يومان', few: 'بقيت {daysLeft} أيام', many: 'بقي {daysLeft} يومًا', other: 'بقي {daysLeft} يوم' };
const FA_DAYS_LEFT = { zero: 'هیچ روزی نمانده است', other: '{daysLeft} روز مانده است' };

/** A sentence around a "days left" phrase, in each of its plural forms. */
function daysLeft(before: string, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }, after: string): PluralText {
  return { count: 'daysLeft', ...Object.fromEntries(Object.entries(forms).map(([k, v]) => [k, `${before}${v}${after}`])), other: `${before}${forms.other}${after}` };
}

export const MESSAGES = {
  'request.reminder.claimant': {
    en: daysLeft('Reminder: request {ref} ({aidType}), which your organisation claimed, is due on {deadline}: ', { zero: 'no day left', one: 'one day left', other: '{daysLeft} days left' }, '.'),
    ar: daysLeft('تذكير: الطلب {ref} ({aidType}) الذي استلمته جمعيتكم يستحق في {deadline}: ', AR_DAYS_LEFT, '.'),
    fa: daysLeft('یادآوری: مهلت درخواست {ref} ({aidType}) که سازمان شما برداشته است در {deadline} تمام می‌شود: ', FA_DAYS_LEFT, '.'),
  },
  'request.reminder.pool': {
    en: daysLeft('Reminder: request {ref} ({aidType}) in the pool has not been taken up by any charity; it is due on {deadline}: ', { zero: 'no day left', one: 'one day left', other: '{daysLeft} days left' }, '.'),
    ar: daysLeft('تذكير: الطلب {ref} ({aidType}) في قائمة الطلبات لم تستلمه أي جمعية بعد، ويستحق في {deadline}: ', AR_DAYS_LEFT, '.'),
    fa: daysLeft('یادآوری: درخواست {ref} ({aidType}) در فهرست درخواست‌ها هنوز توسط هیچ خیریه‌ای برداشته نشده است؛ مهلت آن {deadline} است: ', FA_DAYS_LEFT, '.'),
  },
  'request.escalated.ministry': {
    en: 'Request {ref} ({aidType}) passed its deadline on {deadline} without a decision and is waiting for reassignment.',
    ar: 'تجاوز الطلب {ref} ({aidType}) موعده النهائي في {deadline} دون قرار، وهو بانتظار إعادة الإسناد.',
    fa: 'مهلت درخواست {ref} ({aidType}) در {deadline} بدون تصمیم به پایان رسید و در انتظار واگذاری مجدد است.',
  },
  'request.escalated.lost': {
    en: 'Request {ref} ({aidType}) passed its deadline on {deadline} while your organisation held it. It was escalated to the ministry; your organisation no longer has access to the case.',
    ar: 'تجاوز الطلب {ref} ({aidType}) موعده النهائي في {deadline} وهو لدى جمعيتكم، فأُحيل إلى الوزارة ولم يعد بإمكان جمعيتكم الاطلاع على الحالة.',
    fa: 'مهلت درخواست {ref} ({aidType}) در {deadline} در حالی که نزد سازمان شما بود به پایان رسید. درخواست به وزارتخانه ارجاع شد و سازمان شما دیگر به پرونده دسترسی ندارد.',
  },
  'request.reassigned.assignee': {
    en: 'The ministry assigned request {ref} ({aidType}) to your organisation. Please decide by {deadline}.',
    ar: 'أسندت الوزارة الطلب {ref} ({aidType}) إلى جمعيتكم. يرجى البت فيه قبل {deadline}.',
    fa: 'وزارتخانه درخواست {ref} ({aidType}) را به سازمان شما واگذار کرد. لطفاً تا {deadline} تصمیم بگیرید.',
  },
  'request.claimed.applicant': {
    en: 'A charity has taken up your request for {aidType} and is studying your case.',
    ar: 'استلمت جمعية خيرية طلبكم ({aidType}) وتقوم بدراسة حالتكم.',
    fa: 'یک خیریه درخواست شما ({aidType}) را برداشته است و پرونده شما را بررسی می‌کند.',
  },
  'request.approved.applicant': {
    en: 'Your request for {aidType} was approved.',
    ar: 'تمت الموافقة على طلبكم ({aidType}).',
    fa: 'درخواست شما ({aidType}) تأیید شد.',
  },
  'request.rejected.applicant': {
    en: 'Your request for {aidType} was not approved. The reason is shown with your requests.',
    ar: 'لم تتم الموافقة على طلبكم ({aidType}). السبب موضح في قائمة طلباتكم.',
    fa: 'درخواست شما ({aidType}) تأیید نشد. دلیل آن در فهرست درخواست‌های شما آمده است.',
  },
  'exception.approved.requester': {
    en: 'A ministry supervisor approved exception {ref}. Pick it on the grant form to give the aid.',
    ar: 'وافق مشرف في الوزارة على الاستثناء {ref}. اختره في نموذج تسجيل المساعدة لتقديمها.',
    fa: 'یک سرپرست وزارتخانه استثنای {ref} را تأیید کرد. آن را در فرم ثبت کمک انتخاب کنید تا کمک داده شود.',
  },
  'exception.rejected.requester': {
    en: 'A ministry supervisor rejected exception {ref}. The aid cannot be given again inside the policy window.',
    ar: 'رفض مشرف في الوزارة الاستثناء {ref}. لا يمكن تقديم المساعدة مرة أخرى خلال مدة السياسة.',
    fa: 'یک سرپرست وزارتخانه استثنای {ref} را رد کرد. این کمک در بازه‌ی سیاست دوباره داده نمی‌شود.',
  },
  'request.reassigned.applicant': {
    en: 'Your request for {aidType} has been passed to another charity, which will study your case.',
    ar: 'أُحيل طلبكم ({aidType}) إلى جمعية خيرية أخرى ستقوم بدراسة حالتكم.',
    fa: 'درخواست شما ({aidType}) به خیریه دیگری سپرده شد که پرونده شما را بررسی خواهد کرد.',
  },
  'request.escalated.applicant': {
    en: 'Your request for {aidType} was not decided in time. The ministry is following it up and will pass it to another charity.',
    ar: 'لم يُبت في طلبكم ({aidType}) في الموعد المحدد. تتابعه الوزارة وستحيله إلى جمعية خيرية أخرى.',
    fa: 'درباره درخواست شما ({aidType}) به موقع تصمیم گرفته نشد. وزارتخانه آن را پیگیری می‌کند و به خیریه دیگری می‌سپارد.',
  },
} as const satisfies Record<string, Record<Locale, MessageText>>;

export type TemplateKey = keyof typeof MESSAGES;

export type Params = Record<string, string | number>;

// The same language tags as the web app (web/src/lib/format.ts): Arabic-Indic digits for Arabic,
// Persian digits for Persian, Latin for English.
const BASE: Record<Locale, string> = { ar: 'ar-KW', fa: 'fa-IR', en: 'en-GB' };
const NUMBERING: Record<Locale, string> = { ar: 'arab', fa: 'arabext', en: 'latn' };

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let f = formats.get(key);
  if (!f) formats.set(key, (f = make()));
  return f as T;
}

/** A number in the language's digits. */
export const messageNumber = (n: number, locale: Locale) => cached(`n|${locale}`, () => new Intl.NumberFormat(`${BASE[locale]}-u-nu-${NUMBERING[locale]}`, { useGrouping: false })).format(n);

/** A calendar day (YYYY-MM-DD) in the deployment's calendar and the language's digits. */
export function messageDay(day: string, locale: Locale, calendar: CalendarId): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const f = cached(`d|${locale}|${calendar}`, () => new Intl.DateTimeFormat(`${BASE[locale]}-u-ca-${calendar}-nu-${NUMBERING[locale]}`, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }));
  return f.format(new Date(`${day}T12:00:00Z`));
}

/** The form of a text for its count: `zero` for 0 when written, else the language's plural rule. */
export function pluralForm(text: MessageText, params: Params, locale: Locale): string {
  if (typeof text === 'string') return text;
  const n = Number(params[text.count]);
  if (!Number.isFinite(n)) return text.other;
  if (n === 0 && text.zero) return text.zero;
  const rule = cached(`p|${locale}`, () => new Intl.PluralRules(BASE[locale])).select(n);
  return text[rule] ?? text.other;
}

export interface RenderOptions {
  /** The aid type's name in the language, from its code. */
  aidTypeNames?: (code: string) => string | undefined;
  /** The deployment's calendar, for {deadline} and other days. */
  calendar?: CalendarId;
}

/**
 * Renders a template in a language, when the message is read. Unknown placeholders stay visible
 * rather than vanish; numbers are in the language's digits; a day (YYYY-MM-DD) is a date of the
 * deployment's calendar; a short reference ({ref}) stays as it is, as the web app shows it.
 */
export function render(template: string, params: Params, locale: Locale, o: RenderOptions = {}): string {
  const entry = (MESSAGES as Record<string, Record<Locale, MessageText>>)[template];
  if (!entry) return template;
  const text = pluralForm(entry[locale] ?? entry.en, params, locale);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (name === 'aidType') return o.aidTypeNames?.(String(v)) ?? String(v);
    if (name === 'ref') return String(v);
    if (typeof v === 'number') return messageNumber(v, locale);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return messageDay(v, locale, o.calendar ?? 'gregory');
    return /^\d+$/.test(v) ? messageNumber(Number(v), locale) : v;
  });
}
