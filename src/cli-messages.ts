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
  'import-no-file': {
    en: 'There is no file {file} to import. Give the path of a CSV or XLSX file.',
    ar: 'لا يوجد ملف {file} للاستيراد. أعطِ مسار ملف CSV أو XLSX.',
    fa: 'پرونده‌ای با نام {file} برای بارگذاری نیست. مسیر یک پروندهٔ CSV یا XLSX را بدهید.',
  },
  'import-no-org': {
    en: 'No approved charity is {org}. Give its id, or its name as the ministry approved it.',
    ar: 'لا توجد جمعية معتمدة باسم أو معرّف {org}. أعطِ معرّفها أو اسمها كما اعتمدته الوزارة.',
    fa: 'هیچ خیریهٔ تأییدشده‌ای با نام یا شناسهٔ {org} نیست. شناسهٔ آن یا نامش را آن‌گونه که وزارت تأیید کرده است بدهید.',
  },
  'import-no-admin': {
    en: 'The charity {org} has no active administrator, and an import runs as its administrator. Add one (or activate one) first.',
    ar: 'ليس للجمعية {org} مدير فعّال، والاستيراد يجري باسم مديرها. أضف مديراً (أو فعّل أحدهم) أولاً.',
    fa: 'خیریهٔ {org} مدیر فعالی ندارد و بارگذاری به نام مدیر آن انجام می‌شود. نخست مدیری بیفزایید (یا یکی را فعال کنید).',
  },
  'import-refused': {
    en: 'The file {file} was not imported: {reason}. Nothing was written.',
    ar: 'لم يُستورد الملف {file}: {reason}. لم يُكتب شيء.',
    fa: 'پروندهٔ {file} بارگذاری نشد: {reason}. چیزی نوشته نشد.',
  },
  'import-too-large': {
    en: 'it is larger than an import allows (at most {limit})',
    ar: 'إنه أكبر مما يسمح به الاستيراد (الحد الأقصى {limit})',
    fa: 'از آنچه بارگذاری می‌پذیرد بزرگ‌تر است (حداکثر {limit})',
  },
  'import-unreadable': {
    en: 'it cannot be read as CSV or XLSX; save it again from the spreadsheet program as CSV or as an Excel workbook',
    ar: 'لا يمكن قراءته كملف CSV أو XLSX؛ احفظه من جديد من برنامج الجداول بصيغة CSV أو مصنف Excel',
    fa: 'به‌صورت CSV یا XLSX خوانده نمی‌شود؛ آن را از برنامهٔ صفحه‌گسترده دوباره به‌صورت CSV یا کارپوشهٔ Excel ذخیره کنید',
  },
  'import-empty': {
    en: 'it has no rows of people (a header row and at least one row below it are needed)',
    ar: 'لا يحوي أسطراً لأشخاص (يلزم سطر عناوين وسطر واحد على الأقل تحته)',
    fa: 'هیچ ردیفی از افراد ندارد (یک ردیف سرستون و دست‌کم یک ردیف زیر آن لازم است)',
  },
  'import-needs-map': {
    en: 'Mizan cannot tell which columns hold the national ID and the phone. The columns are: {columns}. Give them with --map nationalId=1,phone=2 (positions from 1, or header names).',
    ar: 'لا يستطيع ميزان أن يعرف أي الأعمدة تحوي رقم الهوية والهاتف. الأعمدة هي: {columns}. حدّدها بـ --map nationalId=1,phone=2 (المواضع من 1، أو أسماء العناوين).',
    fa: 'میزان نمی‌تواند تشخیص دهد کدام ستون‌ها کد ملی و تلفن را دارند. ستون‌ها این‌هایند: {columns}. آن‌ها را با ‎--map nationalId=1,phone=2 بدهید (جایگاه از ۱، یا نام سرستون).',
  },
  'import-bad-map': {
    en: '--map names "{part}", which is not a field or not a column of this file. Fields: nationalId, phone, name, birthDate, region, householdRef, language; a column by its position (1 is the first) or its header. The columns are: {columns}.',
    ar: 'يذكر ‎--map ‏"{part}"، وهو ليس حقلاً أو ليس عموداً في هذا الملف. الحقول: nationalId وphone وname وbirthDate وregion وhouseholdRef وlanguage؛ والعمود بموضعه (1 هو الأول) أو بعنوانه. الأعمدة هي: {columns}.',
    fa: '‎--map به «{part}» اشاره می‌کند که فیلد یا ستونی از این پرونده نیست. فیلدها: nationalId، phone، name، birthDate، region، householdRef، language؛ ستون با جایگاهش (۱ یعنی نخستین) یا سرستونش. ستون‌ها این‌هایند: {columns}.',
  },
  'import-started': {
    en: 'Import {id} of {file}: the rows are being read and judged. Ctrl-C stops it; running the same command again resumes it.',
    ar: 'الاستيراد {id} للملف {file}: تُقرأ الأسطر وتُقيَّم. يوقفه Ctrl-C، وتشغيل الأمر نفسه من جديد يستأنفه.',
    fa: 'بارگذاری {id} از پروندهٔ {file}: ردیف‌ها خوانده و سنجیده می‌شوند. Ctrl-C آن را متوقف می‌کند و اجرای دوبارهٔ همین فرمان آن را از سر می‌گیرد.',
  },
  'import-again': {
    en: 'This file was imported before, as import {id}: nothing is added a second time.',
    ar: 'استُورد هذا الملف من قبل، في الاستيراد {id}: لا يُضاف شيء مرة ثانية.',
    fa: 'این پرونده پیش‌تر در بارگذاری {id} وارد شده است: چیزی دوباره افزوده نمی‌شود.',
  },
  'import-done': {
    en: 'Import {id} finished: {accepted} accepted, {refused} refused, {waiting} waiting to be fixed by hand. The report: {report} (and on the web: {url}).',
    ar: 'انتهى الاستيراد {id}: {accepted} مقبول، {refused} مرفوض، {waiting} بانتظار التصحيح يدوياً. التقرير: {report} (وعلى الويب: {url}).',
    fa: 'بارگذاری {id} پایان یافت: {accepted} پذیرفته، {refused} ردشده، {waiting} در انتظار اصلاح دستی. گزارش: {report} (و در وب: {url}).',
  },
  'import-failed': {
    en: 'Import {id} stopped with an error. The rows already recorded are kept; run the same command again to resume it.',
    ar: 'توقف الاستيراد {id} بسبب خطأ. الأسطر المسجلة تبقى؛ شغّل الأمر نفسه من جديد لاستئنافه.',
    fa: 'بارگذاری {id} با خطا متوقف شد. ردیف‌های ثبت‌شده می‌مانند؛ برای ازسرگیری همین فرمان را دوباره اجرا کنید.',
  },
} as const satisfies Record<string, Record<CliLocale, string>>;

export type CliMessage = keyof typeof CLI_MESSAGES;

/** The message in the locale, its {placeholders} filled, always one line. */
export function cliMessage(key: CliMessage, params: Record<string, string | number>, locale: CliLocale = cliLocale()): string {
  const text = CLI_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
