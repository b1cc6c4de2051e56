import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvScanner, UnquotedSplitter, isBlankRecord } from '../../src/modules/intake/csv-scan.js';

// csv-parse with the intake's options is the reference: the scanner must refuse exactly what it
// refuses and count the same rows, and the splitter must give its records, however the text is cut.
const options = (delimiter: string, max: number) => ({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: max });

function reference(text: Buffer, delimiter: string, max: number): { rows: number } | 'refused' {
  try {
    const recs = parse(text, options(delimiter, max)) as string[][];
    return { rows: Math.max(0, recs.filter((r) => !isBlankRecord(r)).length - 1) };
  } catch {
    return 'refused';
  }
}

function pieces(b: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) { out.push(b.subarray(from, c)); from = c; }
  out.push(b.subarray(from));
  return out;
}

const text = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }).map((cs) => cs.join(''));
const cuts = fc.array(fc.nat(200), { maxLength: 6 });
const delimiter = fc.constantFrom(',', ';', '\t');

describe('intake CSV scanner', () => {
  it('refuses what csv-parse refuses and counts the rows it reads, however the bytes arrive', () => {
    fc.assert(fc.property(text(['a', 'ب', ' ', ',', ';', '\t', '"', '"', '\r', '\n', '\r\n', '\uFEFF', 'x y']), delimiter, fc.constantFrom(6, 12, 65536), cuts, (t, d, max, cs) => {
      const bytes = Buffer.from(t, 'utf8');
      const scan = new CsvScanner(d, max);
      for (const p of pieces(bytes, cs)) scan.push(p);
      const got = scan.end();
      const want = reference(bytes, d, max);
      assert.deepEqual(got.failure ? 'refused' : { rows: got.rows }, want, JSON.stringify(t));
    }), { numRuns: 30_000 });
  });

  it('names the fault: a quote never closed, a quote inside a field, an oversized record', () => {
    const scan = (s: string, max?: number) => { const x = new CsvScanner(',', max); x.push(Buffer.from(s)); return x.end(); };
    assert.equal(scan('id,phone\n"123,456\n').failure?.code, 'quote-not-closed');
    assert.equal(scan('id,phone\n12"3,456\n').failure?.code, 'bad-quote');
    assert.equal(scan('id,phone\n"12"3,456\n').failure?.code, 'bad-quote');
    assert.equal(scan('id,phone\n123456789,1\n', 8).failure?.code, 'record-too-large');
    assert.deepEqual(scan('\uFEFFid,phone\r\n1,2\r\n\r\n , \r\n"3","4"'), { rows: 2, failure: null });
  });
});

describe('intake unquoted splitter', () => {
  it('gives csv-parse\'s records of a text without quotation marks, however the text is cut', () => {
    fc.assert(fc.property(text(['a', 'ب', ' ', ',', ';', '\t', '\r', '\n', '\r\n', 'x y']), delimiter, cuts, (t, d, cs) => {
      const want = parse(Buffer.from(t), options(d, 65536)) as string[][];
      const split = new UnquotedSplitter(d);
      const got: string[][] = [];
      const at = [...new Set(cs.map((c) => c % (t.length + 1)))].sort((x, y) => x - y);
      let from = 0;
      for (const c of [...at, t.length]) { got.push(...split.push(t.slice(from, c))); from = c; }
      got.push(...split.end());
      assert.deepEqual(got, want.map((r) => r.map(String)), JSON.stringify(t));
    }), { numRuns: 30_000 });
  });
});
