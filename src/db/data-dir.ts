/**
 * The embedded database's data directory: the lock that keeps a second process out, and what went
 * wrong when the embedded engine cannot use the directory.
 *
 * PGlite reports a directory it cannot use as a WebAssembly `Aborted()`, an Emscripten errno, or
 * "failed to initialize"; none says why. `diagnoseDataDir` turns such a failure into one of a few
 * causes an operator can act on, from the error's own code when it has one, else by looking at the
 * directory: not writable, files in it not writable, the disk full, or (nothing else explains it)
 * damaged. The CLI says the cause in one line (src/cli-messages.ts).
 */
import { accessSync, constants, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type DataDirProblem = 'read-only-dir' | 'read-only-files' | 'disk-full' | 'corrupted' | 'locked';

/** The data directory cannot be used; `kind` says why, `pid` (locked) and `file` (read-only-files) say more. */
export class DataDirError extends Error {
  constructor(
    readonly kind: DataDirProblem,
    readonly dir: string,
    readonly detail: { pid?: number; file?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(`The data directory ${dir} cannot be used: ${kind}${detail.pid ? ` (process ${detail.pid})` : ''}${detail.file ? ` (${detail.file})` : ''}.`, options);
    this.name = 'DataDirError';
  }
}

export const LOCK_FILE = 'mizan.lock';

/** Below this much free space a failure to start is the disk's (PostgreSQL writes 16 MB WAL segments). */
const LOW_SPACE_BYTES = 16 * 1024 * 1024;

// Emscripten's file system reports WASI errno numbers.
const WASI_ERRNO: Record<number, string> = { 2: 'EACCES', 19: 'EDQUOT', 29: 'EIO', 51: 'ENOSPC', 63: 'EPERM', 69: 'EROFS' };

/** The errno name an error carries: Node's `code`, or the Emscripten file system's number. */
function errnoOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (e.name === 'ErrnoError' && typeof e.errno === 'number') return WASI_ERRNO[e.errno] ?? `WASI${e.errno}`;
  return undefined;
}

/**
 * Does this error mean the embedded engine itself failed (rather than, say, a SQL statement being
 * refused)? A WebAssembly abort, a file-system errno, a failed start, or PostgreSQL's own classes
 * for resources (53: disk full, out of memory), system errors (58: I/O) and internal errors (XX:
 * data or index corrupted).
 */
export function isEngineFailure(err: unknown): boolean {
  if (err instanceof DataDirError) return true;
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'RuntimeError' || e.name === 'ErrnoError' || errnoOf(err)) return true;
  if (typeof e.message === 'string' && /PGlite failed to initialize|Aborted\(\)/.test(e.message)) return true;
  return typeof e.code === 'string' && /^(53|58|XX)/.test(e.code);
}

/** Why the embedded engine could not use `dir`, from the error and, when it does not say, the directory. */
export function diagnoseDataDir(err: unknown, dir: string): DataDirError {
  if (err instanceof DataDirError) return err;
  const errno = errnoOf(err);
  const sqlstate = (err as { code?: unknown } | null)?.code;
  const cause = { cause: err };
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || sqlstate === '53100') return new DataDirError('disk-full', dir, {}, cause);
  if (!writable(dir)) return new DataDirError('read-only-dir', dir, {}, cause);
  const readOnly = firstReadOnly(dir);
  if (readOnly) return new DataDirError('read-only-files', dir, { file: readOnly }, cause);
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS') {
    const path = (err as { path?: unknown }).path;
    return new DataDirError('read-only-files', dir, typeof path === 'string' ? { file: path } : {}, cause);
  }
  if (freeBytes(dir) < LOW_SPACE_BYTES) return new DataDirError('disk-full', dir, {}, cause);
  return new DataDirError('corrupted', dir, {}, cause);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch (e) {
    // A directory that does not exist yet is as writable as the nearest one above it.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && join(path, '..') !== path) return writable(join(path, '..'));
    return false;
  }
}

/** The first file or directory under `dir` this process may not write, or null. */
function firstReadOnly(dir: string): string | null {
  const stack = [dir];
  let seen = 0;
  while (stack.length && seen < 100_000) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen++;
      const path = join(d, entry.name);
      if (!writable(path)) return path;
      if (entry.isDirectory()) stack.push(path);
    }
  }
  return null;
}

function freeBytes(dir: string): number {
  for (let p = dir; ; p = join(p, '..')) {
    try {
      const s = statfsSync(p);
      return s.bavail * s.bsize;
    } catch {
      if (join(p, '..') === p) return Number.POSITIVE_INFINITY;
    }
  }
}

/**
 * Two processes must never open one PGlite directory: the lock file `mizan.lock` names the process
 * holding it (its pid and, on Linux, its start time, so a reused pid is not mistaken for it). A lock
 * whose process still runs refuses this one (`locked`); a lock left by a process that no longer
 * runs is taken over (`onStale` is told). The lock is removed by the function returned, and in any
 * case when this process exits (normally, by process.exit, or after an uncaught exception); the
 * CLI turns SIGINT and SIGTERM into an exit.
 */
export function lockDataDir(dir: string, onStale: (pid: number) => void = () => {}): () => void {
  const lock = join(dir, LOCK_FILE);
  const content = `${process.pid}\n${startTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, content, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw diagnoseDataDir(e, dir);
    }
    const holder = readHolder(lock);
    if (holder && holder.pid !== process.pid && isRunning(holder.pid, holder.started)) throw new DataDirError('locked', dir, { pid: holder.pid });
    // Another process removed a stale lock and took it between our two tries.
    if (attempt > 0) throw new DataDirError('locked', dir, holder ? { pid: holder.pid } : {});
    if (holder && holder.pid !== process.pid) onStale(holder.pid);
    try {
      rmSync(lock, { force: true });
    } catch (e) {
      throw diagnoseDataDir(e, dir);
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    rmSync(lock, { force: true });
  };
  process.on('exit', release);
  return release;
}

function readHolder(lock: string): { pid: number; started: string | null } | null {
  try {
    const [pid, started] = readFileSync(lock, 'utf8').split('\n');
    const n = Number(pid);
    return Number.isSafeInteger(n) && n > 0 ? { pid: n, started: started || null } : null;
  } catch {
    return null;
  }
}

/** The process's start time in clock ticks since boot (Linux /proc), or null where unknown. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number, started: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTime(pid);
  return !(started && now && started !== now);
}
