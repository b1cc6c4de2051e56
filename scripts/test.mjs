#!/usr/bin/env node
/**
 * `npm test`: runs every suite this machine can run and says plainly which it skipped.
 *   unit         pure functions and properties                       always
 *   integration  services and HTTP against the embedded database     always
 *                ... and again against PostgreSQL                    when a server answers
 *   postgres     concurrency and multi-process tests                 when a server answers
 *   browser      Playwright journeys in Chromium                     when /usr/bin/chromium exists
 * PostgreSQL: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres if it answers.
 * Under CI=true a missing part is a failure, never a skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2); // optional: suite names or file paths

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.test\.tsx?$/.test(f)) out.push(p);
  }
  return out.sort();
}

async function findPostgres() {
  const candidates = [process.env.TEST_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter(Boolean);
  for (const url of candidates) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      return url;
    } catch {
      await c.end().catch(() => {});
      if (url === process.env.TEST_DATABASE_URL) {
        console.error(`TEST_DATABASE_URL is set but PostgreSQL does not answer there.`);
        process.exit(1);
      }
    }
  }
  return undefined;
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pgUrl = await findPostgres();
const hasChromium = existsSync(chromium);
const skipped = [];
if (!pgUrl) skipped.push('integration on PostgreSQL and the postgres suite (no PostgreSQL server answered; set TEST_DATABASE_URL)');
if (!hasChromium) skipped.push(`browser (no Chromium at ${chromium}; apt-get install chromium)`);
if (CI && skipped.length) {
  console.error(`CI=true and these suites cannot run:\n  - ${skipped.join('\n  - ')}`);
  process.exit(1);
}

const suites = {
  unit: files('test/unit'),
  integration: files('test/integration'),
  postgres: pgUrl ? files('test/postgres') : [],
  browser: hasChromium ? files('test/browser') : [],
};
let selected = Object.entries(suites).flatMap(([name, fs]) => (only.length === 0 || only.includes(name) ? fs : []));
if (only.some((o) => o.endsWith('.ts'))) selected = only.filter((o) => o.endsWith('.ts'));

mkdirSync('test-output', { recursive: true });
const env = { ...process.env, MIZAN_TEST_PG_URL: pgUrl ?? '', CHROMIUM_PATH: chromium, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
const args = [
  '--import', 'tsx',
  '--test',
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  ...selected,
];
console.log(`Running ${selected.length} test files (PostgreSQL: ${pgUrl ? 'yes' : 'no'}, Chromium: ${hasChromium ? 'yes' : 'no'})`);
// Pass the spec reporter's output through, keeping its tail to read the totals it prints last.
let tail = '';
const status = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  });
  child.on('close', (code) => resolve(code ?? 1));
});
const total = (label) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(tail)?.[1] ?? 0);
const c = { passed: total('pass'), failed: total('fail') + total('cancelled'), skipped: total('skipped') + total('todo') };
if (skipped.length) console.log(`\nSkipped suites:\n  - ${skipped.join('\n  - ')}`);
console.log(`\n${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
process.exit(status);
