/**
 * The machine's own ceiling for a write: pgbench running a bare single-row INSERT (one statement,
 * one commit) at N clients against a scratch table in the same database, on the same server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { summarise, type Summary } from './measure.js';

export const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';
const SCRATCH = 'bench_scratch_insert';

export interface PgbenchResult extends Summary {
  script: string;
  /** pgbench's own figure (transactions per second without connection time) */
  tps: number;
  clientCpuMsPerOp: number;
  serverCpuMsPerOp: number;
}

/** CPU ms of a process so far, from /proc (0 when it is gone or not on this machine). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, onStart?: (pid: number) => void): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env });
    if (p.pid) onStart?.(p.pid);
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

export async function pgbenchInsert(url: string, o: { clients: number; seconds: number }): Promise<PgbenchResult> {
  const u = new URL(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const script = `insert into ${SCRATCH} (household_id, amount_minor) values (gen_random_uuid(), 25000);`;
  const dir = mkdtempSync(join(tmpdir(), 'mizan-pgbench-'));
  try {
    await admin.query(`drop table if exists ${SCRATCH}`);
    await admin.query(`create table ${SCRATCH} (id bigint generated always as identity primary key, household_id uuid not null, amount_minor bigint not null, created_at timestamptz not null default now())`);
    await admin.query('checkpoint');
    writeFileSync(join(dir, 'insert.sql'), `${script}\n`);
    const args = [
      '-n', '-c', String(o.clients), '-j', String(Math.min(o.clients, 2)), '-T', String(Math.max(1, Math.round(o.seconds))),
      '-f', join(dir, 'insert.sql'), '-l', '--log-prefix', join(dir, 'tx'),
      '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), decodeURIComponent(u.pathname.slice(1)),
    ];
    const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
    // CPU of pgbench itself and of its backends, sampled while it runs (both are gone at the end)
    const seen = new Map<number, number>();
    let client = 0;
    const sample = async () => {
      if (client) seen.set(client, Math.max(seen.get(client) ?? 0, cpuMs(client)));
      const pids = await admin.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = 'pgbench'`);
      for (const { pid } of pids.rows) seen.set(pid, Math.max(seen.get(pid) ?? 0, cpuMs(pid)));
    };
    const timer = setInterval(() => void sample().catch(() => {}), 250);
    let r;
    try {
      r = await run(PGBENCH, args, env, (pid) => (client = pid));
    } finally {
      clearInterval(timer);
    }
    const clientCpu = seen.get(client) ?? 0;
    seen.delete(client);
    const serverCpu = [...seen.values()].reduce((a, b) => a + b, 0);
    if (r.code !== 0) throw new Error(`pgbench failed: ${r.err || r.out}`);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(r.out)?.[1] ?? NaN);
    // per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((f) => f.startsWith('tx'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const parts = line.split(' ');
        if (parts.length >= 3) latencies.push(Number(parts[2]) / 1000);
      }
    }
    const n = Math.max(1, latencies.length);
    return {
      ...summarise(latencies, o.seconds),
      throughput: Math.round(tps * 10) / 10,
      tps,
      script,
      // sampled every 250 ms, so the last quarter second of each process may be missing
      clientCpuMsPerOp: Math.round((clientCpu / n) * 1000) / 1000,
      serverCpuMsPerOp: Math.round((serverCpu / n) * 1000) / 1000,
    };
  } finally {
    await admin.query(`drop table if exists ${SCRATCH}`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
