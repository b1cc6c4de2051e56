/**
 * READING an uploaded file, streamed: never the whole file in memory. A CSV is UTF-8 (with or
 * without BOM), UTF-16 LE/BE (with BOM), or Windows-1256 (what Arabic Excel writes): a BOM says
 * which, else a file that is valid UTF-8 throughout is UTF-8 and any other is Windows-1256 (no
 * guessing beyond that rule: no other encoding is expected from the charities). The delimiter
 * (comma, semicolon or tab) is the one the header line uses most. An XLSX is read with exceljs'
 * streaming WorkbookReader, first sheet only, after the zip bomb guard (zip-guard.ts); a formula
 * cell gives its cached result, never evaluated, or FORMULA_MARK when it has none.
 *
 * inspectFile reads the whole file once at upload: a CSV through the byte scanner (csv-scan.ts:
 * bad quoting anywhere is refused then, and the row count is known) and its first rows through
 * csv-parse for the preview; an XLSX through exceljs. readRows gives the data rows again, in the
 * same order and numbering, to the import job: a CSV without any quotation mark split by lines
 * (csv-scan.ts' UnquotedSplitter, what csv-parse does on such text, five times faster), any other
 * through csv-parse.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Problem } from '../../shared/problem.js';
import { checkZip, ZIP_LIMITS } from './zip-guard.js';
import { cleanCell, FORMULA_MARK } from './judge-row.js';
import { CsvScanner, isBlankRecord, MAX_RECORD_SIZE, UnquotedSplitter, type ScanFailure } from './csv-scan.js';

export interface ImportLimits {
  /** Largest file accepted, bytes (MIZAN_IMPORT_MAX_BYTES, default 20 MB). */
  maxBytes: number;
  /** Most data rows in one file (MIZAN_IMPORT_MAX_ROWS, default 1 000 000). */
  maxRows: number;
}

export const IMPORT_LIMITS_DEFAULTS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 1_000_000 };

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1256';

export interface FileShape {
  format: 'csv' | 'xlsx';
  encoding: Encoding | 'xlsx';
  delimiter: ',' | ';' | '\t' | null;
}

export interface Inspection extends FileShape {
  columns: string[];
  preview: string[][];
  rows: number;
}

/** How many characters the sheet may give in all: a guard for a zip whose directory lies. */
const MAX_SHEET_CHARS = 400 * 1024 * 1024;

export const unreadable = (detail: string) => new Problem('import-unreadable', detail);

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const { bytesRead } = await fh.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Bytes that are not text: C0 controls other than tab, LF, VT, FF and CR. */
const NOT_TEXT = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b < 0x09 || b > 0x0d) NOT_TEXT[b] = 1;

/** The encoding by the rule above; also refuses a binary file (control bytes) as not CSV. */
export async function detectEncoding(path: string): Promise<Encoding> {
  const h = await head(path, 4);
  if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) return 'utf-8';
  if (h[0] === 0xff && h[1] === 0xfe) return 'utf-16le';
  if (h[0] === 0xfe && h[1] === 0xff) return 'utf-16be';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) if (NOT_TEXT[chunk[i]!]) throw unreadable('The file holds binary data: it is neither CSV nor XLSX.');
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return utf8 ? 'utf-8' : 'windows-1256';
}

function textStream(path: string, encoding: Encoding): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (encoding === 'utf-8') return raw;
  const decoded = raw.pipe(iconv.decodeStream(encoding === 'utf-16be' ? 'utf16-be' : encoding) as unknown as NodeJS.WritableStream) as unknown as Readable;
  raw.on('error', (e) => decoded.destroy(e));
  return decoded;
}

/** The delimiter the first line uses most (outside quotes); a comma when it uses none. */
export async function sniffDelimiter(path: string, encoding: Encoding): Promise<',' | ';' | '\t'> {
  let first = '';
  for await (const chunk of textStream(path, encoding)) {
    first += String(chunk);
    const nl = first.search(/[\r\n]/);
    if (nl >= 0) { first = first.slice(0, nl); break; }
    if (first.length > 1 << 20) break;
  }
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

/** The file's text as UTF-8 bytes, what csv-parse itself reads: the file as it is, or decoded. */
function utf8Stream(path: string, encoding: Encoding): AsyncIterable<Buffer> {
  if (encoding === 'utf-8') return createReadStream(path, { highWaterMark: 1 << 20 });
  return (async function* () {
    for await (const text of textStream(path, encoding)) yield Buffer.from(String(text), 'utf8');
  })();
}

const SCAN_REFUSAL: Record<ScanFailure['code'], string> = {
  'quote-not-closed': 'a quotation mark is never closed',
  'bad-quote': 'the quoting is broken',
  'record-too-large': 'a row is longer than 64 KiB',
};

const csvUnreadable = (line: number | string, why: string) => unreadable(`The file is not valid CSV near line ${line}: ${why}.`);

/** How many rows (non-blank records after the header) the CSV has; refuses its quoting as csv-parse would (csv-scan.ts). */
async function countCsvRows(path: string, encoding: Encoding, delimiter: string, maxRows: number): Promise<number> {
  const scan = new CsvScanner(delimiter);
  for await (const chunk of utf8Stream(path, encoding)) {
    scan.push(chunk);
    if (scan.failure) break;
    if (scan.records - 1 > maxRows) return scan.records - 1;
  }
  const { rows, failure } = scan.end();
  if (failure) throw csvUnreadable(failure.line, SCAN_REFUSAL[failure.code]);
  return rows;
}

/** Whether the file holds no quotation mark byte at all (then its records are its lines). */
async function quoteFree(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) if (chunk.indexOf(0x22) >= 0) return false;
  return true;
}

async function* unquotedRecords(path: string, encoding: Encoding, delimiter: string): AsyncGenerator<string[][]> {
  const split = new UnquotedSplitter(delimiter);
  // Text, never raw bytes cut anywhere: a UTF-8 character across two reads is decoded whole.
  const text = encoding === 'utf-8' ? createReadStream(path, { highWaterMark: 1 << 20, encoding: 'utf8' }) : textStream(path, encoding);
  try {
    for await (const piece of text) {
      const recs = split.push(String(piece));
      if (recs.length) yield recs;
    }
    const last = split.end();
    if (last.length) yield last;
  } finally {
    text.destroy();
  }
}

/** Records one by one, gathered into batches: a batch per await instead of a record per await. */
async function* batched(source: AsyncIterable<string[]>, size = 1000): AsyncGenerator<string[][]> {
  let batch: string[][] = [];
  for await (const rec of source) {
    batch.push(rec);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function* csvRecords(path: string, encoding: Encoding, delimiter: string): AsyncGenerator<string[][]> {
  if (await quoteFree(path)) {
    yield* unquotedRecords(path, encoding, delimiter);
    return;
  }
  const parser = textStream(path, encoding).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_SIZE }),
  );
  try {
    yield* batched(parser as AsyncIterable<string[]>);
  } catch (e) {
    const err = e as { code?: string; lines?: number };
    // Every refusal of the CSV parser (CsvError: CSV_… and INVALID_OPENING_QUOTE alike) is an unreadable file.
    if (e instanceof CsvError) throw csvUnreadable(err.lines ?? '?', err.code === 'CSV_QUOTE_NOT_CLOSED' ? SCAN_REFUSAL['quote-not-closed'] : SCAN_REFUSAL['bad-quote']);
    throw e;
  } finally {
    parser.destroy();
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined || o.result === null ? FORMULA_MARK : cellText(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((t: { text?: string }) => t.text ?? '').join('');
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
  }
  return '';
}

async function* xlsxRecords(path: string): AsyncGenerator<string[][]> {
  yield* batched(xlsxRows(path));
}

async function* xlsxRows(path: string): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let chars = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) {
          const t = cellText(values[i]);
          chars += t.length;
          cells.push(t);
        }
        if (chars > MAX_SHEET_CHARS) throw unreadable('The spreadsheet inflates past what an import may hold.');
        yield cells;
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw unreadable('The file is not a spreadsheet that can be read (XLSX).');
  }
}

/** Every record of the file with its blank lines left out, in batches: the header first, then the data rows. */
async function* records(path: string, shape: FileShape): AsyncGenerator<string[][]> {
  const source = shape.format === 'xlsx' ? xlsxRecords(path) : csvRecords(path, shape.encoding as Encoding, shape.delimiter ?? ',');
  for await (const batch of source) {
    const kept = batch.filter((rec) => !isBlankRecord(rec));
    if (kept.length) yield kept;
  }
}

/**
 * Reads the whole file once: its shape, header, the first ten data rows and how many rows there
 * are. Refuses (as Problems) a file over the limits, unreadable, or without data rows.
 */
export async function inspectFile(path: string, limits: ImportLimits): Promise<Inspection> {
  const { size } = await stat(path);
  if (size > limits.maxBytes) throw new Problem('import-too-large', `The file has ${size} bytes; an import takes at most ${limits.maxBytes}.`, { limit: limits.maxBytes });
  if (size === 0) throw new Problem('import-empty', 'The file is empty.');
  const magic = await head(path, 4);
  let shape: FileShape;
  if (magic.readUInt32LE(0) === 0x04034b50) {
    const zip = await checkZip(path, ZIP_LIMITS);
    if (!zip.ok) throw unreadable(zip.why === 'not-a-zip' ? 'The file is not a spreadsheet that can be read (XLSX).' : 'The spreadsheet inflates past what an import may hold (it looks like a zip bomb).');
    shape = { format: 'xlsx', encoding: 'xlsx', delimiter: null };
  } else {
    const encoding = await detectEncoding(path);
    shape = { format: 'csv', encoding, delimiter: await sniffDelimiter(path, encoding) };
  }
  // A CSV's rows are counted (and its quoting checked throughout) by the byte scanner; an XLSX's
  // by reading it through. The header and preview are the first records as the job will read them.
  const counted = shape.format === 'csv' ? await countCsvRows(path, shape.encoding as Encoding, shape.delimiter ?? ',', limits.maxRows) : null;
  let columns: string[] | null = null;
  const preview: string[][] = [];
  let rows = 0;
  reading: for await (const batch of records(path, shape)) {
    for (const rec of batch) {
      if (!columns) {
        columns = rec.map((c) => cleanCell(c === FORMULA_MARK ? '' : c));
        continue;
      }
      rows++;
      if (rows > limits.maxRows) throw new Problem('import-too-large', `The file has more than ${limits.maxRows} rows, the most an import takes.`, { limit: limits.maxRows });
      if (preview.length < 10) preview.push(rec.map((c) => cleanCell(c === FORMULA_MARK ? '' : c)));
      if (counted !== null && preview.length === 10) break reading;
    }
  }
  if (counted !== null) rows = counted;
  if (rows > limits.maxRows) throw new Problem('import-too-large', `The file has more than ${limits.maxRows} rows, the most an import takes.`, { limit: limits.maxRows });
  if (!columns) throw new Problem('import-empty', 'The file has no rows.');
  if (rows === 0) throw new Problem('import-empty', 'The file has only a header, no rows under it.');
  return { ...shape, columns, preview, rows };
}

/** The data rows from `skip` on (row numbers skip + 1, skip + 2, …) in batches, in the order inspectFile counted them. */
export async function* readRowBatches(path: string, shape: FileShape, skip = 0): AsyncGenerator<string[][]> {
  let n = -1; // the header is record 0
  for await (const batch of records(path, shape)) {
    const from = n + 1;
    n += batch.length;
    // Record `from + i` is data row `from + i`: keep those after the header and after `skip`.
    const first = Math.max(1, skip + 1) - from;
    if (first >= batch.length) continue;
    yield first > 0 ? batch.slice(first) : batch;
  }
}

/** The data rows from `skip` on, one by one. */
export async function* readRows(path: string, shape: FileShape, skip = 0): AsyncGenerator<string[]> {
  for await (const batch of readRowBatches(path, shape, skip)) yield* batch;
}
