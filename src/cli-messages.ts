/**
 * What the `mizan` command tells an operator when it cannot go on, in Arabic, Persian or English:
 * one line saying what is wrong and what to do. The language is MIZAN_LOCALE (ar, fa or en), else
 * the system's (LC_ALL, LC_MESSAGES, LANG: "ar_KW.UTF-8" is Arabic), else English.
 */
export type CliLocale = 'ar' | 'fa' | 'en';

export function cliLocale(env: NodeJS.ProcessEnv = process.env): CliLocale {
  for (const name of ['MIZAN_LOCALE', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (!value) continue;
    const lang = value.toLowerCase().split(/[_.@-]/)[0];
    return lang === 'ar' || lang === 'fa' ? lang : 'en';
  }
  return 'en';
}

export const CLI_MESSAGES = {
  'read-only-dir': {
    en: 'Mizan cannot write in the data directory {dir}: it is read-only. Make it writable for the user running Mizan, or set MIZAN_DATA_DIR to a writable directory.',
    ar: 'لا يستطيع ميزان الكتابة في مجلد البيانات {dir} لأنه للقراءة فقط. اجعله قابلاً للكتابة للمستخدم الذي يشغّل ميزان، أو اضبط MIZAN_DATA_DIR على مجلد قابل للكتابة.',
    fa: 'میزان نمی‌تواند در پوشهٔ داده‌ها {dir} بنویسد، چون فقط‌خواندنی است. آن را برای کاربری که میزان را اجرا می‌کند نوشتنی کنید، یا MIZAN_DATA_DIR را روی پوشه‌ای نوشتنی بگذارید.',
  },
  'read-only-files': {
    en: 'Mizan cannot write to the files in the data directory {dir} ({file} is read-only). Make them writable for the user running Mizan (chmod -R u+w {dir}), then start it again.',
    ar: 'لا يستطيع ميزان الكتابة في ملفات مجلد البيانات {dir} (الملف {file} للقراءة فقط). اجعلها قابلة للكتابة للمستخدم الذي يشغّل ميزان (chmod -R u+w {dir})، ثم شغّله من جديد.',
    fa: 'میزان نمی‌تواند در پرونده‌های پوشهٔ داده‌ها {dir} بنویسد (پروندهٔ {file} فقط‌خواندنی است). آن‌ها را برای کاربری که میزان را اجرا می‌کند نوشتنی کنید (chmod -R u+w {dir}) و سپس دوباره اجرایش کنید.',
  },
  'disk-full': {
    en: 'The disk that holds the data directory {dir} is full. Free some space on it, or set MIZAN_DATA_DIR to a directory on another disk, then start Mizan again.',
    ar: 'القرص الذي يحوي مجلد البيانات {dir} ممتلئ. أفرغ بعض المساحة عليه، أو اضبط MIZAN_DATA_DIR على مجلد في قرص آخر، ثم شغّل ميزان من جديد.',
    fa: 'دیسکی که پوشهٔ داده‌ها {dir} روی آن است پر است. کمی فضا روی آن آزاد کنید، یا MIZAN_DATA_DIR را روی پوشه‌ای در دیسکی دیگر بگذارید، و سپس میزان را دوباره اجرا کنید.',
  },
  'corrupted': {
    en: 'The data directory {dir} is damaged or is not a Mizan database, so the embedded database cannot start from it. Restore it from a backup, or set MIZAN_DATA_DIR to an empty directory to start a new database.',
    ar: 'مجلد البيانات {dir} تالف أو ليس قاعدة بيانات لميزان، فلا تستطيع قاعدة البيانات المدمجة أن تبدأ منه. استرجعه من نسخة احتياطية، أو اضبط MIZAN_DATA_DIR على مجلد فارغ لبدء قاعدة بيانات جديدة.',
    fa: 'پوشهٔ داده‌ها {dir} آسیب دیده است یا پایگاه دادهٔ میزان نیست، پس پایگاه دادهٔ درونی نمی‌تواند از آن آغاز شود. آن را از نسخهٔ پشتیبان بازگردانید، یا MIZAN_DATA_DIR را روی پوشه‌ای خالی بگذارید تا پایگاه داده‌ای تازه ساخته شود.',
  },
  'locked': {
    en: 'The data directory {dir} is in use by another Mizan process (process {pid}). Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
    ar: 'مجلد البيانات {dir} مستخدم من عملية أخرى لميزان (العملية {pid}). أوقف تلك العملية أولاً، أو اضبط DATABASE_URL لاستخدام خادم PostgreSQL.',
    fa: 'پوشهٔ داده‌ها {dir} در دست فرایند دیگری از میزان است (فرایند {pid}). نخست آن فرایند را متوقف کنید، یا DATABASE_URL را برای استفاده از سرور PostgreSQL تنظیم کنید.',
  },
  'stale-lock': {
    en: 'The data directory {dir} was still locked by process {pid}, which no longer runs; Mizan takes the lock over.',
    ar: 'كان مجلد البيانات {dir} لا يزال مقفلاً من العملية {pid} التي لم تعد تعمل؛ يتولّى ميزان القفل الآن.',
    fa: 'پوشهٔ داده‌ها {dir} هنوز در قفل فرایند {pid} بود که دیگر اجرا نمی‌شود؛ میزان قفل را به دست می‌گیرد.',
  },
  'failed': {
    en: 'The command failed: {reason}. Set MIZAN_DEBUG=1 to see the details.',
    ar: 'فشل الأمر: {reason}. اضبط MIZAN_DEBUG=1 لرؤية التفاصيل.',
    fa: 'فرمان ناموفق بود: {reason}. برای دیدن جزئیات، MIZAN_DEBUG=1 را تنظیم کنید.',
  },
} as const satisfies Record<string, Record<CliLocale, string>>;

export type CliMessage = keyof typeof CLI_MESSAGES;

/** The message in the locale, its {placeholders} filled, always one line. */
export function cliMessage(key: CliMessage, params: Record<string, string | number>, locale: CliLocale = cliLocale()): string {
  const text = CLI_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
