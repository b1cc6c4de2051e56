/**
 * On a real PostgreSQL server: a `mizan serve` PROCESS imports a 200 000-row file and is killed
 * with SIGKILL twice, once while staging rows and once while applying them; started again each
 * time, it finishes the import with exactly the rows it should have (counted in SQL): every row
 * once, the verdicts and referrals a file of this shape must give. The same file uploaded again
 * adds nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { syntheticBirthDate, syntheticNationalId } from '../../src/demo/people.js';
import { Rng } from '../../src/shared/random.js';

const MIZAN = fileURLToPath(new URL('../../bin/mizan.js', import.meta.url));
const ROWS = 200_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startServer(dbUrl: string, port: number, importDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MIZAN, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', MIZAN_DEMO: '0', MIZAN_IMPORT_DIR: importDir, MIZAN_WORKER_INTERVAL_MS: '200', MIZAN_IMPORT_MAX_BYTES: String(50 * 1024 * 1024), LOG_LEVEL: 'silent' },
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Mizan (')) resolve(child);
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('an import survives kill -9 of its server (PostgreSQL)', () => {
  let t: TestDb;
  let w: World;
  let server: ChildProcess | null = null;
  let port = 0;
  const dir = mkdtempSync(join(tmpdir(), 'mizan-resume-'));
  const file = join(dir, 'people.csv');
  // Every 100th row repeats the ID of the row before it; every 250th row has a phone of Iran.
  const expected = { accepted: 0, duplicate: 0, foreign: 0 };

  before(async () => {
    t = await freshDatabase('postgres');
    w = await makeWorld(t.database.db, t.dep, { charities: 1 });
    const rng = new Rng(13);
    const seen = new Set<string>();
    const lines = ['Civil ID,Mobile,Name'];
    let last = '';
    for (let i = 1; i <= ROWS; i++) {
      let id: string;
      if (i % 100 === 0) id = last;
      else do id = syntheticNationalId(rng, 'KW_CIVIL_ID', syntheticBirthDate(rng, 18, 80)); while (seen.has(id));
      seen.add(id);
      const foreign = i % 250 === 0;
      lines.push(`${id},${foreign ? '+98912' + String(1000000 + i) : String(99000000 + i)},Person ${i}`);
      // A row's own verdict (the foreign phone) comes before the duplicate; the row a duplicate
      // repeats (i - 1, never a multiple of 250) is always good.
      if (foreign) expected.foreign++;
      else if (i % 100 === 0) expected.duplicate++;
      else expected.accepted++;
      last = id;
    }
    writeFileSync(file, lines.join('\n') + '\n');
    port = await freePort();
    server = await startServer(t.url!, port, join(dir, 'imports'));
  });
  after(async () => {
    if (server) await kill9(server);
    await t.close();
  });

  const base = () => `http://127.0.0.1:${port}/api/v1`;
  const auth = () => ({ authorization: `Bearer ${w.charities[0]!.caseworker.token}` });
  const upload = async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(file)]), 'people.csv');
    const res = await fetch(`${base()}/imports`, { method: 'POST', headers: auth(), body: form });
    return { status: res.status, body: (await res.json()) as any };
  };
  const progress = async (id: string) => {
    const r = await t.database.db.selectFrom('imports').select(['status', 'rows_staged', 'rows_applied']).where('id', '=', id).executeTakeFirstOrThrow();
    return r;
  };
  const waitFor = async (id: string, ok: (p: Awaited<ReturnType<typeof progress>>) => boolean, ms: number) => {
    const until = Date.now() + ms;
    for (;;) {
      const p = await progress(id);
      if (ok(p)) return p;
      if (Date.now() > until) throw new Error(`gave up waiting: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  test('killed while staging and while applying, restarted: every row once, the right verdicts, counted in SQL; the same file again adds nothing', { timeout: 600_000 }, async () => {
    const up = await upload();
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.progress.total, ROWS);
    const mapped = await fetch(`${base()}/imports/${up.body.id}/mapping`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ nationalId: 0, phone: 1, name: 2 }) });
    assert.equal(mapped.status, 200);

    const staging = await waitFor(up.body.id, (p) => p.status === 'staging' && p.rows_staged >= 40_000, 300_000);
    await kill9(server!);
    const atKill = await progress(up.body.id);
    assert.ok(atKill.rows_staged < ROWS, `killed before staging ended (${atKill.rows_staged})`);
    assert.ok(atKill.rows_staged >= staging.rows_staged);
    server = await startServer(t.url!, port, join(dir, 'imports'));

    await waitFor(up.body.id, (p) => p.status === 'applying' && p.rows_applied >= 40_000, 300_000);
    await kill9(server!);
    const atSecondKill = await progress(up.body.id);
    assert.ok(atSecondKill.rows_applied < ROWS, `killed before applying ended (${atSecondKill.rows_applied})`);
    server = await startServer(t.url!, port, join(dir, 'imports'));
    await waitFor(up.body.id, (p) => p.status === 'done', 300_000);

    const db = t.database.db;
    const rows = await sql<{ n: number; distinct_rows: number; first: number; last: number }>`
      select count(*)::int as n, count(distinct row_no)::int as distinct_rows, min(row_no) as first, max(row_no) as last from import_rows where import_id = ${up.body.id}`.execute(db);
    assert.deepEqual(rows.rows[0], { n: ROWS, distinct_rows: ROWS, first: 1, last: ROWS });
    const verdicts = Object.fromEntries((await sql<{ verdict: string; n: number }>`select verdict, count(*)::int as n from import_rows where import_id = ${up.body.id} group by verdict`.execute(db)).rows.map((r) => [r.verdict, r.n]));
    assert.deepEqual(verdicts, { 'accepted': expected.accepted, 'duplicate-in-file': expected.duplicate, 'foreign-phone': expected.foreign });
    const refs = await sql<{ n: number }>`select count(*)::int as n from intake_referrals where first_import_id = ${up.body.id}`.execute(db);
    assert.equal(refs.rows[0]!.n, expected.accepted);
    const imp = await db.selectFrom('imports').selectAll().where('id', '=', up.body.id).executeTakeFirstOrThrow();
    assert.deepEqual([imp.rows_staged, imp.rows_applied, imp.accepted, imp.refused, imp.waiting], [ROWS, ROWS, expected.accepted, expected.duplicate + expected.foreign, 0]);
    const failedJobs = await sql<{ n: number }>`select count(*)::int as n from jobs where key like ${`import:${up.body.id}:%`} and status <> 'done'`.execute(db);
    assert.equal(failedJobs.rows[0]!.n, 0);

    const again = await upload();
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicateOf, up.body.id);
    const after = await sql<{ imports: number; rows: number; refs: number }>`
      select (select count(*)::int from imports) as imports, (select count(*)::int from import_rows) as rows, (select count(*)::int from intake_referrals) as refs`.execute(db);
    assert.deepEqual(after.rows[0], { imports: 1, rows: ROWS, refs: expected.accepted });
  });
});
