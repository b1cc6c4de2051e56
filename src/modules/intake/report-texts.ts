/**
 * The headings of an import's report in the reader's language (report.ts); the verdicts, reasons
 * and fields are worded once, in verdicts.ts.
 */
import type { Locale as ReportLocale } from './verdicts.js';

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
