/**
 * An import's report as a file the charity downloads: one line per row of its upload with the
 * verdict, the reason and the field in the reader's language, and the national ID, phone and name
 * as uploaded. CSV (UTF-8 with a byte-order mark, so Excel reads Arabic and Persian) or XLSX
 * (right to left for Arabic and Persian, every cell text, never a formula).
 *
 * A report is written row by row as the rows arrive: a report of a million rows is never held in
 * memory (the CSV follows the output's backpressure; the XLSX's rows are committed as they are
 * written). Every cell that a spreadsheet could read as a formula (starting with = + - @, a tab or a
 * carriage return) is prefixed with an apostrophe: an uploaded "=HYPERLINK(…)" comes back as text.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { REPORT_COLUMN_ORDER, REPORT_COLUMNS, REPORT_SHEET } from './report-texts.js';
import { fieldText, likelyText, reasonText, verdictTexts, type Locale, type ReportRow } from './verdicts.js';

export type ReportFormat = 'csv' | 'xlsx';
export type { ReportRow } from './verdicts.js';

/** The report's content type and file name extension, for the route's headers. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text as a spreadsheet will show it, never run it: a leading = + - @ tab or CR gets an apostrophe. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The seven cells of one row, in the report's column order, in the reader's language. */
export function reportCells(row: ReportRow, locale: Locale): string[] {
  return [
    String(row.rowNo),
    row.verdict ? verdictTexts(locale)[row.verdict] : '',
    // A waiting row the registry search found a likely person for says so, by score only.
    [reasonText(row.reason, locale), row.likelyScore != null ? likelyText(row.likelyScore, locale) : ''].filter((t) => t !== '').join('; '),
    fieldText(row.field, locale),
    row.nationalId ?? '',
    row.phone ?? '',
    row.name ?? '',
  ].map(neutralise);
}

export function reportHeader(locale: Locale): string[] {
  return REPORT_COLUMN_ORDER.map((c) => REPORT_COLUMNS[c][locale]);
}

/** Writes the report of `rows` to `out` in the format and language and ends `out`; resolves once `out` has it all. */
export async function writeReport(rows: AsyncIterable<ReportRow>, format: ReportFormat, locale: Locale, out: Writable): Promise<void> {
  if (format === 'csv') await writeCsv(rows, locale, out);
  else await writeXlsx(rows, locale, out);
}

async function writeCsv(rows: AsyncIterable<ReportRow>, locale: Locale, out: Writable): Promise<void> {
  async function* records() {
    yield reportHeader(locale);
    for await (const row of rows) yield reportCells(row, locale);
  }
  // pipeline waits for the output's drain between chunks: the rows are read only as fast as they are written.
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), out);
}

/** Rows written between two turns of the event loop, so the zip stream can pass what it holds to `out`. */
const XLSX_YIELD_EVERY = 1000;

async function writeXlsx(rows: AsyncIterable<ReportRow>, locale: Locale, out: Writable): Promise<void> {
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('close', resolve);
    out.once('error', reject);
  });
  // No shared strings: each cell carries its own text, so the workbook never keeps a table of every text.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const rtl = locale !== 'en';
  const sheet = workbook.addWorksheet(REPORT_SHEET[locale], {
    views: [{ rightToLeft: rtl, state: 'frozen', ySplit: 1 }],
  });
  // '@' is the spreadsheet's text format: a national ID keeps its leading zeros, a phone stays as typed.
  sheet.columns = REPORT_COLUMN_ORDER.map((key, i) => ({ key, width: [8, 40, 30, 16, 16, 18, 28][i], style: { numFmt: '@' } }));
  const header = sheet.addRow(reportHeader(locale));
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const row of rows) {
    // Every value a string: exceljs writes a string as a text cell, never as a formula.
    sheet.addRow(reportCells(row, locale)).commit();
    if (++n % XLSX_YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  await finished;
}
