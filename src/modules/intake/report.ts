/**
 * The import's report, written as rows arrive (never the whole report in memory): each row with
 * its verdict in the reader's language. A cell that starts with = + - @ (or a tab or carriage
 * return) is neutralised with a leading apostrophe, so a spreadsheet never runs it as a formula.
 * CSV through csv-stringify (with a BOM, so Excel reads Arabic and Persian), XLSX through exceljs'
 * streaming writer (right-to-left sheet for ar and fa).
 */
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { verdictText, type Locale, type ReportRow } from './verdicts.js';

const HEADERS: Record<Locale, string[]> = {
  en: ['Row', 'National ID', 'Phone', 'Name', 'Verdict'],
  ar: ['الصف', 'رقم الهوية', 'الهاتف', 'الاسم', 'النتيجة'],
  fa: ['ردیف', 'کد ملی', 'تلفن', 'نام', 'نتیجه'],
};

export const neutralise = (v: string | null): string => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v ?? '');

export async function writeReport(rows: AsyncIterable<ReportRow>, format: 'csv' | 'xlsx', locale: Locale, out: NodeJS.WritableStream): Promise<void> {
  if (format === 'xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('report', { views: [{ rightToLeft: locale !== 'en' }] });
    ws.addRow(HEADERS[locale]).commit();
    for await (const r of rows) ws.addRow([r.rowNo, neutralise(r.nationalId), neutralise(r.phone), neutralise(r.name), verdictText(r, locale)]).commit();
    ws.commit();
    await wb.commit();
    return;
  }
  const csv = stringify({ bom: true });
  csv.pipe(out, { end: false });
  const write = async (rec: string[]) => {
    if (!csv.write(rec)) await once(csv, 'drain');
  };
  await write(HEADERS[locale]);
  for await (const r of rows) await write([String(r.rowNo), neutralise(r.nationalId), neutralise(r.phone), neutralise(r.name), verdictText(r, locale)]);
  csv.end();
  await once(csv, 'end');
}
