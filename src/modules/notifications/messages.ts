/**
 * The server-side message catalogue: every notification text in Arabic, Persian and English.
 * Placeholders in {braces} are filled from the notification's params (identifiers, codes and
 * dates only; never personal data). {aidType} is rendered as the aid type's name in the language.
 */
import type { Locale } from '../../db/schema.js';

export const MESSAGES = {
  'request.reminder.claimant': {
    en: 'Reminder: request {ref} ({aidType}), which your organisation claimed, is due on {deadline}: {daysLeft} day(s) left.',
    ar: 'تذكير: الطلب {ref} ({aidType}) الذي استلمته جمعيتكم يستحق في {deadline}: بقي {daysLeft} يوم.',
    fa: 'یادآوری: مهلت درخواست {ref} ({aidType}) که سازمان شما برداشته است در {deadline} تمام می‌شود: {daysLeft} روز مانده است.',
  },
  'request.reminder.pool': {
    en: 'Reminder: request {ref} ({aidType}) in the pool has not been taken up by any charity; it is due on {deadline}: {daysLeft} day(s) left.',
    ar: 'تذكير: الطلب {ref} ({aidType}) في قائمة الطلبات لم تستلمه أي جمعية بعد، ويستحق في {deadline}: بقي {daysLeft} يوم.',
    fa: 'یادآوری: درخواست {ref} ({aidType}) در فهرست درخواست‌ها هنوز توسط هیچ خیریه‌ای برداشته نشده است؛ مهلت آن {deadline} است: {daysLeft} روز مانده است.',
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
} as const satisfies Record<string, Record<Locale, string>>;

export type TemplateKey = keyof typeof MESSAGES;

export type Params = Record<string, string | number>;

const DIGITS: Record<Locale, string | null> = { en: null, ar: null, fa: '۰۱۲۳۴۵۶۷۸۹' };

/** Renders a template in a language. Unknown placeholders stay visible rather than vanish. */
export function render(template: string, params: Params, locale: Locale, aidTypeNames: (code: string) => string | undefined = () => undefined): string {
  const entry = (MESSAGES as Record<string, Record<Locale, string>>)[template];
  if (!entry) return template;
  const text = entry[locale] ?? entry.en;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (name === 'aidType') return aidTypeNames(String(v)) ?? String(v);
    const s = String(v);
    const digits = DIGITS[locale];
    return digits && (name === 'daysLeft' || name === 'deadline') ? s.replace(/\d/g, (d) => digits[Number(d)]!) : s;
  });
}
