/**
 * Reading an upload: every encoding a charity's spreadsheet program writes, the delimiter sniffed,
 * XLSX with formulas (cached results, never evaluated), and the refusals: a zip bomb, broken
 * quoting, an empty file, a header alone, a binary file. Judging a row by itself: national IDs
 * and phones in every digit script, with spaces, dashes and lost leading zeros.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { inspectFile, readRows } from '../../src/modules/intake/read-file.js';
import { checkZip } from '../../src/modules/intake/zip-guard.js';
import { FORMULA_MARK, judgeRow } from '../../src/modules/intake/judge-row.js';
import { Problem } from '../../src/shared/problem.js';
import { verdictText } from '../../src/modules/intake/verdicts.js';

const dir = mkdtempSync(join(tmpdir(), 'mizan-intake-unit-'));
const limits = { maxBytes: 10 * 1024 * 1024, maxRows: 1000 };
let n = 0;
const file = (content: Buffer | string) => {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, content);
  return p;
};
async function all(p: string) {
  const i = await inspectFile(p, limits);
  const rows: string[][] = [];
  for await (const r of readRows(p, i)) rows.push(r);
  return { ...i, all: rows };
}
async function refusedWith(p: Promise<unknown>, slug: string) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Problem, String(e));
    assert.equal(e.slug, slug, e.message);
    return e;
  }
  assert.fail(`expected ${slug}`);
}

const ARABIC = 'الاسم';
const csvText = `رقم الهوية,الهاتف,${ARABIC}\r\n285041210102,99001234,محمد\r\n\r\n"2850 4121-0103","9900 1235","علي, الكندري"\r\n`;

describe('reading a CSV in every encoding', () => {
  const expected = [['285041210102', '99001234', 'محمد'], ['2850 4121-0103', '9900 1235', 'علي, الكندري']];
  for (const [name, bytes, encoding] of [
    ['UTF-8 without BOM', Buffer.from(csvText, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText, 'utf8')]), 'utf-8'],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csvText, 'utf16-le')]), 'utf-16le'],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csvText, 'utf16-be')]), 'utf-16be'],
    ['Windows-1256 (Arabic Excel)', iconv.encode(csvText, 'windows-1256'), 'windows-1256'],
  ] as const) {
    test(`${name}: header, rows and encoding read right, blank lines left out`, async () => {
      const r = await all(file(bytes));
      assert.equal(r.encoding, encoding);
      assert.deepEqual(r.columns, ['رقم الهوية', 'الهاتف', ARABIC]);
      assert.deepEqual(r.all, expected);
      assert.equal(r.rows, 2);
    });
  }

  test('the delimiter is the one the header uses: comma, semicolon or tab', async () => {
    for (const d of [',', ';', '\t']) {
      const r = await all(file(`id${d}phone${d}name\n1${d}2${d}"a${d} b"\n`));
      assert.equal(r.delimiter, d);
      assert.deepEqual(r.all, [['1', '2', `a${d} b`]]);
    }
  });

  test('a file of several reads, quoted or not, gives every Arabic name whole (no character cut between two reads)', async () => {
    // Rows of an odd number of bytes, so that a two-byte letter falls across the 1 MiB reads.
    const rows = Array.from({ length: 40_000 }, (_, i) => [String(100_000 + i), '99001234', `محمد علي ${i % 7 ? 'الكندري' : 'كريمي'}`]);
    for (const quoted of [false, true]) {
      const body = rows.map((r) => (quoted ? `${r[0]},${r[1]},"${r[2]}"` : r.join(','))).join('\n') + '\n';
      // The header padded until the first read ends inside a letter (its second byte starts the next read).
      let text = '';
      for (let pad = 0; pad < 4; pad++) {
        text = `id,phone,name${' '.repeat(pad)}\n` + body;
        if ((Buffer.from(text)[1 << 20]! & 0xc0) === 0x80) break;
      }
      assert.equal(Buffer.from(text)[1 << 20]! & 0xc0, 0x80, 'a letter lies across the first two reads');
      const p = file(text);
      const i = await inspectFile(p, { maxBytes: 10 * 1024 * 1024, maxRows: rows.length });
      assert.equal(i.rows, rows.length);
      const got: string[][] = [];
      for await (const r of readRows(p, i)) got.push(r);
      assert.deepEqual(got, rows, quoted ? 'quoted' : 'unquoted');
    }
  });

  test('readRows resumes after the rows already taken, in the same numbering', async () => {
    const p = file('id,phone\n1,a\n2,b\n\n3,c\n4,d\n');
    const i = await inspectFile(p, limits);
    const rest: string[] = [];
    for await (const r of readRows(p, i, 2)) rest.push(r[0]!);
    assert.deepEqual(rest, ['3', '4']);
  });
});

describe('refusing what cannot be imported', () => {
  test('an empty file and a header alone are import-empty', async () => {
    await refusedWith(inspectFile(file(''), limits), 'import-empty');
    await refusedWith(inspectFile(file('id,phone\r\n\r\n'), limits), 'import-empty');
  });
  test('a quotation mark never closed is import-unreadable, wherever it is', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},99001234`).join('\n');
    const p = await refusedWith(inspectFile(file(`id,phone\n${rows}\n"501,99001234\n502,1\n`), limits), 'import-unreadable');
    assert.match(p.message, /quotation mark/);
  });
  test('a quotation mark opening inside an unquoted field is import-unreadable, not a failure', async () => {
    const p = await refusedWith(inspectFile(file('id,phone\n1, "x" y\n2,=HYPERLINK("a")\n'), limits), 'import-unreadable');
    assert.match(p.message, /quoting is broken/);
    assert.doesNotMatch(p.message, /HYPERLINK|"x"/);
  });
  test('a binary file is import-unreadable', async () => {
    await refusedWith(inspectFile(file(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x03])), limits), 'import-unreadable');
  });
  test('more rows than the limit, or more bytes, is import-too-large', async () => {
    await refusedWith(inspectFile(file('id\n' + '1\n'.repeat(1001)), limits), 'import-too-large');
    await refusedWith(inspectFile(file('id\n' + '1\n'.repeat(100)), { ...limits, maxBytes: 50 }), 'import-too-large');
  });
});

/** A zip of one entry of `size` zero bytes, deflated: a few kilobytes that inflate to `size`. */
function zipBomb(size: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
  const cen = Buffer.alloc(46);
  cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(8, 10);
  cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(size, 24); cen.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const cd = Buffer.concat([cen, name]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, cd, eocd]);
}

describe('XLSX', () => {
  let xlsx: string;
  before(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['Civil ID', 'Mobile', 'Name']);
    ws.addRow([285041210102, '99001234', 'محمد']);
    ws.addRow([{ formula: 'TEXT(285041210102,"0")', result: '285041210102' }, { formula: 'B2+1' }, { richText: [{ text: 'عل' }, { text: 'ي' }] }]);
    ws.addRow([]);
    ws.addRow(['=HYPERLINK("http://x")', '99001236', 'x']);
    wb.addWorksheet('Other').addRow(['not read']);
    xlsx = join(dir, 'people.xlsx');
    await wb.xlsx.writeFile(xlsx);
  });

  test('the first sheet is read streamed: numbers as digits, a formula as its cached result or marked, rich text joined', async () => {
    const r = await all(xlsx);
    assert.equal(r.format, 'xlsx');
    assert.deepEqual(r.columns, ['Civil ID', 'Mobile', 'Name']);
    assert.deepEqual(r.all, [['285041210102', '99001234', 'محمد'], ['285041210102', FORMULA_MARK, 'علي'], ['=HYPERLINK("http://x")', '99001236', 'x']]);
    const judged = judgeRow({ idScheme: 'KW_CIVIL_ID', country: 'KW' }, r.all[1]!, { nationalId: 0, phone: 1, name: 2 });
    assert.deepEqual([judged.ownVerdict, judged.field, judged.reason], ['missing-field', 'phone', 'formula']);
    assert.match(verdictText({ verdict: judged.ownVerdict, reason: judged.reason, field: judged.field }, 'en'), /phone \(the cell is a formula/);
  });

  test('a zip bomb renamed .xlsx is refused from its central directory, before anything is inflated', async () => {
    const p = file(zipBomb(50 * 1024 * 1024));
    const z = await checkZip(p);
    assert.equal(z.ok, false);
    await refusedWith(inspectFile(p, limits), 'import-unreadable');
  });

  test('a zip that is not a spreadsheet is import-unreadable', async () => {
    const p = file(zipBomb(1000));
    assert.equal((await checkZip(p)).ok, true);
    await refusedWith(inspectFile(p, limits), 'import-unreadable');
  });
});

describe('a row judged by itself', () => {
  const IR = { idScheme: 'IR_NATIONAL_CODE' as const, country: 'IR' };
  const KW = { idScheme: 'KW_CIVIL_ID' as const, country: 'KW' };
  const m = { nationalId: 0, phone: 1 };
  const persian = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
  const arabic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  // 0013542419 is a valid Iranian code (check digit 9); a spreadsheet shows it as 13542419.
  test('an Iranian code in ASCII, Persian and Arabic-Indic digits, with spaces, dashes or its leading zeros lost, is one code', () => {
    for (const id of ['0013542419', persian('0013542419'), arabic('001-354241-9'), '13542419', persian('13 54 24 19'), ' 001 354 2419 ']) {
      const r = judgeRow(IR, [id, '09121234567'], m);
      assert.equal(r.ownVerdict, null, id);
      assert.equal(r.nationalId, '0013542419');
    }
  });
  test('an invalid ID says why: length, check digit, script', () => {
    assert.deepEqual([judgeRow(IR, ['12345', '09121234567'], m).reason, judgeRow(IR, ['0013542418', '09121234567'], m).reason, judgeRow(IR, ['00135A2419', '09121234567'], m).reason], ['length', 'check-digit', 'script']);
    assert.ok([judgeRow(IR, ['12345', '09121234567'], m)].every((r) => r.ownVerdict === 'invalid-national-id' && r.field === 'nationalId'));
  });
  test('phones in any digit script, with the leading zero lost or the country code, become E.164 of the deployment', () => {
    for (const p of ['09121234567', persian('0912 123 4567'), arabic('0912-123-4567'), '9121234567', '+98 912 123 4567', '00989121234567']) {
      const r = judgeRow(IR, ['0013542419', p], m);
      assert.equal(r.ownVerdict, null, p);
      assert.equal(r.phone, '+989121234567');
    }
  });
  test('a valid number of another country is foreign-phone; nonsense is invalid-phone; nothing is missing-field', () => {
    assert.equal(judgeRow(KW, ['285041210102', '+989121234567'], m).ownVerdict, 'foreign-phone');
    assert.equal(judgeRow(KW, ['285041210102', '12'], m).ownVerdict, 'invalid-phone');
    assert.deepEqual([judgeRow(KW, ['', '99001234'], m).ownVerdict, judgeRow(KW, ['', '99001234'], m).field], ['missing-field', 'nationalId']);
  });
  test('reasons are given in Arabic, Persian and English', () => {
    const row = { verdict: 'invalid-national-id' as const, reason: 'check-digit', field: 'nationalId' };
    assert.deepEqual([verdictText(row, 'en'), verdictText(row, 'ar'), verdictText(row, 'fa')], ['Invalid national ID: the check digit does not match', 'رقم الهوية غير صحيح: رقم التحقق لا يطابق', 'کد ملی نامعتبر: رقم کنترل مطابقت ندارد']);
  });
});

describe('the report', () => {
  test('a cell that a spreadsheet would run as a formula is neutralised', async () => {
    const { neutralise } = await import('../../src/modules/intake/report.js');
    assert.deepEqual(['=HYPERLINK("x")', '+96599001234', '-1', '@SUM(A1)', '\t=1', 'Ali'].map((v) => neutralise(v)), ["'=HYPERLINK(\"x\")", "'+96599001234", "'-1", "'@SUM(A1)", "'\t=1", 'Ali']);
  });
});
