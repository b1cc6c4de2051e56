/**
 * HTTP benchmarks: the pool endpoint served by the real application in this process, and a bare
 * Fastify route beside it (same logger configuration, same machine), both loaded by autocannon
 * from a child process.
 */
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import { buildApp } from '../http/app.js';
import type { Actor } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import { loggerOptions } from '../http/logging.js';
import { issueToken } from '../modules/identity/staff.js';

export interface HttpResult {
  /** this process's CPU (the server: all threads) per answered request, ms */
  nodeCpuMsPerRequest?: number;
  requests: number;
  throughput: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

/** Request logs are written as in production (JSON lines, personal data redacted) to a sink, not a terminal. */
const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

/** Warm-up, then the measured run, with the server's CPU per request (the load comes from a child process). */
export async function autocannon(o: { url: string; connections: number; seconds: number; warmupSeconds: number; requests: { path: string; headers?: Record<string, string> }[]; stagger?: number }): Promise<HttpResult> {
  if (o.warmupSeconds > 0) await fire({ ...o, seconds: o.warmupSeconds });
  const before = process.cpuUsage();
  const r = await fire(o);
  const used = process.cpuUsage(before);
  return { ...r, nodeCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / Math.max(1, r.requests)) * 1000) / 1000 };
}

function fire(o: { url: string; connections: number; seconds: number; requests: { path: string; headers?: Record<string, string> }[]; stagger?: number }): Promise<HttpResult> {
  const script = fileURLToPath(new URL('./http-load.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, JSON.stringify({ ...o, warmupSeconds: 0 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as HttpResult);
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/** A bare Fastify route: the most this process and machine serve over HTTP. */
export async function bareServer() {
  const app = Fastify({ logger: loggerOptions('info', discard()) as never });
  app.get('/bare', async () => ({ items: [], nextCursor: null }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** The application, on this database, listening on 127.0.0.1, with a fresh API token for each actor. */
/** The application as `mizan serve` builds it (its caches as configured by default, unless `poolCacheMs` says otherwise). */
export async function appServer(db: Kysely<DB>, dep: Deployment, actors: Actor[], opts: { poolCacheMs?: number } = {}) {
  // Rate limits counted as in production, set high enough that the load is never refused.
  const app = await buildApp({ db, deployment: dep, logger: loggerOptions('info', discard()), rateLimits: { user: 1_000_000_000, organisation: 1_000_000_000, sensitive: 1_000_000_000 }, ...(opts.poolCacheMs !== undefined ? { poolCache: { ttlMs: opts.poolCacheMs } } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const tokens: string[] = [];
  for (const actor of actors) tokens.push((await inTx(db, actor, (trx) => issueToken(trx, actor, actor.userId, 'benchmark'))).token);
  return { app, url: `http://127.0.0.1:${port}`, tokens, close: () => app.close() };
}

export const POOL_PATHS = 8;

/** A mix of pool queries a charity makes (default, both sorts, each filter), for each token in turn. */
export function poolRequests(dep: Deployment, tokens: string[]) {
  const tops = [...dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
  const paths = [
    '/api/v1/pool',
    '/api/v1/pool?sort=priority',
    '/api/v1/pool?aidType=food-basket',
    `/api/v1/pool?region=${tops[0]}`,
    '/api/v1/pool?basket=living&sort=priority',
    '/api/v1/pool?householdSize=4',
    `/api/v1/pool?nationality=${dep.nationality}`,
    `/api/v1/pool?region=${tops[Math.min(1, tops.length - 1)]}&sort=priority`,
  ];
  return tokens.flatMap((token) => paths.map((path) => ({ path, headers: { authorization: `Bearer ${token}` } })));
}
