/**
 * `mizan bench --only intake`: a charity's upload of N rows (ID, phone, name; default 1 000 000)
 * against the benchmark registry (1M households): the file read once through at upload
 * (encoding, quoting, row count), then the import job's chunks run in this process (each row
 * judged by itself, staged set-based, decided in SQL against the registry and the referrals),
 * timed end to end while this process's resident memory is sampled every 50 ms. The rows mix
 * new people, registered members (10 %), duplicates in the file (1 %), bad check digits (0.5 %)
 * and foreign phones (0.5 %). Earlier runs' imports are removed first, so every run imports anew.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadDeployment } from '../deployments/setup.js';
import { inTx } from '../kernel/transaction.js';
import { systemClock } from '../kernel/clock.js';
import { syntheticBirthDate, syntheticNationalId } from '../demo/people.js';
import { Rng } from '../shared/random.js';
import { JobWorker } from '../modules/jobs/worker.js';
import { createImport } from '../modules/intake/create-import.js';
import { setMapping } from '../modules/intake/set-mapping.js';
import { intakeJobHandlers } from '../modules/intake/import-job.js';
import type { IntakeSettings, OnAccepted } from '../modules/intake/intake-settings.js';
import { inviteMany, invitationSendJob } from '../modules/invitations/invitations.service.js';
import type { Dataset } from './datasets.js';
import { benchCaseworker } from './paths.js';

const MOBILE: Record<string, (i: number) => string> = {
  KW: (i) => String(99_000_000 + (i % 900_000)),
  SA: (i) => `05${String(50_000_000 + (i % 9_000_000))}`.slice(0, 10),
  IR: (i) => `0912${String(1_000_000 + (i % 8_999_999))}`,
};

export async function intakeBench(ds: Dataset, opts: { rows: number; dir: string; log: (l: string) => void }) {
  const db = ds.database.db;
  const dep = await loadDeployment(db);
  const actor = await benchCaseworker(db);
  // Every run imports anew: the earlier runs' imports, rows, referrals and jobs go first.
  // The invitations they made go too (one per person ever: left there, they would make this run's
  // inviting a no-op), with their send jobs.
  await ds.database.rawSession((s) => s.exec(`delete from intake_referrals; delete from import_rows; delete from import_mappings; delete from imports; delete from invitations; delete from jobs where kind in ('intake.import', 'invitations.send')`));
  // What those deletes left is vacuumed away before the clock starts: a million dead index entries
  // per table would be visited by every probe of the run (a first chunk took 80 s instead of 3).
  await ds.database.rawSession((s) => s.exec(`vacuum (analyze) intake_referrals, import_rows, imports, invitations, jobs`));
  const registered = (await sql<{ national_id: string }>`select national_id from persons order by id limit ${Math.ceil(opts.rows / 10)}`.execute(db)).rows.map((r) => r.national_id);
  mkdirSync(opts.dir, { recursive: true });
  const file = join(opts.dir, `intake-${opts.rows}.csv`);
  const t0 = performance.now();
  const out = createWriteStream(file);
  const rng = new Rng(opts.rows);
  const phone = MOBILE[dep.country]!;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('national_id,phone,name\n');
  let last = '';
  let r = 0;
  for (let i = 1; i <= opts.rows; i++) {
    let id: string;
    if (i % 100 === 1 && last) id = last;
    else if (i % 10 === 0 && r < registered.length) id = registered[r++]!;
    else id = syntheticNationalId(rng, dep.idScheme, syntheticBirthDate(rng, 18, 80));
    let cellId = id;
    if (i % 200 === 7) cellId = id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);
    const tel = i % 200 === 9 ? '+12025550' + String(100 + (i % 800)) : phone(i);
    await write(`${cellId},${tel},Person ${i}\n`);
    last = id;
  }
  out.end();
  await once(out, 'finish');
  const generated = (performance.now() - t0) / 1000;
  opts.log(`intake: ${opts.rows.toLocaleString('en')} rows written to ${file} in ${generated.toFixed(1)} s`);

  let rssMax = process.memoryUsage().rss;
  const rssStart = rssMax;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
  const settings: IntakeSettings = { dir: join(opts.dir, 'imports'), maxBytes: 512 * 1024 * 1024, maxRows: opts.rows };
  let invited = 0;
  try {
    const start = performance.now();
    // createImport moves the file into the intake's folder: give it a copy's name.
    const { copyFile } = await import('node:fs/promises');
    const upload = `${file}.upload`;
    await copyFile(file, upload);
    const created = await createImport(db, dep, actor, upload, 'bench.csv', settings, new Date());
    const inspected = performance.now();
    await inTx(db, actor, (trx) => setMapping(trx, actor, created.import.id, { nationalId: 0, phone: 1, name: 2 }, systemClock.now()));
    // The accepted people are invited by invitations' own inviteMany (the invitation rows and the
    // scheduling of their SMS, in each chunk's transaction). Sending the SMS is not part of this
    // figure: the send jobs it schedules are taken by a handler that leaves them for the SMS bench.
    let inviting = 0;
    const onAccepted: OnAccepted = async (trx, items, now) => {
      const t = performance.now();
      const n = await inviteMany(trx, items, now);
      inviting += performance.now() - t;
      invited += n;
      return n;
    };
    // The end of staging: the first chunk after which the import is past it.
    let stagedAt = 0;
    const job = intakeJobHandlers({ dep, settings, onAccepted });
    const handlers = {
      ...Object.fromEntries(Object.entries(job).map(([kind, run]) => [kind, async (...a: Parameters<typeof run>) => {
        await run(...a);
        if (!stagedAt) {
          const st = await a[0].selectFrom('imports').select('status').where('id', '=', created.import.id).executeTakeFirst();
          if (st && st.status !== 'queued' && st.status !== 'staging') stagedAt = performance.now();
        }
      }])),
      [invitationSendJob.kind]: async () => {},
    };
    const worker = new JobWorker(db, { clock: systemClock, handlers });
    let ran;
    do ran = await worker.runDue(); while (ran.done + ran.failed > 0);
    const end = performance.now();
    const imp = await db.selectFrom('imports').selectAll().where('id', '=', created.import.id).executeTakeFirstOrThrow();
    const verdicts = Object.fromEntries((await sql<{ verdict: string; n: number }>`select verdict, count(*)::int as n from import_rows where import_id = ${imp.id} group by verdict order by verdict`.execute(db)).rows.map((x) => [x.verdict, x.n]));
    const seconds = {
      inspect: (inspected - start) / 1000, job: (end - inspected) / 1000, total: (end - start) / 1000,
      staging: ((stagedAt || end) - inspected) / 1000, applying: (end - (stagedAt || end)) / 1000, ofWhichInviting: inviting / 1000,
    };
    const res = {
      rows: opts.rows,
      status: imp.status,
      seconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      rowsPerSecond: Math.round(opts.rows / seconds.total),
      rssStartMiB: Math.round(rssStart / 2 ** 20),
      rssMaxMiB: Math.round(rssMax / 2 ** 20),
      verdicts,
      counts: { accepted: imp.accepted, refused: imp.refused, waiting: imp.waiting },
      invited,
    };
    opts.log(`intake: ${opts.rows.toLocaleString('en')} rows in ${res.seconds.total} s (read through ${res.seconds.inspect} s, staging ${res.seconds.staging} s, applying ${res.seconds.applying} s of which inviting ${res.seconds.ofWhichInviting} s), ${res.rowsPerSecond} rows/s, RSS max ${res.rssMaxMiB} MiB`);
    return res;
  } finally {
    clearInterval(sampler);
  }
}
