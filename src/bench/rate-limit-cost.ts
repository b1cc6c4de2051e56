/**
 * What counting a request costs on PostgreSQL (BENCHMARKS.md, "Rate limits"): rate_limit_hit()
 * with a user's and an organisation's key, as the server sends it for a grant, beside a bare
 * `select 1` round trip; one client, and sixteen clients as sixteen users of one organisation (all
 * on the organisation's row); the counters UNLOGGED (as 0013 makes them) and, for comparison,
 * logged. In a scratch database made and dropped here.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx src/bench/rate-limit-cost.ts [seconds]
 */
import pg from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { closedLoop, postgresCpu } from './measure.js';

const base = process.env.DATABASE_URL;
if (!base) {
  console.error('Set DATABASE_URL to a PostgreSQL server (a scratch database is made and dropped there).');
  process.exit(2);
}
const seconds = Number(process.argv[2] ?? 5);
const name = `mizan_rl_cost_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
try {
  const d = await openDatabase({ url: url.toString(), poolSize: 2 });
  await migrate(d);
  await d.close();
  const pool = new pg.Pool({ connectionString: url.toString(), max: 16 });
  pool.on('error', () => {});
  const pids = async () => (await admin.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1`, [name])).rows.map((r) => r.pid);
  const org = `o:${randomUUID()}`;
  const users = Array.from({ length: 16 }, () => `u:${randomUUID()}`);
  const hit = 'select hits, reset_ms from rate_limit_hit($1::text[], $2::int[], $3::int[])';
  let i = 0;
  const run = async (label: string, clients: number, op: () => Promise<unknown>) => {
    const r = await closedLoop({ clients, seconds, warmupSeconds: 1, next: () => i++, op, serverCpu: postgresCpu(pids) });
    console.log(`${label.padEnd(58)} ${String(r.throughput).padStart(8)}/s  p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  database CPU ${r.serverCpuMsPerOp?.toFixed(3)} ms/op`);
  };
  const counted = (c: number) => () => pool.query(hit, [[users[c % 16], org], [1_000_000_000, 1_000_000_000], [60_000, 60_000]]);
  for (const persistence of ['unlogged', 'logged'] as const) {
    await pool.query(`alter table rate_limit_counters set ${persistence}`);
    await run(`select 1, 1 client`, 1, () => pool.query('select 1'));
    await run(`rate_limit_hit, user + org, ${persistence}, 1 client`, 1, counted(0));
    let c = 0;
    await run(`rate_limit_hit, 16 users, no org, ${persistence}, 16 clients`, 16, () => pool.query(hit, [[users[c++ % 16]], [1_000_000_000], [60_000]]));
    await run(`select 1, 16 clients`, 16, () => pool.query('select 1'));
    await run(`rate_limit_hit, 16 users of 1 org, ${persistence}, 16 clients`, 16, () => counted(c++)());
  }
  await pool.end();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
