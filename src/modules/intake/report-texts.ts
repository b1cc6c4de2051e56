/**
 * The words of an import's report in the reader's language: the column headings, each verdict,
 * the reason a national ID was refused and the field that was missing. The report writer
 * (report.ts) reads them; the web app has the same words in its catalogues (`imports.*`).
 */
export type ReportLocale = 'ar' | 'fa' | 'en';

export const REPORT_COLUMNS = {
  rowNo: { en: 'Row', ar: 'السطر', fa: 'ردیف' },
  verdict: { en: 'Verdict', ar: 'النتيجة', fa: 'نتیجه' },
  reason: { en: 'Reason', ar: 'السبب', fa: 'علت' },
  field: { en: 'Field', ar: 'الحقل', fa: 'فیلد' },
  nationalId: { en: 'National ID', ar: 'رقم الهوية', fa: 'کد ملی' },
  phone: { en: 'Phone', ar: 'الهاتف', fa: 'تلفن' },
  name: { en: 'Name', ar: 'الاسم', fa: 'نام' },
} as const satisfies Record<string, Record<ReportLocale, string>>;

/** The worksheet's name (at most 31 characters). */
export const REPORT_SHEET = { en: 'Import report', ar: 'تقرير الاستيراد', fa: 'گزارش بارگذاری' } as const satisfies Record<ReportLocale, string>;

export type ReportColumn = keyof typeof REPORT_COLUMNS;
export const REPORT_COLUMN_ORDER: readonly ReportColumn[] = ['rowNo', 'verdict', 'reason', 'field', 'nationalId', 'phone', 'name'];

/** Every verdict a row of an import can get (contracts: A's verdicts.ts holds the same list). */
export const REPORT_VERDICTS = {
  'accepted': { en: 'Accepted: a new person, invited', ar: 'مقبول: شخص جديد، أُرسلت إليه دعوة', fa: 'پذیرفته: فردی تازه، دعوت شد' },
  'already-registered': { en: 'Already registered: linked to the existing person', ar: 'مسجّل من قبل: رُبط بالشخص الموجود', fa: 'از پیش ثبت شده: به فرد موجود پیوند خورد' },
  'already-invited': { en: 'Already invited by another charity: your charity is added as a referrer', ar: 'دعته جمعية أخرى من قبل: أُضيفت جمعيتكم جهةً محيلة', fa: 'خیریهٔ دیگری پیش‌تر دعوت کرده است: خیریهٔ شما به‌عنوان معرف افزوده شد' },
  'already-referred': { en: 'Already referred by your charity in an earlier import', ar: 'أحالته جمعيتكم في استيراد سابق', fa: 'خیریهٔ شما در بارگذاری پیشین معرفی کرده است' },
  'duplicate-in-file': { en: 'Duplicate of an earlier row in this file', ar: 'مكرّر لسطر سابق في هذا الملف', fa: 'تکرار ردیفی پیشین در همین پرونده' },
  'invalid-national-id': { en: 'Invalid national ID: waiting to be fixed', ar: 'رقم مدني غير صحيح: بانتظار التصحيح', fa: 'کد ملی نادرست: در انتظار اصلاح' },
  'invalid-phone': { en: 'Invalid phone number', ar: 'رقم هاتف غير صحيح', fa: 'شمارهٔ تلفن نادرست' },
  'foreign-phone': { en: 'Phone number of another country', ar: 'رقم هاتف من بلد آخر', fa: 'شمارهٔ تلفن کشوری دیگر' },
  'missing-field': { en: 'A required field is empty', ar: 'حقل مطلوب فارغ', fa: 'فیلدی لازم خالی است' },
} as const satisfies Record<string, Record<ReportLocale, string>>;

export type ReportVerdict = keyof typeof REPORT_VERDICTS;

export const REPORT_REASONS = {
  'length': { en: 'wrong number of digits', ar: 'عدد الأرقام غير صحيح', fa: 'تعداد رقم‌ها نادرست است' },
  'check-digit': { en: 'the check digit does not match', ar: 'رقم التحقق لا يطابق', fa: 'رقم کنترل نمی‌خواند' },
  'script': { en: 'contains characters that are not digits', ar: 'يحوي محارف ليست أرقاماً', fa: 'نویسه‌هایی جز رقم دارد' },
} as const satisfies Record<string, Record<ReportLocale, string>>;

export const REPORT_FIELDS = {
  nationalId: REPORT_COLUMNS.nationalId,
  phone: REPORT_COLUMNS.phone,
  name: REPORT_COLUMNS.name,
  birthDate: { en: 'Birth date', ar: 'تاريخ الميلاد', fa: 'تاریخ تولد' },
  region: { en: 'Region', ar: 'المنطقة', fa: 'منطقه' },
  householdRef: { en: 'Household reference', ar: 'مرجع الأسرة', fa: 'شناسهٔ خانوار' },
  language: { en: 'Language', ar: 'اللغة', fa: 'زبان' },
} as const satisfies Record<string, Record<ReportLocale, string>>;

/** A text of one of the lists above, or the code itself when the list does not know it (a newer code). */
export function reportText(list: Record<string, Record<ReportLocale, string>>, code: string | null, locale: ReportLocale): string {
  if (code === null) return '';
  return Object.hasOwn(list, code) ? list[code]![locale] : code;
}
