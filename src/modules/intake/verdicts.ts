/**
 * VERDICTS of an import's rows: the one list of codes, what each counts as, and what it says to the
 * charity in Arabic, Persian and English (the report's reasons: src/modules/intake/report.ts).
 * Which verdict a row gets is decided once: its own (the national ID's check digit, the phone) in
 * TypeScript (judge-row.ts), the rest set-based in SQL (intake_apply_rows()).
 */
export const VERDICTS = [
  'accepted',
  'already-registered',
  'already-invited',
  'already-referred',
  'duplicate-in-file',
  'invalid-national-id',
  'invalid-phone',
  'foreign-phone',
  'missing-field',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Why a national ID is invalid. */
export const ID_REASONS = ['length', 'check-digit', 'script'] as const;
export type IdReason = (typeof ID_REASONS)[number];

/** The fields of a row a charity maps to columns. */
export const ROW_FIELDS = ['nationalId', 'phone', 'name', 'birthDate', 'region', 'householdRef', 'language'] as const;
export type RowField = (typeof ROW_FIELDS)[number];

export type Locale = 'ar' | 'fa' | 'en';

/** One row of the report: what the charity uploaded (normalised) and its verdict. */
export interface ReportRow {
  rowNo: number;
  verdict: Verdict | null;
  reason: string | null;
  field: string | null;
  nationalId: string | null;
  phone: string | null;
  name: string | null;
  /** A waiting row's likely registry person, by score only (never who they are); null: none proposed. */
  likelyScore?: number | null;
}

const TEXTS: Record<Verdict, Record<Locale, string>> = {
  'accepted': { en: 'Accepted: a new person, invited', ar: 'مقبول: شخص جديد تمت دعوته', fa: 'پذیرفته: فرد تازه، دعوت شد' },
  'already-registered': { en: 'Already registered: linked to the existing person', ar: 'مسجل من قبل: رُبط بالشخص الموجود', fa: 'از قبل ثبت شده: به فرد موجود پیوند داده شد' },
  'already-invited': { en: 'Already invited by another charity: your charity is added as a referrer', ar: 'دعته جمعية أخرى من قبل: أضيفت جمعيتكم جهةً محيلة', fa: 'خیریه دیگری قبلاً دعوت کرده است: خیریه شما به‌عنوان معرف افزوده شد' },
  'already-referred': { en: 'Already referred by your charity in an earlier upload', ar: 'أحالته جمعيتكم في رفع سابق', fa: 'خیریه شما در بارگذاری پیشین معرفی کرده است' },
  'duplicate-in-file': { en: 'Duplicate of an earlier row in this file', ar: 'مكرر لصف سابق في هذا الملف', fa: 'تکرار یک ردیف پیشین در همین پرونده' },
  'invalid-national-id': { en: 'Invalid national ID', ar: 'رقم الهوية غير صحيح', fa: 'کد ملی نامعتبر' },
  'invalid-phone': { en: 'Invalid phone number', ar: 'رقم الهاتف غير صحيح', fa: 'شماره تلفن نامعتبر' },
  'foreign-phone': { en: 'Phone number of another country', ar: 'رقم هاتف من بلد آخر', fa: 'شماره تلفن کشور دیگر' },
  'missing-field': { en: 'Missing field', ar: 'حقل ناقص', fa: 'فیلد خالی' },
};

const ID_REASON_TEXTS: Record<IdReason, Record<Locale, string>> = {
  'length': { en: 'wrong number of digits', ar: 'عدد الأرقام غير صحيح', fa: 'تعداد رقم‌ها نادرست است' },
  'check-digit': { en: 'the check digit does not match', ar: 'رقم التحقق لا يطابق', fa: 'رقم کنترل مطابقت ندارد' },
  'script': { en: 'contains characters that are not digits', ar: 'يحتوي على رموز ليست أرقامًا', fa: 'نویسه‌هایی جز رقم دارد' },
};

const FIELD_TEXTS: Record<RowField, Record<Locale, string>> = {
  nationalId: { en: 'national ID', ar: 'رقم الهوية', fa: 'کد ملی' },
  phone: { en: 'phone', ar: 'الهاتف', fa: 'تلفن' },
  name: { en: 'name', ar: 'الاسم', fa: 'نام' },
  birthDate: { en: 'birth date', ar: 'تاريخ الميلاد', fa: 'تاریخ تولد' },
  region: { en: 'region', ar: 'المنطقة', fa: 'منطقه' },
  householdRef: { en: 'household reference', ar: 'مرجع الأسرة', fa: 'شناسه خانوار' },
  language: { en: 'language', ar: 'اللغة', fa: 'زبان' },
};

const FORMULA_TEXT: Record<Locale, string> = { en: 'the cell is a formula without a value', ar: 'الخلية صيغة بلا قيمة', fa: 'خانه فرمولی بی‌مقدار است' };

/** The reason of a row the charity linked to the registry person the search proposed (intake_link_likely_person()). */
const LINKED_TEXT: Record<Locale, string> = {
  en: 'linked by your charity to the registered person the registry search proposed',
  ar: 'ربطته جمعيتكم بالشخص المسجل الذي اقترحه البحث في السجل',
  fa: 'خیریه شما آن را به فرد ثبت‌شده‌ای که جست‌وجو در ثبت پیشنهاد داد پیوند داد',
};

/** A waiting row's likely person as the charity reads it: the score only, nothing of the person. */
export function likelyText(score: number, locale: Locale): string {
  const s = (Math.round(score * 10) / 10).toFixed(1);
  return { en: `may be a person already registered (score ${s})`, ar: `قد يكون شخصًا مسجلًا من قبل (الدرجة ${s})`, fa: `ممکن است فردی باشد که از قبل ثبت شده است (امتیاز ${s})` }[locale];
}

const isIdReason = (r: string): r is IdReason => (ID_REASONS as readonly string[]).includes(r);
const isField = (f: string): f is RowField => (ROW_FIELDS as readonly string[]).includes(f);

/** The verdict in the reader's language, with its reason or field ("Invalid national ID: the check digit does not match"). */
export function verdictText(row: Pick<ReportRow, 'verdict' | 'reason' | 'field'>, locale: Locale): string {
  if (!row.verdict) return '';
  const base = TEXTS[row.verdict][locale];
  const sep = locale === 'en' ? ': ' : ': ';
  if (row.verdict === 'invalid-national-id' && row.reason && isIdReason(row.reason)) return base + sep + ID_REASON_TEXTS[row.reason][locale];
  if (row.verdict === 'missing-field' && row.field && isField(row.field)) {
    return base + sep + FIELD_TEXTS[row.field][locale] + (row.reason === 'formula' ? ` (${FORMULA_TEXT[locale]})` : '');
  }
  return base;
}

/** Every verdict's text in one language (the web page and the report's legend). */
export function verdictTexts(locale: Locale): Record<Verdict, string> {
  return Object.fromEntries(VERDICTS.map((v) => [v, TEXTS[v][locale]])) as Record<Verdict, string>;
}

export const isVerdict = (v: unknown): v is Verdict => typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);

/** A reason's words alone (the report's Reason column): why a national ID is invalid, or that a cell was a formula. */
export function reasonText(reason: string | null, locale: Locale): string {
  if (!reason) return '';
  if (isIdReason(reason)) return ID_REASON_TEXTS[reason][locale];
  if (reason === 'likely-person') return LINKED_TEXT[locale];
  return reason === 'formula' ? FORMULA_TEXT[locale] : reason;
}

/** A field's name alone (the report's Field column). */
export function fieldText(field: string | null, locale: Locale): string {
  if (!field) return '';
  return isField(field) ? FIELD_TEXTS[field][locale] : field;
}
