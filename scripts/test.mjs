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
import { existsSync, readdirSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
// Every server the tests start also logs to a file here, and leaves beside it the personal data
// its database held (src/http/app.ts, testLogTap): after the run, no log may contain any of it.
const serverLogs = resolve('test-output/server-logs');
rmSync(serverLogs, { recursive: true, force: true });
mkdirSync(serverLogs, { recursive: true });
const env = { ...process.env, MIZAN_CHECK_RESPONSES: '1', MIZAN_TEST_PG_URL: pgUrl ?? '', CHROMIUM_PATH: chromium, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', MIZAN_TEST_LOG_DIR: serverLogs };
const args = [
  '--import', 'tsx',
  '--test',
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  ...selected,
];
console.log(`Running ${selected.length} test files (PostgreSQL: ${pgUrl ? 'yes' : 'no'}, Chromium: ${hasChromium ? 'yes' : 'no'})`);
// Pass the spec reporter's output through, keeping its summary lines to read the totals it prints last.
let tail = '';
let partial = '';
const status = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    // the totals are the spec reporter's "ℹ pass N" lines; a long list of failures may follow them
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('ℹ ')) tail += `${line}\n`;
  });
  child.on('close', (code) => resolve(code ?? 1));
});
const total = (label) => Number([...tail.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
const c = { passed: total('pass'), failed: total('fail') + total('cancelled'), skipped: total('skipped') + total('todo') };
const leaks = scanServerLogs(serverLogs);
let exitCode = status;
if (leaks.failed) {
  c.failed++;
  exitCode = exitCode || 1;
}
if (skipped.length) console.log(`\nSkipped suites:\n  - ${skipped.join('\n  - ')}`);
console.log(`\n${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
process.exit(exitCode);

/** The whole-suite check: no national ID, name or phone number the fixtures created in any server log. */
function scanServerLogs(dir) {
  const names = readdirSync(dir);
  const personal = new Set();
  for (const f of names.filter((n) => n.endsWith('.pii.json'))) {
    for (const v of JSON.parse(readFileSync(join(dir, f), 'utf8'))) if (typeof v === 'string' && v.trim().length >= 6) personal.add(v.trim());
  }
  const logs = names.filter((n) => n.endsWith('.log')).map((n) => join(dir, n));
  // the logs tests write themselves (test-output/logs) are checked too
  if (existsSync('test-output/logs')) logs.push(...readdirSync('test-output/logs').filter((n) => n.endsWith('.log')).map((n) => join('test-output/logs', n)));
  const found = [];
  let lines = 0;
  for (const file of logs) {
    const text = readFileSync(file, 'utf8');
    lines += text.split('\n').length - 1;
    for (const v of personal) if (text.includes(v)) found.push(`${file}: contains personal data (${v.length} characters, starting ${JSON.stringify(v.slice(0, 2))}…)`);
  }
  if (found.length) {
    console.log(`\nPERSONAL DATA IN SERVER LOGS (${found.length}):\n  - ${found.slice(0, 20).join('\n  - ')}`);
    return { failed: true };
  }
  console.log(`\nServer logs: ${logs.length} files, ${lines} lines, none contains any of the ${personal.size} national IDs, names and phone numbers the tests created.`);
  return { failed: false };
}
