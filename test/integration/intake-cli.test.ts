/**
 * `mizan import` through the real command (`node bin/mizan.js import …`) against a database with
 * charities, their staff and a registered family: the list is imported as the charity's
 * administrator with every row's verdict, progress lines while it runs (plain lines: the output is
 * not a terminal), the verdicts counted and the report written; the same file again adds nothing;
 * a refused file, an unknown charity and a wrong --map each end in one line and write nothing.
 * On the embedded database (a data directory the command opens) and, when a server answers, on
 * PostgreSQL (DATABASE_URL). The terminal's bar itself is checked without a process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { ensureDeployment, loadDeployment } from '../../src/deployments/setup.js';
import { ProgressPrinter, parseMap, progressBar } from '../../src/modules/intake/cli-progress.js';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';

const arabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

/** A check digit made wrong: the last digit moved by one. */
const wrongCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

describe('mizan import: a charity’s list from the command line', () => {
  test('the bar: a terminal gets one line redrawn in place; a log gets a whole line at most every 5 s', () => {
    const p = { rowsRead: 500, accepted: 400, refused: 60, waiting: 40, total: 1000, ratePerSecond: 250, secondsLeft: 2, rowsApplied: 0 };
    assert.equal(progressBar(p, 'en', 10), '[#####.....]  50% 500/1,000 rows · 400 accepted · 60 refused · 40 waiting · 250 rows/s · 0:02 left');
    assert.match(progressBar(p, 'fa', 10), /500\/1,000 ردیف · 400 پذیرفته/);
    let now = 0;
    const tty: string[] = [];
    const bar = new ProgressPrinter({ write: (s: string) => tty.push(s), isTTY: true }, 'en', () => now);
    bar.show(p);
    now += 100;
    bar.show(p); // too soon: not drawn again
    now += 150;
    bar.show({ ...p, rowsRead: 1000 });
    bar.done({ ...p, rowsRead: 1000, secondsLeft: 0 });
    assert.equal(tty.length, 4);
    assert.ok(tty.slice(0, 3).every((s) => s.startsWith('\r') && s.endsWith('\x1b[K') && !s.includes('\n')), 'redrawn in place');
    assert.equal(tty[3], '\n');
    const log: string[] = [];
    const plain = new ProgressPrinter({ write: (s: string) => log.push(s), isTTY: false }, 'en', () => now);
    for (let i = 0; i < 12; i++) {
      plain.show(p);
      now += 1000;
    }
    assert.equal(log.length, 3, 'at 0, 5 and 10 seconds');
    assert.ok(log.every((s) => s.endsWith('\n') && !s.includes('\r') && !s.includes('[#')), 'whole lines, no bar');
  });

  test('--map takes positions from 1 or header names, and names what it cannot place', () => {
    const columns = ['Name', 'National ID', 'Mobile'];
    assert.deepEqual(parseMap('nationalId=2,phone=mobile , name=1', columns), { mapping: { nationalId: 1, phone: 2, name: 0 } });
    assert.deepEqual(parseMap('nationalId=4,phone=3', columns), { wrong: 'nationalId=4' });
    assert.deepEqual(parseMap('passport=1', columns), { wrong: 'passport' });
    assert.deepEqual(parseMap('phone=Fax', columns), { wrong: 'phone=Fax' });
  });

  for (const engine of engines()) {
    describe(`on ${engine}`, () => {
      let work: string;
      let env: Record<string, string>;
      let open: () => Promise<Database>;
      let pgDb: TestDb | undefined;
      let world: World;
      let family: Family;
      let listFile: string;
      let ids: { fresh: string[]; badCheck: string; registered: string };

      before(async () => {
        work = mkdtempSync(join(tmpdir(), 'mizan-import-cli-'));
        const base: Record<string, string> = {};
        for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|MIZAN_|LANG|LC_)/.test(k)) base[k] = v;
        env = { ...base, HOME: tmpdir(), MIZAN_WORKER: '0', MIZAN_IMPORT_DIR: join(work, 'imports'), MIZAN_PUBLIC_URL: 'https://mizan.example', MIZAN_LOCALE: 'en' };
        let db: Database;
        if (engine === 'postgres') {
          pgDb = await freshDatabase('postgres');
          env.DATABASE_URL = pgDb.url!;
          db = pgDb.database;
          open = async () => openDatabase({ url: pgDb!.url });
        } else {
          const dataDir = join(work, 'data');
          env.MIZAN_DATA_DIR = dataDir;
          open = async () => openDatabase({ dataDir });
          db = await open();
          await migrate(db);
          await ensureDeployment(db.db, 'KW');
        }
        const dep = await loadDeployment(db.db);
        world = await makeWorld(db.db, dep, { charities: 2, seed: 31 });
        family = await registerFamily(db.db, dep, world, world.charities[0]!.caseworker.actor);
        if (engine === 'pglite') await db.close();
        ids = { fresh: [world.nextId('1990-01-01'), world.nextId('1991-02-02'), world.nextId('1992-03-03'), world.nextId('1993-04-04')], badCheck: wrongCheckDigit(world.nextId('1994-05-05')), registered: family.members[1]!.nationalId };
        listFile = join(work, 'list.csv');
        writeFileSync(
          listFile,
          [
            'Name,National ID,Mobile',
            `Zahra,${ids.fresh[0]},5000 1234`,
            `Ali,${arabicDigits(ids.fresh[1]!)},${arabicDigits('60001234')}`,
            `Zahra again,${ids.fresh[0]},50001234`,
            `Wrong digit,${ids.badCheck},50005678`,
            `Abroad,${ids.fresh[2]},+1 415 555 0100`,
            `No phone,${ids.fresh[3]},`,
            `"=HYPERLINK(""x"")",${ids.registered},90001234`,
          ].join('\r\n'),
        );
      });
      after(async () => {
        await pgDb?.close();
        rmSync(work, { recursive: true, force: true });
      });

      const mizan = (args: string[]) => {
        const r = spawnSync(process.execPath, ['bin/mizan.js', 'import', ...args], { encoding: 'utf8', env, timeout: 300_000 });
        return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
      };
      const counted = async () => {
        const db = await open();
        try {
          const imports = await db.db.selectFrom('imports').select(['id', 'status', 'accepted', 'refused', 'waiting']).execute();
          const verdicts = await db.db.selectFrom('import_rows').select(['verdict', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('verdict').execute();
          const referrals = await db.db.selectFrom('intake_referrals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          return { imports, verdicts: Object.fromEntries(verdicts.map((v) => [v.verdict, Number(v.n)])), referrals: Number(referrals.n) };
        } finally {
          await db.close();
        }
      };

      test('the list is imported as the charity’s administrator: every row judged, the verdicts counted, the report written', async () => {
        const r = mizan([listFile, '--org', world.charities[0]!.name, '--map', 'nationalId=2,phone=Mobile,name=1']);
        assert.equal(r.status, 0, r.stderr);
        const db = await counted();
        assert.equal(db.imports.length, 1);
        assert.equal(db.imports[0]!.status, 'done');
        assert.deepEqual(db.verdicts, { 'accepted': 2, 'duplicate-in-file': 1, 'invalid-national-id': 1, 'foreign-phone': 1, 'missing-field': 1, 'already-registered': 1 });
        const id = db.imports[0]!.id;
        // Progress as whole lines (stdout is a pipe), then one line per verdict and the closing sentence.
        assert.match(r.stdout, /\d+(\/7)? rows · \d+ accepted · \d+ refused · \d+ waiting · \d+ rows\/s/);
        assert.doesNotMatch(r.stdout, /\r|\[#/);
        assert.match(r.stdout, /^ +2 {2}Accepted: a new person, invited$/m);
        assert.match(r.stdout, /^ +1 {2}Duplicate of an earlier row in this file$/m);
        const report = join(work, 'list.report.csv');
        assert.ok(r.stdout.includes(`Import ${id} finished: ${db.imports[0]!.accepted} accepted`), r.stdout);
        assert.ok(r.stdout.includes(report) && r.stdout.includes(`https://mizan.example/charity/imports/${id}`), r.stdout);
        for (const secret of [...ids.fresh, ids.badCheck, 'Zahra']) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'no national ID or name on the terminal');
        // The report: every row, in English, the formula-like name neutralised.
        const rows = parse(readFileSync(report), { bom: true }) as string[][];
        assert.equal(rows.length, 8);
        assert.deepEqual(rows[0], ['Row', 'Verdict', 'Reason', 'Field', 'National ID', 'Phone', 'Name']);
        assert.equal(rows[3]![1], 'Duplicate of an earlier row in this file');
        assert.equal(rows[7]![6], `'=HYPERLINK("x")`);
        assert.equal(rows[2]![4], ids.fresh[1], 'the Arabic-Indic digits normalised');
        // The operator's own file is still there; the import keeps its copy.
        assert.ok(existsSync(listFile));
      });

      test('the same file again adds nothing: the earlier import is named and the counts stay', async () => {
        const before = await counted();
        const r = mizan([listFile, '--org', world.charities[0]!.id]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`This file was imported before, as import ${before.imports[0]!.id}: nothing is added a second time\\.`));
        assert.deepEqual(await counted(), before);
      });

      test('refused without writing anything: an empty file, an unknown charity, a mapping without the phone, a wrong --map', async () => {
        const before = await counted();
        const filesBefore = readdirSync(join(work, 'imports')).sort();
        const empty = join(work, 'empty.csv');
        writeFileSync(empty, 'National ID,Mobile\r\n');
        const oneLine = (r: ReturnType<typeof mizan>, status: number, expected: RegExp) => {
          assert.equal(r.status, status, r.stderr + r.stdout);
          assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
          assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+|node:internal|Error:/);
          assert.match(r.stderr.trim(), expected);
        };
        oneLine(mizan([empty, '--org', world.charities[1]!.name]), 1, /^The file .*empty\.csv was not imported: it has no rows of people .*Nothing was written\.$/);
        oneLine(mizan([listFile, '--org', 'No such charity']), 1, /No approved charity is No such charity\./);
        const noPhone = join(work, 'no-phone.csv');
        writeFileSync(noPhone, `Code,Remark\r\n${ids.fresh[3]},x\r\n`);
        oneLine(mizan([noPhone, '--org', world.charities[1]!.name, '--map', 'nationalId=1,phone=Fax']), 2, /--map names "phone=Fax".*The columns are: 1: Code, 2: Remark\./);
        const after = await counted();
        // The charity B file with a wrong --map is an import waiting for its columns, nothing judged yet.
        assert.deepEqual(after.verdicts, before.verdicts);
        assert.equal(after.referrals, before.referrals);
        assert.equal(after.imports.filter((i) => i.status !== 'mapping').length, before.imports.length);
        assert.ok(readdirSync(join(work, 'imports')).every((f) => !f.startsWith('.incoming-')), 'no copy left behind');
        assert.ok(filesBefore.every((f) => readdirSync(join(work, 'imports')).includes(f)));
      });
    });
  }
});
