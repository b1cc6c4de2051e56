import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { neutralise, writeReport, type ReportFormat, type ReportRow } from '../../src/modules/intake/report.js';
import { fieldText, reasonText, verdictTexts, type Locale as ReportLocale } from '../../src/modules/intake/verdicts.js';

const ROWS: ReportRow[] = [
  { rowNo: 1, verdict: 'accepted', reason: null, field: null, nationalId: '0012345679', phone: '+989121234567', name: 'زهرا احمدی' },
  { rowNo: 2, verdict: 'invalid-national-id', reason: 'check-digit', field: 'nationalId', nationalId: '0012345670', phone: '+989121234568', name: 'علی رضایی' },
  { rowNo: 3, verdict: 'missing-field', reason: null, field: 'phone', nationalId: '1234567891', phone: null, name: '=HYPERLINK("http://evil.example","click")' },
  { rowNo: 4, verdict: 'duplicate-in-file', reason: null, field: null, nationalId: '@SUM(A1:A9)', phone: '-2+3', name: '\tcmd|calc' },
  { rowNo: 5, verdict: 'foreign-phone', reason: null, field: 'phone', nationalId: '1234567891', phone: '+14155550100', name: '\rline' },
];

async function* from<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

async function written(rows: AsyncIterable<ReportRow>, format: ReportFormat, locale: ReportLocale): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeReport(rows, format, locale, out);
  return Buffer.concat(chunks);
}

async function xlsxRows(file: Buffer): Promise<{ rtl: boolean | undefined; rows: { values: string[]; types: number[] }[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  const sheet = wb.worksheets[0]!;
  const rows: { values: string[]; types: number[] }[] = [];
  sheet.eachRow((row) => {
    const values: string[] = [];
    const types: number[] = [];
    for (let c = 1; c <= 7; c++) {
      const cell = row.getCell(c);
      values.push(cell.value === null ? '' : String(cell.value));
      types.push(cell.type);
    }
    rows.push({ values, types });
  });
  return { rtl: sheet.views[0]?.rightToLeft, rows };
}

describe('the import report as a file: CSV and XLSX, in the reader’s language, formulas neutralised', () => {
  it('a cell that starts with = + - @, a tab or a carriage return gets an apostrophe; others are left as they are', () => {
    for (const s of ['=1+1', '+98912', '-2', '@A1', '\tx', '\rx']) assert.equal(neutralise(s), `'${s}`);
    for (const s of ['0012', 'زهرا', "'already", 'a=b', '']) assert.equal(neutralise(s), s);
  });

  it('the CSV starts with a byte-order mark, reads back in Persian, and no cell starts a formula', async () => {
    const file = await written(from(ROWS), 'csv', 'fa');
    assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM, so Excel reads the Persian');
    const records = parse(file, { bom: true, relax_column_count: false }) as string[][];
    assert.equal(records.length, ROWS.length + 1);
    assert.deepEqual(records[0], ['ردیف', 'نتیجه', 'علت', 'فیلد', 'کد ملی', 'تلفن', 'نام']);
    const fa = verdictTexts('fa');
    assert.deepEqual(records[1], ['1', fa.accepted, '', '', '0012345679', "'+989121234567", 'زهرا احمدی']);
    assert.deepEqual(records[2]!.slice(1, 5), [fa['invalid-national-id'], reasonText('check-digit', 'fa'), fieldText('nationalId', 'fa'), '0012345670']);
    assert.match(records[2]![1]!, /کد ملی/, 'the verdict in Persian words');
    assert.equal(records[3]![6], `'=HYPERLINK("http://evil.example","click")`);
    assert.deepEqual(records[4]!.slice(4), ["'@SUM(A1:A9)", "'-2+3", "'\tcmd|calc"]);
    assert.equal(records[5]![6], "'\rline");
    for (const record of records) for (const cell of record) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  });

  it('the CSV speaks the reader’s language: English and Arabic headings and verdicts', async () => {
    const en = parse(await written(from(ROWS.slice(0, 2)), 'csv', 'en'), { bom: true }) as string[][];
    assert.deepEqual(en[0], ['Row', 'Verdict', 'Reason', 'Field', 'National ID', 'Phone', 'Name']);
    assert.equal(en[2]![1], 'Invalid national ID');
    assert.equal(en[2]![2], 'the check digit does not match');
    const ar = parse(await written(from(ROWS.slice(0, 2)), 'csv', 'ar'), { bom: true }) as string[][];
    assert.equal(ar[0]![1], 'النتيجة');
    assert.equal(ar[1]![1], verdictTexts('ar').accepted);
    assert.match(ar[1]![1]!, /^مقبول/);
  });

  it('the XLSX reads back with text cells only, right to left in Persian, left to right in English, formulas neutralised', async () => {
    const fa = await xlsxRows(await written(from(ROWS), 'xlsx', 'fa'));
    assert.equal(fa.rtl, true);
    assert.equal(fa.rows.length, ROWS.length + 1);
    assert.deepEqual(fa.rows[0]!.values, ['ردیف', 'نتیجه', 'علت', 'فیلد', 'کد ملی', 'تلفن', 'نام']);
    assert.deepEqual(fa.rows[1]!.values, ['1', verdictTexts('fa').accepted, '', '', '0012345679', "'+989121234567", 'زهرا احمدی']);
    assert.equal(fa.rows[3]!.values[6], `'=HYPERLINK("http://evil.example","click")`);
    assert.deepEqual(fa.rows[4]!.values.slice(4), ["'@SUM(A1:A9)", "'-2+3", "'\tcmd|calc"]);
    for (const row of fa.rows) {
      for (const [i, type] of row.types.entries()) {
        if (row.values[i] === '') continue;
        assert.equal(type, ExcelJS.ValueType.String, `cell ${i + 1} of "${row.values[0]}" is text, not a ${type}`);
      }
    }
    const en = await xlsxRows(await written(from(ROWS.slice(0, 1)), 'xlsx', 'en'));
    assert.equal(en.rtl, false);
    assert.equal(en.rows[0]!.values[1], 'Verdict');
  });

  it('a report of 60 000 rows is written as they come: the rows are pulled while the output is being written', async () => {
    // The source counts how far it has been read each time the output receives bytes: a writer that
    // gathered every row first would show all 60 000 read before the first byte came out.
    const total = 60_000;
    let pulled = 0;
    async function* many(): AsyncIterable<ReportRow> {
      for (let i = 1; i <= total; i++) {
        pulled = i;
        yield { rowNo: i, verdict: 'accepted', reason: null, field: null, nationalId: String(1_000_000_000 + i), phone: `+98912${String(i).padStart(7, '0')}`, name: 'نام' };
      }
    }
    for (const format of ['csv', 'xlsx'] as const) {
      pulled = 0;
      let firstBytesAt: number | null = null;
      let bytes = 0;
      const out = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _enc, done) {
          if (firstBytesAt === null) firstBytesAt = pulled;
          bytes += chunk.length;
          setImmediate(done);
        },
      });
      await writeReport(many(), format, 'en', out);
      assert.equal(pulled, total);
      assert.ok(bytes > 300_000, `${format}: the whole report was written (${bytes} bytes)`);
      assert.ok(firstBytesAt !== null && firstBytesAt < total / 2, `${format}: output began after ${firstBytesAt} of ${total} rows were read`);
    }
  });
});
