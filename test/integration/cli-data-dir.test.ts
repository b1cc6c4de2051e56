/**
 * The embedded database's directory problems, through the real command (`node bin/mizan.js
 * migrate` / `serve`) against prepared directories: each is one translated line saying what is
 * wrong and what to do, exit code 1, no stack trace, and no lock left behind. A lock left by a
 * process that no longer runs is taken over (and said); one held by a running process refuses.
 *
 * Permissions: root ignores them, so when the tests run as root the command runs as `nobody`
 * (spawn's uid/gid) on a directory that user owns; as any other user it runs as that user. The full
 * disk is a real one: a 4 MB tmpfs (mounting needs root; elsewhere that case is skipped).
 * The embedded engine only: there is no data directory on PostgreSQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.getuid?.() === 0;
const NOBODY = 65534;
/** Whom the command runs as where permissions must count. */
const unprivileged: SpawnSyncOptions = root ? { uid: NOBODY, gid: NOBODY } : {};

let work: string;
let good: string;

function env(dataDir: string, extra: Record<string, string> = {}) {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|MIZAN_|LANG|LC_)/.test(k)) e[k] = v;
  // tsx keeps its cache in the temporary directory; HOME for a user without one
  return { ...e, HOME: tmpdir(), MIZAN_DATA_DIR: dataDir, MIZAN_WORKER: '0', ...extra };
}

function mizan(args: string[], dataDir: string, extra: Record<string, string> = {}, opts: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, ['bin/mizan.js', ...args], { encoding: 'utf8', env: env(dataDir, extra), timeout: 300_000, ...opts });
  // A command that could not start at all (e.g. `nobody` cannot read this Node or this checkout) is said as such.
  if (r.error && opts.uid !== undefined) throw new Error(`The command could not be started as uid ${opts.uid}: ${(r.error as NodeJS.ErrnoException).code}. Node (${process.execPath}) and the checkout must be readable by that user.`);
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Exit 1, exactly one line on stderr matching `expected`, nothing on stdout, no stack trace, no lock left. */
function assertOneLine(r: ReturnType<typeof mizan>, expected: RegExp, dataDir: string) {
  const line = r.stderr.trim();
  assert.equal(r.status, 1, `exit code: ${r.status}\n${r.stderr}`);
  assert.equal(line.split('\n').length, 1, `one line, got:\n${r.stderr}`);
  assert.doesNotMatch(line, /\bat .*:\d+:\d+|node:internal|Error:|\.js:\d/, 'no stack trace or error dump');
  assert.match(line, expected);
  assert.ok(line.includes(dataDir), `the line names the directory: ${line}`);
  assert.equal(r.stdout.trim(), '', `nothing on stdout: ${r.stdout}`);
  assert.equal(existsSync(join(dataDir, 'mizan.lock')), false, 'no lock is left behind');
}

/** A copy of the migrated database, owned by whoever the command runs as. */
function copyOfGood(name: string): string {
  const dir = join(work, name);
  cpSync(good, dir, { recursive: true });
  rmSync(join(dir, 'mizan.lock'), { force: true });
  if (root) chownTree(dir, NOBODY);
  return dir;
}

function walk(dir: string, fn: (path: string, isDir: boolean) => void) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    fn(p, entry.isDirectory());
    if (entry.isDirectory()) walk(p, fn);
  }
}
function chownTree(dir: string, uid: number) {
  chownSync(dir, uid, uid);
  walk(dir, (p) => chownSync(p, uid, uid));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('the embedded database directory: problems in one translated line (mizan migrate, serve)', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'mizan-data-dir-'));
    chmodSync(work, 0o755);
    good = join(work, 'good');
    const r = mizan(['migrate'], good);
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => {
    if (existsSync(work)) walk(work, (p, isDir) => !isDir || chmodSync(p, 0o755));
    rmSync(work, { recursive: true, force: true });
  });

  test('a read-only data directory (Persian, from LANG)', () => {
    const dir = join(work, 'read-only-dir');
    mkdirSync(dir);
    if (root) chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o555);
    const r = mizan(['migrate'], dir, { LANG: 'fa_IR.UTF-8' }, unprivileged);
    assertOneLine(r, /^میزان نمی‌تواند در پوشهٔ داده‌ها .* بنویسد، چون فقط‌خواندنی است\./, dir);
  });

  test('read-only files in the data directory (English, the default)', () => {
    const dir = copyOfGood('read-only-files');
    walk(dir, (p, isDir) => isDir || chmodSync(p, 0o444));
    const r = mizan(['migrate'], dir, {}, unprivileged);
    assertOneLine(r, /^Mizan cannot write to the files in the data directory .* \(.* is read-only\)\. Make them writable/, dir);
  });

  test('a corrupted data directory: garbage in its control file (Arabic, from MIZAN_LOCALE over LANG)', () => {
    const dir = copyOfGood('corrupted');
    writeFileSync(join(dir, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    const r = mizan(['migrate'], dir, { MIZAN_LOCALE: 'ar', LANG: 'fa_IR.UTF-8' });
    assertOneLine(r, /^مجلد البيانات .* تالف أو ليس قاعدة بيانات لميزان/, dir);
  });

  test('a full disk (a 4 MB file system; English from LC_ALL)', (t) => {
    const mount = join(work, 'tiny-disk');
    mkdirSync(mount);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], { encoding: 'utf8' });
    if (m.status !== 0) return t.skip(`a tmpfs cannot be mounted here (${m.stderr.trim() || 'mount failed'}); needs root`);
    try {
      const dir = join(mount, 'data');
      const r = mizan(['migrate'], dir, { LC_ALL: 'en_GB.UTF-8', LANG: 'ar_KW.UTF-8' });
      assertOneLine(r, /^The disk that holds the data directory .* is full\. Free some space/, dir);
    } finally {
      spawnSync('umount', [mount]);
    }
  });

  test('a lock left by a process that no longer runs is taken over, said in one line, and released at the end', () => {
    const dir = copyOfGood('stale-lock');
    const pid = deadPid();
    writeFileSync(join(dir, 'mizan.lock'), `${pid}\n`);
    const r = mizan(['migrate'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), `The data directory ${dir} was still locked by process ${pid}, which no longer runs; Mizan takes the lock over.`);
    assert.match(r.stdout, /Nothing to apply\./);
    assert.equal(existsSync(join(dir, 'mizan.lock')), false, 'released');
  });

  test('a lock held by a running process refuses, and is left to its owner', () => {
    const dir = copyOfGood('live-lock');
    writeFileSync(join(dir, 'mizan.lock'), `${process.pid}\n`);
    const r = mizan(['migrate'], dir);
    assert.equal(r.status, 1, r.stderr);
    const line = r.stderr.trim();
    assert.equal(line, `The data directory ${dir} is in use by another Mizan process (process ${process.pid}). Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`);
    assert.equal(readFileSync(join(dir, 'mizan.lock'), 'utf8'), `${process.pid}\n`, 'the holder keeps its lock');
  });

  test('serve releases the lock when stopped with SIGTERM', async () => {
    const dir = copyOfGood('serve');
    const child = spawn(process.execPath, ['bin/mizan.js', 'serve'], { env: env(dir, { PORT: '0', MIZAN_DEMO: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('API documentation')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${out}`)));
    });
    assert.equal(readFileSync(join(dir, 'mizan.lock'), 'utf8').split('\n')[0], String(child.pid), 'serve holds the lock');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(existsSync(join(dir, 'mizan.lock')), false, 'released on SIGTERM');
  });

  test('the lock is released after an uncaught exception and on SIGINT while a command runs', async () => {
    const dir = join(work, 'lock-only');
    mkdirSync(dir);
    const lockModule = new URL('../../src/db/data-dir.ts', import.meta.url).href;
    const crash = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { lockDataDir } from '${lockModule}'; lockDataDir(${JSON.stringify(dir)}); setTimeout(() => { throw new Error('unexpected'); }, 10);`], { encoding: 'utf8' });
    assert.equal(crash.status, 1);
    assert.match(crash.stderr, /unexpected/);
    assert.equal(existsSync(join(dir, 'mizan.lock')), false, 'released after an uncaught exception');

    const migrating = copyOfGood('sigint');
    const child = spawn(process.execPath, ['bin/mizan.js', 'migrate'], { env: env(migrating), stdio: ['ignore', 'pipe', 'pipe'] });
    const lock = join(migrating, 'mizan.lock');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // interrupt as soon as the command holds the lock (or let it finish: then it released it itself)
    let done = false;
    void exited.then(() => (done = true));
    while (!done && !existsSync(lock)) await new Promise((r) => setTimeout(r, 20));
    if (!done) child.kill('SIGINT');
    const code = await exited;
    assert.ok(code === 130 || code === 0, `exit ${code}`);
    assert.equal(existsSync(lock), false, 'released on SIGINT');
    assert.ok(statSync(migrating).isDirectory());
  });
});
