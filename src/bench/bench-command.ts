/**
 * `mizan bench`: the core paths measured against this machine's own limits, on the PostgreSQL
 * server of DATABASE_URL (and on the embedded engine for the engine comparison). Prints a table
 * and writes bench/results/<date>.json. Never part of `npm test`.
 *
 *   grant      the complete grant path at N clients beside pgbench's bare INSERT at N clients
 *   elsewhere  aid received elsewhere, by any member's national ID, at the large size
 *   pool       the pool endpoint over HTTP (autocannon, 32 connections) beside a bare Fastify route
 *   growth     elsewhere and pool at the small size too
 *   engines    grant and elsewhere on one client: PGlite beside PostgreSQL at the small size
 *   intake     a charity's upload of 1M rows (ID, phone, name) against the 1M-household registry (src/bench/intake.ts)
 *   match      the person-matching engine over 200 000 labelled synthetic records (src/bench/match.ts)
 *   match-registry  100 000 records without reliable IDs searched for among 1M registry persons
 *              through the database (src/bench/match-registry.ts)
 *   what-if    a change of a programme's criteria evaluated over the facts of 1M households (src/bench/programmes.ts)
 *   benefit-cycle  a monthly programme's cycle for 200 000 enrolled households: computed, then paid
 *   ledger         grants funded by donation lots beside plain grants at 16 clients; a donor's trace over 10 000 gifts
 *              through the grant path by one and by two runners (src/bench/programmes.ts)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as kysely from 'kysely';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { loadDeployment, type Deployment } from '../deployments/setup.js';
import type { Actor } from '../kernel/actor.js';
import { inTx, setActor } from '../kernel/transaction.js';
import { systemClock } from '../kernel/clock.js';
import { grantAid } from '../modules/grants/grants.service.js';
import { listPool } from '../modules/requests/pool.js';
import { Problem } from '../shared/problem.js';
import { postgresDataset, pgliteDataset, type Dataset } from './datasets.js';
import { explainPath, type ExplainedStatement } from './explain.js';
import { UsageError, countryOf, positiveInt, withUsage } from './generate-command.js';
import { POOL_PATHS, appServer, autocannon, bareServer, poolRequests, type HttpResult } from './http.js';
import { closedLoop, postgresCpu, type Summary } from './measure.js';
import { benchCaseworker, charityCaseworkers, elsewhereOnce, elsewhereSample, grantBatched, grantCandidates, grantOnce, type GrantCandidate } from './paths.js';
import { GrantBatcher } from '../modules/grants/record-grants.js';
import { pgbenchInsert } from './pgbench.js';
import { intakeBench } from './intake.js';
import { matchBench } from './match.js';
import { matchRegistry, matchRegistryBench } from './match-registry.js';
import { benefitCycleBench, whatIfBench, whatIfDataset } from './programmes.js';
import { PAY_BATCH } from '../modules/programmes/benefit-cycle.js';
import { ledgerBench } from './ledger.js';

export const BENCH_USAGE = `Usage: mizan bench [--quick] [--only grant,elsewhere,pool,growth,engines,intake,match,match-registry,what-if,benefit-cycle,ledger] [--data-only]
                   [--households 1000000] [--small 100000] [--seed 1] [--clients 16] [--connections 32]
                   [--seconds 20] [--country KW] [--fresh]
                   [--persons 1000000] [--records 100000] [--match-batch 1000] [--match-concurrency 2]
                   [--whatif-households 1000000] [--whatif-runs 10] [--cycle-households 200000] [--pay-batch 1000] [--pay-runners 1,2]

Runs against the PostgreSQL server of DATABASE_URL: creates (once) and reuses the databases
mizan_bench_<country>_<households>_s<seed> there (MIZAN_BENCH_DB_PREFIX replaces mizan_bench), and
an embedded database in bench/data/.
Results go to bench/results/<date>.json (MIZAN_BENCH_DIR moves bench/ elsewhere).
--quick: tiny registries and short runs, to check the harness in seconds.
--data-only: generate the benchmark databases and stop (npm run bench:data).
--fresh: regenerate the databases even when they exist.
match-registry: --records records searched for among a registry of --persons persons of its own
database (<prefix>_match_<persons>_s<seed>, generated once in about a minute and kept),
--match-batch records per search call, --match-concurrency calls at once; --quick: 20 000 persons, 2 000 records.
what-if: the facts of --whatif-households households in their own database (<prefix>_whatif_<households>_s<seed>,
generated once in SQL and kept); --whatif-runs measured runs; --quick: 20 000 households, 3 runs.
benefit-cycle: the registry data set of --cycle-households households, copied for each --pay-runners count
(<prefix>_cycle_<households>_s<seed>), --pay-batch entitlements a batch; --quick: 2 000 households.`;

/** Where results (results/) and the embedded data sets (data/) go: MIZAN_BENCH_DIR, else bench/ in the repository. */
const BENCH_DIR = process.env.MIZAN_BENCH_DIR ?? fileURLToPath(new URL('../../bench', import.meta.url));
const SECTIONS = ['grant', 'elsewhere', 'pool', 'growth', 'engines', 'intake', 'match', 'match-registry', 'what-if', 'benefit-cycle', 'ledger'] as const;
type Section = (typeof SECTIONS)[number];

interface Target { name: string; metric: string; value: number; target: string; ok: boolean }

const r2 = (x: number) => Math.round(x * 100) / 100;
const log = (l: string) => console.log(l);

async function machine(db: Kysely<DB>) {
  const { sql } = kysely;
  const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v;
  const names = [
    'shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'max_connections', 'synchronous_commit', 'fsync', 'full_page_writes',
    'wal_level', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout', 'commit_delay', 'random_page_cost', 'effective_io_concurrency', 'jit',
    'max_worker_processes', 'max_parallel_workers', 'max_parallel_workers_per_gather', 'huge_pages',
  ];
  const rows = (await sql<{ name: string; setting: string }>`select name, current_setting(name) as setting from pg_settings where name in (${sql.join(names)}) order by name`.execute(db)).rows;
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: version,
    settings: Object.fromEntries(rows.map((r) => [r.name, r.setting])),
  };
}

function load() {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

/** The CPU of this database's backends, when the server runs on this machine (PGlite runs inside this process). */
function serverCpu(ds: Dataset) {
  if (ds.database.engine !== 'postgres' || !ds.url || !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(ds.url).hostname)) return {};
  const { sql } = kysely;
  return {
    serverCpu: postgresCpu(async () =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(ds.database.db)).rows.map((r) => r.pid)),
  };
}

/**
 * Grants, each to a household that may receive that aid today, on `clients` clients at once:
 * through the grant batcher as the HTTP route records them ('batched': grants recorded at the
 * same moment share a transaction), or each in a transaction of its own ('single').
 */
async function runGrants(ds: Dataset, dep: Deployment, actor: Actor, take: () => GrantCandidate | undefined, clients: number, seconds: number, warmupSeconds: number, mode: 'batched' | 'single' = 'batched') {
  const batcher = new GrantBatcher(ds.database.db, dep, systemClock);
  const r = await closedLoop({
    clients,
    seconds,
    warmupSeconds,
    next: take,
    op: (c) => (mode === 'batched' ? grantBatched(batcher, actor, systemClock, c) : grantOnce(ds.database.db, actor, dep, systemClock, c)),
    tolerate: (e) => e instanceof Problem && e.slug === 'duplicate-aid',
    ...serverCpu(ds),
  });
  return { ...r, batching: mode === 'batched' ? { transactions: batcher.stats.batches, grantsPerTransaction: r2(batcher.stats.grants / Math.max(1, batcher.stats.batches)), retriedAlone: batcher.stats.retried } : null };
}

async function runElsewhere(ds: Dataset, dep: Deployment, actor: Actor, ids: string[], clients: number, seconds: number, warmupSeconds: number) {
  let i = 0;
  return closedLoop({ clients, seconds, warmupSeconds, next: () => ids[i++ % ids.length], op: (id) => elsewhereOnce(ds.database.db, actor, dep, id), ...serverCpu(ds) });
}

const ROLLBACK = Symbol('rollback');
async function explainGrant(db: Kysely<DB>, dep: Deployment, actor: Actor, c: GrantCandidate) {
  return explainPath(db, actor, async (cdb) => {
    try {
      await cdb.transaction().execute(async (trx) => {
        await setActor(trx, actor);
        await grantAid(trx, actor, dep, systemClock, { beneficiaryNationalId: c.nationalId, aidTypeCode: c.aidTypeCode, ...(c.amount ? { amount: c.amount } : {}) });
        throw ROLLBACK;
      });
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
  });
}

const slowest = (plans: ExplainedStatement[]) => plans.slice(0, 3);

/**
 * The pool over HTTP: `connections` caseworkers of the charities (one API token each, the
 * charities taken in turn), each cycling through the pool queries; and the same load with one
 * token shared by every connection (as one integration would), because each authenticated request
 * records the token's last use. Beside them, a bare Fastify route.
 */
async function poolHttp(ds: Dataset, connections: number, seconds: number, warmupSeconds: number, withSharedToken: boolean) {
  const dep = await loadDeployment(ds.database.db);
  const bare = await bareServer();
  let bareResult: HttpResult;
  try {
    bareResult = await autocannon({ url: bare.url, connections, seconds, warmupSeconds, requests: [{ path: '/bare' }] });
  } finally {
    await bare.close();
  }
  const actors = await charityCaseworkers(ds.database.db, connections);
  const server = await appServer(ds.database.db, dep, actors);
  let poolResult: HttpResult;
  let sharedToken: HttpResult | undefined;
  let pageSize: number;
  try {
    const probe = await fetch(`${server.url}/api/v1/pool`, { headers: { authorization: `Bearer ${server.tokens[0]}` } });
    if (probe.status !== 200) throw new Error(`GET /api/v1/pool answered ${probe.status}: ${await probe.text()}`);
    pageSize = ((await probe.json()) as { items: unknown[] }).items.length;
    poolResult = await autocannon({ url: server.url, connections, seconds, warmupSeconds, requests: poolRequests(dep, server.tokens), stagger: POOL_PATHS });
    if (withSharedToken) sharedToken = await autocannon({ url: server.url, connections, seconds, warmupSeconds, requests: poolRequests(dep, server.tokens.slice(0, 1)) });
  } finally {
    await server.close();
  }
  const actor = actors[0]!;
  // The same load with the page cache off: every request reads PostgreSQL (what a cache miss costs).
  let uncached: HttpResult | undefined;
  if (withSharedToken) {
    const plain = await appServer(ds.database.db, dep, actors, { poolCacheMs: 0 });
    try {
      uncached = await autocannon({ url: plain.url, connections, seconds, warmupSeconds, requests: poolRequests(dep, plain.tokens), stagger: POOL_PATHS });
    } finally {
      await plain.close();
    }
  }
  const plans = await explainPath(ds.database.db, actor, (cdb) => inTx(cdb, actor, (trx) => listPool(trx, actor, dep, { sort: 'priority' }, new Date())));
  return {
    bare: bareResult,
    pool: poolResult,
    ratio: r2(poolResult.throughput / bareResult.throughput),
    ...(sharedToken ? { sharedToken, sharedTokenRatio: r2(sharedToken.throughput / bareResult.throughput) } : {}),
    ...(uncached ? { uncached, uncachedRatio: r2(uncached.throughput / bareResult.throughput) } : {}),
    charities: new Set(actors.map((a) => a.orgId)).size,
    firstPageItems: pageSize,
    openRequestsInPool: await poolSize(ds.database.db),
    plans: slowest(plans),
  };
}

async function poolSize(db: Kysely<DB>) {
  const r = await db.selectFrom('aid_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A checkpoint, then no autovacuum worker busy on this server (at most a minute's wait). */
async function quiet(db: Kysely<DB>) {
  const { sql } = kysely;
  await sql`checkpoint`.execute(db).catch(() => {});
  for (let i = 0; i < 120; i++) {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`.execute(db);
    if ((r.rows[0]?.n ?? 0) === 0) return;
    await new Promise((res) => setTimeout(res, 500));
  }
}

export function benchCommand(config: Config, args: string[]): Promise<number> {
  return withUsage(BENCH_USAGE, () => bench(config, args));
}

async function bench(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean' }, only: { type: 'string' }, 'data-only': { type: 'boolean' }, fresh: { type: 'boolean' },
      households: { type: 'string' }, small: { type: 'string' }, seed: { type: 'string' }, clients: { type: 'string' },
      connections: { type: 'string' }, seconds: { type: 'string' }, country: { type: 'string' }, help: { type: 'boolean' },
      persons: { type: 'string' }, records: { type: 'string' }, 'match-batch': { type: 'string' }, 'match-concurrency': { type: 'string' },
      'whatif-households': { type: 'string' }, 'whatif-runs': { type: 'string' }, 'cycle-households': { type: 'string' }, 'pay-batch': { type: 'string' }, 'pay-runners': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  if (!config.databaseUrl) {
    console.error('Set DATABASE_URL to the PostgreSQL server to measure (e.g. postgres://postgres@127.0.0.1:5432/postgres).\n');
    console.error(BENCH_USAGE);
    return 2;
  }
  const quick = values.quick === true;
  const large = positiveInt('households', values.households, quick ? 2_000 : 1_000_000);
  const small = positiveInt('small', values.small, quick ? 500 : 100_000);
  const seed = positiveInt('seed', values.seed, 1);
  const clients = positiveInt('clients', values.clients, 16);
  const connections = positiveInt('connections', values.connections, 32);
  const seconds = positiveInt('seconds', values.seconds, quick ? 2 : 20);
  const warmup = quick ? 1 : 3;
  const country = countryOf(values.country ?? config.country);
  const only = new Set<Section>(values.only ? (values.only.split(',').map((s) => s.trim()) as Section[]) : SECTIONS);
  for (const s of only) if (!SECTIONS.includes(s)) throw new UsageError(`Unknown section "${s}". Sections: ${SECTIONS.join(', ')}.`);
  const fresh = values.fresh === true;
  const started = new Date();

  // The databases --------------------------------------------------------------------------------
  const needLarge = only.has('grant') || only.has('elsewhere') || only.has('pool') || only.has('intake') || values['data-only'];
  const needSmall = only.has('growth') || only.has('engines') || values['data-only'];
  const needPglite = only.has('engines') || values['data-only'];
  const opened: Dataset[] = [];
  const open = async <T extends Dataset>(p: Promise<T>) => {
    const d = await p;
    opened.push(d);
    return d;
  };
  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  const failures: string[] = [];
  let info: Awaited<ReturnType<typeof machine>> | undefined;
  try {
    const largeDs = needLarge ? await open(postgresDataset(config.databaseUrl, { households: large, seed, country }, { poolSize: Math.max(clients, 4), log, fresh })) : undefined;
    const smallDs = needSmall ? await open(postgresDataset(config.databaseUrl, { households: small, seed, country }, { poolSize: Math.max(clients, 4), log, fresh })) : undefined;
    const pgliteDs = needPglite ? await open(pgliteDataset(`${BENCH_DIR}/data`, { households: small, seed, country }, { log, fresh })) : undefined;
    results.datasets = opened.map((d) => ({ name: d.name, engine: d.database.engine, ...d.marker, generatedThisRun: d.loaded !== null }));
    if (values['data-only'] && only.has('match-registry')) {
      const m = await matchRegistry({
        serverUrl: config.databaseUrl, seed, fresh, log,
        persons: positiveInt('persons', values.persons, quick ? 20_000 : 1_000_000),
        records: positiveInt('records', values.records, quick ? 2_000 : 100_000),
      });
      (results.datasets as unknown[]).push({ name: m.name, engine: 'postgres', ...m.marker, generatedThisRun: m.loadedNow });
    }
    const whatIfHouseholds = positiveInt('whatif-households', values['whatif-households'], quick ? 20_000 : 1_000_000);
    const cycleHouseholds = positiveInt('cycle-households', values['cycle-households'], quick ? 2_000 : 200_000);
    if (values['data-only'] && only.has('what-if')) {
      const w = await whatIfDataset({ serverUrl: config.databaseUrl, households: whatIfHouseholds, seed, fresh, log });
      await w.database.close();
      (results.datasets as unknown[]).push({ name: w.name, engine: 'postgres', ...w.marker, generatedThisRun: w.generatedThisRun });
    }
    if (values['data-only'] && only.has('benefit-cycle')) {
      const c = await postgresDataset(config.databaseUrl, { households: cycleHouseholds, seed, country }, { poolSize: 2, log, fresh });
      await c.database.close();
      (results.datasets as unknown[]).push({ name: c.name, engine: 'postgres', ...c.marker, generatedThisRun: c.loaded !== null });
    }
    if (values['data-only']) {
      console.log(JSON.stringify(results.datasets, null, 2));
      return 0;
    }
    const infoDs = largeDs ?? smallDs;
    if (infoDs) info = await machine(infoDs.database.db);

    const section = async (name: string, fn: () => Promise<unknown>) => {
      // Each section starts with the earlier sections' writes on disk (a checkpoint), so that their
      // write-back does not land in its measurements.
      // And on a quiet server: autovacuum, woken by an earlier section's inserts, is waited for (a minute at most).
      for (const d of opened) if (d.database.engine === 'postgres') await quiet(d.database.db);
      const before = load();
      log(`\n== ${name} ==`);
      try {
        const r = await fn();
        results[name] = { ...(r as object), loadAverage: { before, after: load() } };
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`);
        results[name] = { error: (e as Error).stack ?? String(e), loadAverage: { before, after: load() } };
        console.error(`${name} failed: ${(e as Error).message}`);
      }
    };

    if (largeDs && only.has('grant')) {
      await section('grant', async () => {
        const db = largeDs.database.db;
        const dep = await loadDeployment(db);
        const actor = await benchCaseworker(db);
        const today = new Date().toISOString().slice(0, 10);
        const candidates = await grantCandidates(db, dep, today, quick ? 3_000 : 60_000);
        const explainOn = candidates.pop()!;
        const pgbench = await pgbenchInsert(largeDs.url!, { clients, seconds });
        log(`pgbench bare INSERT, ${clients} clients: ${pgbench.tps.toFixed(0)} tps, p99 ${pgbench.p99} ms`);
        // each candidate once, across both runs (a household takes a bench aid type once)
        let next = 0;
        const take = () => candidates[next++];
        const grant = await runGrants(largeDs, dep, actor, take, clients, seconds, warmup);
        log(`grant path, ${clients} clients: ${grant.throughput} grants/s, p50 ${grant.p50} ms, p99 ${grant.p99} ms, refused ${grant.errors}, ${grant.batching?.grantsPerTransaction} grants per transaction`);
        const single = await runGrants(largeDs, dep, actor, take, clients, seconds, warmup, 'single');
        log(`grant path, one transaction per grant, ${clients} clients: ${single.throughput} grants/s, p50 ${single.p50} ms, p99 ${single.p99} ms`);
        const ratio = r2(grant.throughput / pgbench.tps);
        targets.push({ name: 'grant', metric: `throughput / pgbench INSERT (${clients} clients)`, value: ratio, target: '≥ 0.5', ok: ratio >= 0.5 });
        targets.push({ name: 'grant', metric: 'p99 ms', value: grant.p99, target: '≤ 25', ok: grant.p99 <= 25 });
        return { households: large, clients, pgbench, grant, single, ratio, singleRatio: r2(single.throughput / pgbench.tps), plans: slowest(await explainGrant(db, dep, actor, explainOn)) };
      });
    }

    if (largeDs && only.has('elsewhere')) {
      await section('elsewhere', async () => {
        const db = largeDs.database.db;
        const dep = await loadDeployment(db);
        const actor = await benchCaseworker(db);
        const ids = await elsewhereSample(db, actor.orgId!, quick ? 300 : 20_000);
        const single = await runElsewhere(largeDs, dep, actor, ids, 1, seconds, warmup);
        log(`elsewhere, 1 client: p50 ${single.p50} ms, p99 ${single.p99} ms (${single.throughput}/s)`);
        const concurrent = await runElsewhere(largeDs, dep, actor, ids, clients, seconds, warmup);
        log(`elsewhere, ${clients} clients: ${concurrent.throughput}/s, p50 ${concurrent.p50} ms, p99 ${concurrent.p99} ms`);
        targets.push({ name: 'elsewhere', metric: `p99 ms at ${large.toLocaleString('en')} households, 1 client`, value: single.p99, target: '≤ 5', ok: single.p99 <= 5 });
        const plans = await explainPath(db, actor, (cdb) => elsewhereOnce(cdb, actor, dep, ids[0]!));
        return { households: large, grants: largeDs.marker.rows.grants, single, concurrent, plans: slowest(plans) };
      });
    }

    if (largeDs && only.has('intake')) {
      await section('intake', async () => {
        const r = await intakeBench(largeDs, { rows: quick ? 20_000 : 1_000_000, dir: `${BENCH_DIR}/data/intake`, log });
        targets.push({ name: 'intake', metric: `seconds for ${r.rows.toLocaleString('en')} rows`, value: r.seconds.total!, target: '≤ 15', ok: r.seconds.total! <= 15 });
        targets.push({ name: 'intake', metric: 'RSS MiB (max)', value: r.rssMaxMiB, target: '≤ 512', ok: r.rssMaxMiB <= 512 });
        return r;
      });
    }

    if (only.has('match')) {
      await section('match', async () => {
        const r = await matchBench({ records: quick ? 5_000 : 200_000, seed: 1, log });
        targets.push({ name: 'match', metric: 'pairwise F1 on the synthetic set', value: Math.round(r.engine.f1 * 10_000) / 10_000, target: '≥ 0.97', ok: r.engine.f1 >= 0.97 });
        targets.push({ name: 'match', metric: `RSS MiB (max), ${r.records.toLocaleString('en')} records`, value: r.rssMaxMiB, target: '≤ 1024', ok: r.rssMaxMiB <= 1024 });
        return r;
      });
    }

    if (only.has('match-registry')) {
      await section('match-registry', async () => {
        const r = await matchRegistryBench({
          serverUrl: config.databaseUrl!, seed, fresh, log,
          persons: positiveInt('persons', values.persons, quick ? 20_000 : 1_000_000),
          records: positiveInt('records', values.records, quick ? 2_000 : 100_000),
          batch: positiveInt('match-batch', values['match-batch'], 1_000),
          concurrency: positiveInt('match-concurrency', values['match-concurrency'], 2),
        });
        const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
        log(`match-registry: ${r.records.toLocaleString('en')} records against ${r.registryPersons.toLocaleString('en')} persons in ${r.seconds.total} s (prepare ${r.seconds.prepare} s, search ${r.seconds.search} s), ${r.recordsPerSecond} records/s, RSS max ${r.rssMaxMiB} MiB, load average ${r.searchLoadAverage.before[0]} → ${r.searchLoadAverage.after[0]}`);
        log(`match-registry: persons compared per record mean ${r.comparedPerRecord.mean}, p50 ${r.comparedPerRecord.p50}, p99 ${r.comparedPerRecord.p99}, max ${r.comparedPerRecord.max}; holders by key ${Object.entries(r.holdersByKind).map(([k, v]) => `${k} ${v}`).join(', ')}; skipped keys ${Object.entries(r.skippedKeysByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        log(`match-registry: at link ${r.thresholds.link}: P ${pct(r.atLink.precision)} R ${pct(r.atLink.recall)} F1 ${pct(r.atLink.f1)}; at review ${r.thresholds.review}: P ${pct(r.atReview.precision)} R ${pct(r.atReview.recall)} F1 ${pct(r.atReview.f1)}; baseline (same valid ID) P ${pct(r.baseline.precision)} R ${pct(r.baseline.recall)} F1 ${pct(r.baseline.f1)}`);
        targets.push({ name: 'match-registry', metric: `seconds, ${r.records.toLocaleString('en')} records against ${r.registryPersons.toLocaleString('en')} persons`, value: r.seconds.total, target: '≤ 60', ok: r.seconds.total <= 60 });
        targets.push({ name: 'match-registry', metric: 'RSS MiB (max, the search process)', value: r.rssMaxMiB, target: '≤ 1024', ok: r.rssMaxMiB <= 1024 });
        targets.push({ name: 'match-registry', metric: 'pairwise F1 at the link threshold', value: r.atLink.f1, target: '≥ 0.97', ok: r.atLink.f1 >= 0.97 });
        return r;
      });
    }

    if (only.has('what-if')) {
      await section('what-if', async () => {
        const r = await whatIfBench({ serverUrl: config.databaseUrl!, households: whatIfHouseholds, seed, fresh, log, runs: positiveInt('whatif-runs', values['whatif-runs'], quick ? 3 : 10) });
        targets.push({ name: 'what-if', metric: `median ms, ${r.households.toLocaleString('en')} households`, value: r.ms.median, target: '≤ 2000', ok: r.ms.median <= 2000 });
        targets.push({ name: 'what-if', metric: `p95 ms, ${r.households.toLocaleString('en')} households`, value: r.ms.p95, target: '≤ 2000', ok: r.ms.p95 <= 2000 });
        return r;
      });
    }

    if (only.has('benefit-cycle')) {
      await section('benefit-cycle', async () => {
        const runners = (values['pay-runners'] ?? '1,2').split(',').map((x) => positiveInt('pay-runners', x.trim(), 1));
        const r = await benefitCycleBench({ serverUrl: config.databaseUrl!, households: cycleHouseholds, seed, fresh, log, runners, batch: positiveInt('pay-batch', values['pay-batch'], PAY_BATCH) });
        for (const run of r.runs) {
          targets.push({ name: 'benefit-cycle', metric: `preview s, ${run.enrolled.toLocaleString('en')} enrolled`, value: run.preview.seconds, target: '≤ 60', ok: run.preview.seconds <= 60 });
          targets.push({ name: 'benefit-cycle', metric: `pay s, ${run.pay.grants.toLocaleString('en')} grants, ${run.runners} runner(s)`, value: run.pay.seconds, target: '≤ 60', ok: run.pay.seconds <= 60 });
          if (run.pay.status !== 'paid') failures.push(`benefit-cycle: the cycle ended ${run.pay.status}, not paid (${run.runners} runners)`);
        }
        return r;
      });
    }

    if (only.has('ledger')) {
      await section('ledger', async () => {
        const r = await ledgerBench(config.databaseUrl!, { households: quick ? 3_000 : 10_000, lots: quick ? 100 : 1_000, donations: quick ? 2_000 : 10_000, clients, seconds: quick ? 2 : 4, requests: quick ? 100 : 300, log });
        targets.push({ name: 'ledger', metric: `funded / plain grants per s over HTTP, ${r.clients} clients`, value: r.http.ratio, target: '≥ 0.7', ok: r.http.ratio >= 0.7 });
        targets.push({ name: 'ledger', metric: `funded / plain grants per s in the batcher (database-bound), ${r.clients} clients`, value: r.ratio, target: '≥ 0.7', ok: r.ratio >= 0.7 });
        targets.push({ name: 'ledger', metric: `donor trace p99 ms, ${r.trace.donations.toLocaleString('en')} donations`, value: r.trace.p99, target: '≤ 50', ok: r.trace.p99 <= 50 });
        return r;
      });
    }

    if (largeDs && only.has('pool')) {
      await section('pool', async () => {
        const r = await poolHttp(largeDs, connections, seconds, warmup, true);
        log(`bare Fastify, ${connections} connections: ${r.bare.throughput.toFixed(0)} req/s, p99 ${r.bare.p99} ms`);
        log(`pool, ${connections} connections, ${connections} tokens of ${r.charities} charities: ${r.pool.throughput.toFixed(0)} req/s, p99 ${r.pool.p99} ms, non-2xx ${r.pool.non2xx}`);
        if (r.sharedToken) log(`pool, ${connections} connections sharing one token: ${r.sharedToken.throughput.toFixed(0)} req/s, p99 ${r.sharedToken.p99} ms`);
        if (r.uncached) log(`pool, page cache off (every request reads PostgreSQL): ${r.uncached.throughput.toFixed(0)} req/s, p99 ${r.uncached.p99} ms, non-2xx ${r.uncached.non2xx}`);
        targets.push({ name: 'pool', metric: `req/s / bare Fastify (${connections} connections)`, value: r.ratio, target: '≥ 0.3', ok: r.ratio >= 0.3 });
        targets.push({ name: 'pool', metric: 'p99 ms', value: r.pool.p99, target: '≤ 50', ok: r.pool.p99 <= 50 });
        if (r.pool.non2xx > 0 || r.pool.errors > 0) failures.push(`pool: ${r.pool.non2xx} non-2xx answers, ${r.pool.errors} errors`);
        return { households: large, connections, ...r };
      });
    }

    if (smallDs && only.has('growth')) {
      await section('growth', async () => {
        const db = smallDs.database.db;
        const dep = await loadDeployment(db);
        const actor = await benchCaseworker(db);
        const ids = await elsewhereSample(db, actor.orgId!, quick ? 300 : 20_000);
        const elsewhere = await runElsewhere(smallDs, dep, actor, ids, 1, seconds, warmup);
        log(`elsewhere at ${small.toLocaleString('en')} households, 1 client: p50 ${elsewhere.p50} ms, p99 ${elsewhere.p99} ms`);
        const r = await poolHttp(smallDs, connections, seconds, warmup, false);
        log(`pool at ${small.toLocaleString('en')} households: ${r.pool.throughput.toFixed(0)} req/s, p99 ${r.pool.p99} ms (bare ${r.bare.throughput.toFixed(0)} req/s)`);
        return { households: small, elsewhere, pool: r.pool, bare: r.bare, poolRatio: r.ratio, openRequestsInPool: r.openRequestsInPool, plans: r.plans };
      });
    }

    if (smallDs && pgliteDs && only.has('engines')) {
      await section('engines', async () => {
        const one = async (ds: Dataset) => {
          const db = ds.database.db;
          const dep = await loadDeployment(db);
          const actor = await benchCaseworker(db);
          const today = new Date().toISOString().slice(0, 10);
          const candidates = await grantCandidates(db, dep, today, quick ? 300 : 5_000);
          let next = 0;
          const grant = await runGrants(ds, dep, actor, () => candidates[next++], 1, seconds, warmup);
          const ids = await elsewhereSample(db, actor.orgId!, quick ? 300 : 5_000);
          const elsewhere = await runElsewhere(ds, dep, actor, ids, 1, seconds, warmup);
          log(`${ds.database.engine}: grant p50 ${grant.p50} ms (${grant.throughput}/s), elsewhere p50 ${elsewhere.p50} ms (${elsewhere.throughput}/s)`);
          return { grant, elsewhere };
        };
        const postgres = await one(smallDs);
        const pglite = await one(pgliteDs);
        const grantRatio = r2(pglite.grant.mean / postgres.grant.mean);
        const elsewhereRatio = r2(pglite.elsewhere.mean / postgres.elsewhere.mean);
        targets.push({ name: 'engines', metric: 'grant: PGlite / PostgreSQL mean latency, 1 client', value: grantRatio, target: '≤ 5', ok: grantRatio <= 5 });
        targets.push({ name: 'engines', metric: 'elsewhere: PGlite / PostgreSQL mean latency, 1 client', value: elsewhereRatio, target: '≤ 5', ok: elsewhereRatio <= 5 });
        return { households: small, postgres, pglite, grantRatio, elsewhereRatio };
      });
    }
  } finally {
    for (const d of opened) await d.database.close().catch(() => {});
  }

  // Report ---------------------------------------------------------------------------------------
  const report = {
    date: started.toISOString(),
    quick,
    options: { households: large, small, seed, clients, connections, seconds, warmupSeconds: warmup, country },
    machine: info,
    targets,
    ...results,
    failures,
  };
  const dir = `${BENCH_DIR}/results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report.targets, results);
  console.log(`\nWritten: ${file}`);
  if (failures.length) console.error(`\nFailures:\n  ${failures.join('\n  ')}`);
  return failures.length ? 1 : 0;
}

function printTable(targets: Target[], results: Record<string, unknown>) {
  const rows: [string, string, string][] = [];
  const s = (x: unknown) => x as Record<string, Summary & HttpResult & Record<string, unknown>>;
  const g = s(results.grant);
  if (g?.grant) {
    rows.push(['grant', `${g.grant.throughput} grants/s  p50 ${g.grant.p50} ms  p99 ${g.grant.p99} ms`, `pgbench INSERT ${g.pgbench!.throughput} tps  ratio ${g.ratio}`]);
  }
  const e = s(results.elsewhere);
  if (e?.single) rows.push(['elsewhere', `1 client: p50 ${e.single.p50} ms  p99 ${e.single.p99} ms`, `${e.concurrent!.throughput}/s at 16 clients, p99 ${e.concurrent!.p99} ms`]);
  const p = s(results.pool);
  if (p?.pool) rows.push(['pool', `${Math.round(p.pool.throughput)} req/s  p99 ${p.pool.p99} ms`, `bare Fastify ${Math.round(p.bare!.throughput)} req/s  ratio ${p.ratio}`]);
  const gr = s(results.growth);
  if (gr?.elsewhere) rows.push(['growth (small)', `elsewhere p50 ${gr.elsewhere.p50} ms  p99 ${gr.elsewhere.p99} ms`, `pool ${Math.round(gr.pool!.throughput)} req/s  p99 ${gr.pool!.p99} ms`]);
  const en = results.engines as { postgres?: { grant: Summary; elsewhere: Summary }; pglite?: { grant: Summary; elsewhere: Summary } } | undefined;
  if (en?.postgres && en.pglite) {
    rows.push(['engines grant', `PostgreSQL mean ${en.postgres.grant.mean} ms`, `PGlite mean ${en.pglite.grant.mean} ms`]);
    rows.push(['engines elsewhere', `PostgreSQL mean ${en.postgres.elsewhere.mean} ms`, `PGlite mean ${en.pglite.elsewhere.mean} ms`]);
  }
  const w = [18, 48, 48];
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join(' │ ');
  console.log(`\n${line(['path', 'measured', 'beside'])}`);
  console.log(w.map((n) => '─'.repeat(n)).join('─┼─'));
  for (const r of rows) console.log(line(r));
  console.log(`\n${'target'.padEnd(60)} ${'value'.padStart(8)}  goal    `);
  for (const t of targets) console.log(`${`${t.name}: ${t.metric}`.padEnd(60)} ${String(t.value).padStart(8)}  ${t.target.padEnd(6)}  ${t.ok ? 'met' : 'MISSED'}`);
}
