/**
 * The pages a person sees in a browser during sign-in, outside the web app: the built-in identity
 * provider's page and every refusal (a refused national ID, a failed or expired sign-in). Each is
 * in the visitor's language (Arabic, Persian or English), right to left for Arabic and Persian,
 * laid out with logical CSS only. The language comes, in order, from what the visitor chose in the
 * web app (carried by /auth/login as ui_locales and the mizan_lang cookie), the browser's
 * Accept-Language, then the deployment's default.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../db/schema.js';
import type { Problem } from '../../shared/problem.js';
import type { RefusalReason } from './sign-in.js';

export const LOCALES: readonly Locale[] = ['ar', 'fa', 'en'];
/** The visitor's language during sign-in (path /: the provider's pages under /idp read it too). */
export const LANG_COOKIE = 'mizan_lang';

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The first supported language of a list ("fa ar", an Accept-Language header "fa-IR,fa;q=0.9,en;q=0.8"). */
export function firstLocale(list: string | null | undefined): Locale | null {
  if (!list) return null;
  const tags = list.split(/[\s,]+/).map((part) => {
    const [tag = '', ...opts] = part.split(';');
    const q = Number(opts.find((o) => o.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    return { lang: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
  });
  const best = tags.filter((t) => t.q > 0 && isLocale(t.lang)).sort((a, b) => b.q - a.q)[0];
  return best ? (best.lang as Locale) : null;
}

/** The language of a sign-in page for this request. */
export function pageLocale(req: { headers: Record<string, string | string[] | undefined>; cookies?: Record<string, string | undefined> }, fallback: Locale, ...preferred: (string | null | undefined)[]): Locale {
  for (const p of preferred) {
    const l = firstLocale(p);
    if (l) return l;
  }
  const cookie = req.cookies?.[LANG_COOKIE] ?? /(?:^|;\s*)mizan_lang=(\w+)/.exec(String(req.headers.cookie ?? ''))?.[1];
  if (isLocale(cookie)) return cookie;
  const accept = req.headers['accept-language'];
  return firstLocale(Array.isArray(accept) ? accept.join(',') : accept) ?? fallback;
}

export const wantsHtml = (req: FastifyRequest) => /text\/html/.test(String(req.headers.accept ?? ''));

export type FailedReason = 'expired-page' | 'unreachable' | 'provider-error' | 'other-browser' | 'used' | 'not-confirmed' | 'invitation-unknown';

type Texts = {
  dir: 'rtl' | 'ltr';
  idp: {
    title: string; heading: string; note: string; demo: string; none: string; another: string; nationalId: string; residency: string;
    present: string; abroad: string; submit: string; languages: string;
  };
  back: string; again: string; code: string;
  titles: { refused: string; failed: string; notFound: string; error: string };
  refused: Record<RefusalReason, string>;
  failed: Record<FailedReason, string>;
  unknown: string;
};

export const LANGUAGE_NAMES: Record<Locale, string> = { ar: 'العربية', fa: 'فارسی', en: 'English' };

export const PAGE_TEXTS: Record<Locale, Texts> = {
  ar: {
    dir: 'rtl',
    idp: {
      title: 'الهوية الوطنية — تسجيل دخول للتطوير',
      heading: 'الهوية الوطنية',
      note: 'مزوّد هوية للتطوير مدمج في ميزان، يقوم مقام منصة الهوية الرقمية الوطنية: اختر من أنت، ولا تُطلب كلمة مرور. لا تستخدمه أبدًا في التشغيل الفعلي (اضبط OIDC_ISSUER).',
      demo: 'مواطنون وموظفون للتجربة',
      none: 'لم تُحمَّل هويات تجريبية.',
      another: 'رقم هوية آخر',
      nationalId: 'رقم الهوية الوطنية',
      residency: 'الإقامة التي يؤكدها المزوّد',
      present: '{country} (موجود في البلد)',
      abroad: 'في الخارج (بلا إقامة)',
      submit: 'الدخول بهذا الرقم',
      languages: 'اللغة',
    },
    back: 'العودة إلى ميزان',
    again: 'تسجيل الدخول من جديد',
    code: 'رمز الخطأ من مزوّد الهوية',
    titles: { refused: 'رُفض تسجيل الدخول', failed: 'تعذّر إكمال تسجيل الدخول', notFound: 'الصفحة غير موجودة', error: 'خطأ في تسجيل الدخول' },
    refused: {
      'requirement-not-met': 'لا تستوفي هويتك الوطنية شرط استخدام ميزان هنا (مثل الوجود داخل البلد).',
      'no-national-id': 'لم يُرسل مزوّد الهوية رقم هوية وطنية صالحًا.',
      'unknown-national-id': 'رقم الهوية هذا ليس لحساب موظف ولا لفرد من أسرة مسجلة. اطلب من جمعية خيرية أو من الوزارة تسجيل أسرتك أولًا.',
      'account-inactive': 'حسابك موقوف. راجع جهتك.',
      'organisation-not-approved': 'لم تُعتمد جهتك بعد.',
      'invitation-other-person': 'أُرسلت هذه الدعوة إلى شخص آخر. سجّل الدخول بالهوية الوطنية للشخص المدعو، أو اطلب من الجمعية التي دعتك رابطًا خاصًا بك.',
      'invitation-used': 'سبق استخدام رابط الدعوة هذا. إن كنت أنت، فسجّل الدخول من جديد من ميزان بلا الرابط؛ وإلا فراجع الجمعية التي دعتك.',
      'invitation-expired': 'انتهت صلاحية رابط الدعوة هذا. اطلب من الجمعية التي دعتك إرسال رابط جديد.',
    },
    failed: {
      'expired-page': 'انتهت صلاحية صفحة تسجيل الدخول هذه أو أنها غير موجودة. ابدأ من جديد من ميزان.',
      unreachable: 'يتعذّر الوصول إلى مزوّد الهوية الآن. حاول مرة أخرى بعد قليل.',
      'provider-error': 'لم يُكمل مزوّد الهوية تسجيل الدخول. ابدأ من جديد.',
      'other-browser': 'لم يبدأ تسجيل الدخول هذا في هذا المتصفح، أو انتهت صلاحيته. ابدأ من جديد.',
      used: 'انتهت صلاحية تسجيل الدخول هذا أو سبق استخدامه. ابدأ من جديد.',
      'not-confirmed': 'لم يؤكد مزوّد الهوية تسجيل الدخول. ابدأ من جديد.',
      'invitation-unknown': 'رابط الدعوة هذا غير معروف. تحقّق من الرابط في الرسالة، أو راجع الجمعية التي دعتك.',
    },
    unknown: 'تعذّر إكمال تسجيل الدخول. ابدأ من جديد من ميزان.',
  },
  fa: {
    dir: 'rtl',
    idp: {
      title: 'هویت ملی — ورود آزمایشی',
      heading: 'هویت ملی',
      note: 'ارائه‌دهندهٔ هویت آزمایشیِ درون میزان که جای سامانهٔ هویت دیجیتال ملی را می‌گیرد: انتخاب کنید چه کسی هستید؛ گذرواژه‌ای پرسیده نمی‌شود. هرگز در محیط عملیاتی از آن استفاده نکنید (OIDC_ISSUER را تنظیم کنید).',
      demo: 'شهروندان و کارکنان نمایشی',
      none: 'هیچ هویت نمایشی بارگذاری نشده است.',
      another: 'کد ملی دیگر',
      nationalId: 'کد ملی',
      residency: 'اقامتی که ارائه‌دهنده تأیید می‌کند',
      present: '{country} (ساکن در کشور)',
      abroad: 'خارج از کشور (بدون اقامت)',
      submit: 'ورود با این کد ملی',
      languages: 'زبان',
    },
    back: 'بازگشت به میزان',
    again: 'ورود دوباره',
    code: 'کد خطای ارائه‌دهندهٔ هویت',
    titles: { refused: 'ورود پذیرفته نشد', failed: 'ورود کامل نشد', notFound: 'صفحه پیدا نشد', error: 'خطای ورود' },
    refused: {
      'requirement-not-met': 'هویت ملی شما شرط استفاده از میزان در اینجا را ندارد (برای نمونه، حضور در کشور).',
      'no-national-id': 'ارائه‌دهندهٔ هویت کد ملی معتبری نفرستاد.',
      'unknown-national-id': 'این کد ملی نه حساب کارمند است و نه عضو خانواری ثبت‌شده. نخست از یک خیریه یا وزارتخانه بخواهید خانوار شما را ثبت کند.',
      'account-inactive': 'حساب شما غیرفعال شده است. از سازمان خود بپرسید.',
      'organisation-not-approved': 'سازمان شما هنوز تأیید نشده است.',
      'invitation-other-person': 'این دعوت‌نامه برای شخص دیگری فرستاده شده است. با هویت ملی کسی که دعوت شده وارد شوید، یا از خیریه‌ای که شما را دعوت کرده پیوند خودتان را بخواهید.',
      'invitation-used': 'از این پیوند دعوت پیش‌تر استفاده شده است. اگر خودتان بوده‌اید، بدون پیوند از میزان دوباره وارد شوید؛ وگرنه از خیریه‌ای که شما را دعوت کرده بپرسید.',
      'invitation-expired': 'این پیوند دعوت منقضی شده است. از خیریه‌ای که شما را دعوت کرده بخواهید پیوند تازه‌ای بفرستد.',
    },
    failed: {
      'expired-page': 'این صفحهٔ ورود منقضی شده یا وجود ندارد. از میزان دوباره شروع کنید.',
      unreachable: 'اکنون دسترسی به ارائه‌دهندهٔ هویت ممکن نیست. کمی بعد دوباره تلاش کنید.',
      'provider-error': 'ارائه‌دهندهٔ هویت ورود را کامل نکرد. دوباره شروع کنید.',
      'other-browser': 'این ورود در این مرورگر آغاز نشده یا منقضی شده است. دوباره شروع کنید.',
      used: 'این ورود منقضی شده یا پیش‌تر استفاده شده است. دوباره شروع کنید.',
      'not-confirmed': 'ارائه‌دهندهٔ هویت ورود را تأیید نکرد. دوباره شروع کنید.',
      'invitation-unknown': 'این پیوند دعوت شناخته نیست. پیوند پیامک را بررسی کنید یا از خیریه‌ای که شما را دعوت کرده بپرسید.',
    },
    unknown: 'ورود کامل نشد. از میزان دوباره شروع کنید.',
  },
  en: {
    dir: 'ltr',
    idp: {
      title: 'National identity — development sign-in',
      heading: 'National identity',
      note: 'Development identity provider built into Mizan. It stands in for the national digital identity platform: choose who you are; no password is asked. Never use it in production (set OIDC_ISSUER).',
      demo: 'Demo citizens and staff',
      none: 'No demo identities are loaded.',
      another: 'Another national ID',
      nationalId: 'National ID',
      residency: 'Residency claim',
      present: '{country} (present in the country)',
      abroad: 'abroad (no residency)',
      submit: 'Sign in with this national ID',
      languages: 'Language',
    },
    back: 'Back to Mizan',
    again: 'Sign in again',
    code: 'Error code from the identity provider',
    titles: { refused: 'Sign-in refused', failed: 'The sign-in could not be completed', notFound: 'Page not found', error: 'Sign-in error' },
    refused: {
      'requirement-not-met': 'Your national identity does not meet the condition for using Mizan here (for example, being present in the country).',
      'no-national-id': 'The identity provider did not send a valid national ID.',
      'unknown-national-id': 'This national ID is neither a staff account nor a member of a registered household. Ask a charity or the ministry to register your household first.',
      'account-inactive': 'Your account is deactivated. Ask your organisation.',
      'organisation-not-approved': 'Your organisation is not approved yet.',
      'invitation-other-person': 'This invitation was sent to someone else. Sign in with the national identity of the person it was sent to, or ask the charity that invited you for your own link.',
      'invitation-used': 'This invitation link has already been used. If it was you, sign in again from Mizan without the link; otherwise ask the charity that invited you.',
      'invitation-expired': 'This invitation link has expired. Ask the charity that invited you to send a new link.',
    },
    failed: {
      'expired-page': 'This sign-in page expired or does not exist. Start again from Mizan.',
      unreachable: 'The identity provider cannot be reached right now. Try again shortly.',
      'provider-error': 'The identity provider did not complete the sign-in. Start again.',
      'other-browser': 'This sign-in was not started in this browser, or it expired. Start again.',
      used: 'This sign-in expired or was already used. Start again.',
      'not-confirmed': 'The identity provider did not confirm the sign-in. Start again.',
      'invitation-unknown': 'This invitation link is not known. Check the link in the message, or ask the charity that invited you.',
    },
    unknown: 'The sign-in could not be completed. Start again from Mizan.',
  },
};

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
 *{box-sizing:border-box}
 body{font-family:Vazirmatn,system-ui,sans-serif;line-height:1.6;max-inline-size:46rem;margin-block:2rem;margin-inline:auto;padding-inline:1rem;color:#1b1b1b;background:#fff}
 h1{font-size:1.4rem;margin-block:0 .5rem} h2{font-size:1.1rem}
 a{color:#0b4f9c}
 .note{background:#fff6d6;border:1px solid #8a6d00;padding-block:.6rem;padding-inline:.8rem;border-radius:6px}
 nav.langs{display:flex;flex-wrap:wrap;gap:.8rem;justify-content:flex-end;margin-block-end:1rem}
 nav.langs a[aria-current]{font-weight:700;text-decoration:none;color:#1b1b1b}
 ul{list-style:none;padding:0} li{margin-block:.3rem}
 button{font:inherit;padding-block:.5rem;padding-inline:.8rem;border-radius:6px;border:1px solid #555;background:#fff;color:#1b1b1b;cursor:pointer;inline-size:100%;text-align:start;overflow-wrap:anywhere}
 button:hover,button:focus-visible{background:#eef4ff} button.primary{background:#0b4f9c;color:#fff;text-align:center}
 .id{font-family:ui-monospace,monospace;font-weight:600;unicode-bidi:isolate} .label{color:#444}
 label{display:block;margin-block:.6rem} input,select{font:inherit;padding:.4rem;inline-size:100%;max-inline-size:20rem;display:block;margin-block-start:.2rem}
 .links{display:flex;flex-wrap:wrap;gap:1rem} code{unicode-bidi:isolate}
`;

/** A whole page in a language: <html lang dir>, the shared style, the body. */
export function pageShell(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}" dir="${PAGE_TEXTS[locale].dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
${body}
</main></body></html>`;
}

/** The sentence that explains a sign-in Problem in a language (its reason extension picks it). */
export function refusalText(p: Problem, locale: Locale): { title: string; text: string } {
  const t = PAGE_TEXTS[locale];
  const reason = String(p.extensions.reason ?? '');
  if (p.slug === 'sign-in-refused') return { title: t.titles.refused, text: t.refused[reason as RefusalReason] ?? t.unknown };
  if (p.slug === 'sign-in-failed') return { title: t.titles.failed, text: t.failed[reason as FailedReason] ?? t.unknown };
  if (p.slug === 'not-found') return { title: t.titles.notFound, text: t.failed['expired-page'] };
  return { title: t.titles.error, text: t.unknown };
}

/** The refusal page: what happened, in the visitor's language, and the two ways on. */
export function refusalPage(p: Problem, locale: Locale, providerCode?: string): string {
  const t = PAGE_TEXTS[locale];
  const { title, text } = refusalText(p, locale);
  const code = providerCode ? `<p>${escapeHtml(t.code)}: <code dir="ltr">${escapeHtml(providerCode)}</code></p>` : '';
  return pageShell(locale, title, `<h1>${escapeHtml(title)}</h1><p class="refusal" data-problem="${escapeHtml(p.slug)}">${escapeHtml(text)}</p>${code}
<p class="links"><a href="/">${escapeHtml(t.back)}</a><a href="/auth/login">${escapeHtml(t.again)}</a></p>`);
}

/** Answers a browser with the refusal page (the Problem's status); other clients get the Problem itself. */
export function sendRefusal(req: FastifyRequest, reply: FastifyReply, p: Problem, fallback: Locale, providerCode?: string) {
  if (!wantsHtml(req)) throw p;
  return reply.status(p.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(refusalPage(p, pageLocale(req, fallback), providerCode));
}
