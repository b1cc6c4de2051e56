/**
 * `mizan match` end to end, as a child process: a synthetic file written by the command itself,
 * clustered into clusters.csv and review.csv; wrong use exits 2 and a malformed file exits 1,
 * each with one sentence and no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Writable } from 'node:stream';
import { pairwiseScores } from '../../src/modules/matching/evaluate.js';
import { matchCommand } from '../../src/modules/matching/cli-match.js';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/mizan.js', 'match', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'mizan-match-'));
const csv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

test('a synthetic file is written, clustered, and its clusters agree with its truth', () => {
  const input = join(dir, 'people.csv');
  const w = run('--synthetic', '1500', '--seed', '3', '--output', input);
  assert.equal(w.status, 0, w.stderr);
  const rows = csv(input);
  assert.equal(rows.length, 1500);
  assert.deepEqual(Object.keys(rows[0]!), ['record_id', 'charity', 'country', 'national_id', 'given_name', 'father_name', 'grandfather_name', 'family_name', 'sex', 'birth_date', 'region', 'phone', 'person']);

  const output = join(dir, 'clusters.csv');
  const review = join(dir, 'review.csv');
  const m = run('--input', input, '--output', output, '--review', review, '--truth', 'person');
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /^Matched 1500 records into \d+ people/);
  assert.match(m.stdout, /Candidate pairs by key: id \d+, ide \d+, ph \d+/);
  assert.match(m.stdout, /Baseline, the same valid national ID only/);
  const clusters = csv(output);
  assert.deepEqual(Object.keys(clusters[0]!), ['record_id', 'cluster']);
  assert.deepEqual(clusters.map((c) => c.record_id), rows.map((r) => r.record_id), 'every record once, in the input order');
  // a cluster is named by one of its own records
  const ids = new Set(rows.map((r) => r.record_id));
  assert.ok(clusters.every((c) => ids.has(c.cluster!)));
  const truth = rows.map((r) => r.person!);
  const s = pairwiseScores(clusters.map((c) => c.cluster!), truth);
  assert.ok(s.f1 >= 0.95, `F1 ${s.f1}`);
  assert.ok(new Set(clusters.map((c) => c.cluster)).size < rows.length * 0.8, 'duplicates were joined');
  const items = csv(review);
  assert.deepEqual(Object.keys(items[0] ?? { record_id_a: 1, record_id_b: 1, score: 1, refused_two_valid_ids: 1, evidence: 1 }), ['record_id_a', 'record_id_b', 'score', 'refused_two_valid_ids', 'evidence']);
  for (const it of items) {
    assert.ok(ids.has(it.record_id_a!) && ids.has(it.record_id_b!));
    assert.match(it.evidence!, /given|family|birth/);
  }
});

test('a small hand-made file: an ID in Persian digits and a name from another keyboard join one person', () => {
  const input = join(dir, 'small.csv');
  writeFileSync(
    input,
    [
      'record_id,charity,country,national_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,region,phone',
      'a1,rahma,KW,288020122596,علي,يوسف,,الكندري,M,1988-02-01,KW-HA-SALMIYA,+96550001111',
      'a2,birr,KW,۲۸۸۰۲۰۱۲۲۵۹۶,علی,یوسف,,کندری,M,1988-01-02,,',
      'b1,rahma,KW,,فاطمة,يوسف,,الكندري,F,1990-03-04,KW-HA-SALMIYA,+96550001111',
    ].join('\n'),
  );
  const output = join(dir, 'small-clusters.csv');
  const m = run('--input', input, '--output', output);
  assert.equal(m.status, 0, m.stderr);
  const c = Object.fromEntries(csv(output).map((r) => [r.record_id, r.cluster]));
  assert.deepEqual(c, { a1: 'a1', a2: 'a1', b1: 'b1' });
});

test('wrong use exits 2 with the usage, as a child process', () => {
  const noOutput = run('--input', 'x.csv');
  assert.equal(noOutput.status, 2);
  assert.match(noOutput.stderr, /--output/);
  assert.match(noOutput.stderr, /Usage: mizan match/);
  assert.doesNotMatch(noOutput.stderr, /\n\s+at /, 'no stack trace');
});

/** The command in this process, its exit code and what it wrote. */
async function inProcess(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, done) { add(String(chunk)); done(); } });
  const status = await matchCommand(args, { out: sink((s) => (out += s)), err: sink((s) => (err += s)) });
  return { status, out, err };
}

test('bad options exit 2; a malformed file exits 1 with one sentence naming the line', async () => {
  const o = join(dir, 'o.csv');
  assert.equal((await inProcess('--input', 'x.csv', '--output', 'y.csv', '--frobnicate')).status, 2);
  const missing = await inProcess('--input', join(dir, 'nope.csv'), '--output', o);
  assert.equal(missing.status, 2);
  assert.match(missing.err, /There is no file/);
  assert.equal((await inProcess('--synthetic', 'many', '--output', o)).status, 2);

  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const a = await inProcess('--input', file('no-id.csv', 'name,phone\nعلي,+96550001111\n'), '--output', o);
  assert.equal(a.status, 1);
  assert.match(a.err, /has no column record_id/);
  const b = await inProcess('--input', file('ragged.csv', 'record_id,given_name\nr1,علي\nr2,حسن,extra\n'), '--output', o);
  assert.equal(b.status, 1);
  assert.match(b.err, /line 3/);
  const d = await inProcess('--input', file('twice.csv', 'record_id,given_name,country\nr1,علي,KW\nr1,حسن,KW\n'), '--output', o);
  assert.equal(d.status, 1);
  assert.match(d.err, /r1 appears twice/);
  const c = await inProcess('--input', file('country.csv', 'record_id,country\nr1,FR\n'), '--output', o);
  assert.equal(c.status, 1);
  assert.match(c.err, /country must be KW, SA or IR/);
  const t = await inProcess('--input', file('truth.csv', 'record_id,country\nr1,KW\n'), '--output', o, '--truth', 'person');
  assert.equal(t.status, 1);
  assert.match(t.err, /no column person/);
  for (const r of [a, b, c, d, t]) assert.equal(r.err.trim().split('\n').length, 1, r.err);
});
