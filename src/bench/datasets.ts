/**
 * The benchmark databases: one PostgreSQL database per registry size on the server of
 * DATABASE_URL (mizan_bench_<households>, or MIZAN_BENCH_DB_PREFIX instead of mizan_bench), and an embedded database directory for PGlite. Each is
 * generated once and reused while its seed and size match; the database comment records them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureDeployment } from '../deployments/setup.js';
import type { Country } from '../deployments/profiles.js';
import { loadRegistry, type LoadReport } from './load.js';
import { adoptEditedMigrations, benchDatabasePrefix, pgliteTemplate, postgresTemplate } from './schema.js';

export interface DatasetSpec {
  households: number;
  seed: number;
  country: Country;
}

export interface Dataset {
  database: Database;
  url: string | undefined;
  name: string;
  /** The load report when this run generated the data; null when an earlier run's data was reused. */
  loaded: LoadReport | null;
  marker: Marker;
}

interface Marker extends DatasetSpec {
  asOf: string;
  loadSeconds: number;
  rows: LoadReport['rows'];
}

export const datasetName = (s: DatasetSpec) => `${benchDatabasePrefix()}_${s.country.toLowerCase()}_${s.households}_s${s.seed}`;

/** The server URL with another database. */
export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One client on the server's own database (to create, drop or comment on bench databases). */
export async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const CHANGED = /was changed after it was applied/;

/**
 * Opens the data set, generating it first when missing. A migration edited since the data was
 * generated is adopted when today's migrations still make exactly the data set's schema
 * (./schema.ts); otherwise the data set is generated again.
 */
async function reopen(open: (fresh: boolean) => Promise<Dataset>, fresh: boolean, log: (l: string) => void): Promise<Dataset> {
  try {
    return await open(fresh);
  } catch (e) {
    if (fresh || !CHANGED.test((e as Error).message)) throw e;
    log(`${(e as Error).message} Generating the data set again.`);
    return open(true);
  }
}

/** migrate(), adopting edited migrations that leave the schema as it is (else the error stands). */
async function migrateAdopting(database: Database, template: Parameters<typeof adoptEditedMigrations>[1], log: (l: string) => void) {
  try {
    await migrate(database);
  } catch (e) {
    if (!CHANGED.test((e as Error).message)) throw e;
    if (!(await adoptEditedMigrations(database, template))) throw e;
    log(`${(e as Error).message} It leaves the schema as it was: the data set is kept.`);
    await migrate(database);
  }
}

/** Opens (generating first if needed) the PostgreSQL benchmark database of this size and seed. */
export function postgresDataset(serverUrl: string, spec: DatasetSpec, opts: { poolSize: number; log: (l: string) => void; fresh?: boolean }): Promise<Dataset> {
  return reopen((fresh) => openPostgresDataset(serverUrl, spec, { ...opts, fresh }), opts.fresh === true, opts.log);
}

async function openPostgresDataset(serverUrl: string, spec: DatasetSpec, opts: { poolSize: number; log: (l: string) => void; fresh: boolean }): Promise<Dataset> {
  const name = datasetName(spec);
  const url = withDatabase(serverUrl, name);
  let marker = await admin(serverUrl, async (c) => {
    const r = await c.query<{ comment: string | null }>(`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`, [name]);
    if (r.rows.length === 0) return undefined;
    try {
      const m = JSON.parse(r.rows[0]!.comment ?? '') as Marker;
      return m.households === spec.households && m.seed === spec.seed && m.country === spec.country && !opts.fresh ? m : null;
    } catch {
      return null;
    }
  });
  let loaded: LoadReport | null = null;
  if (!marker) {
    await admin(serverUrl, async (c) => {
      if (marker === null) await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`create database ${name}`);
    });
    opts.log(`Generating ${spec.households.toLocaleString('en')} households into ${name}…`);
    const database = await openDatabase({ url, poolSize: 4 });
    try {
      await migrate(database);
      await ensureDeployment(database.db, spec.country);
      loaded = await loadRegistry(database, { households: spec.households, seed: spec.seed, url, log: opts.log });
    } finally {
      await database.close();
    }
    marker = { ...spec, asOf: loaded.asOf, loadSeconds: loaded.seconds.total, rows: loaded.rows };
    const comment = JSON.stringify(marker).replaceAll("'", "''");
    await admin(serverUrl, (c) => c.query(`comment on database ${name} is '${comment}'`));
  }
  const database = await openDatabase({ url, poolSize: opts.poolSize });
  try {
    await migrateAdopting(database, postgresTemplate(serverUrl), opts.log);
    // fresh statistics, as autovacuum keeps them on a running server (earlier runs added grants)
    await database.rawSession((s) => s.exec('analyze'));
    await prewarm(database, opts.log);
  } catch (e) {
    await database.close();
    throw e;
  }
  return { database, url, name, loaded, marker };
}

/**
 * A server that has been running has its database in memory (the operating system's cache, here
 * 24 GB for a 7.5 GB database); a freshly opened data set has not. Every table and index is read
 * once (pg_prewarm, installed in its own schema so the application's schema stays as the
 * migrations make it), so that the measurements are of the warm steady state, not of the disk.
 */
async function prewarm(database: Database, log: (l: string) => void) {
  const t = performance.now();
  const r = await database.rawSession(async (s) => {
    await s.exec('create schema if not exists bench_tools; create extension if not exists pg_prewarm schema bench_tools');
    return s.query<{ blocks: number }>(
      `select coalesce(sum(bench_tools.pg_prewarm(c.oid, 'read')), 0)::bigint as blocks
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'i', 't', 'm') and c.relpersistence = 'p'`,
    );
  });
  log(`Read ${Math.round((Number(r[0]?.blocks ?? 0) * 8) / 1024)} MB into the operating system's cache in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
}

/** Opens (generating first if needed) an embedded (PGlite) benchmark database in `root`. */
export function pgliteDataset(root: string, spec: DatasetSpec, opts: { log: (l: string) => void; fresh?: boolean }): Promise<Dataset> {
  return reopen((fresh) => openPgliteDataset(root, spec, { ...opts, fresh }), opts.fresh === true, opts.log);
}

async function openPgliteDataset(root: string, spec: DatasetSpec, opts: { log: (l: string) => void; fresh: boolean }): Promise<Dataset> {
  const name = datasetName(spec);
  const dir = join(root, name);
  const markerFile = join(root, `${name}.json`);
  let marker: Marker | null = null;
  if (existsSync(markerFile) && existsSync(dir) && !opts.fresh) marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
  let loaded: LoadReport | null = null;
  if (!marker) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(markerFile, { force: true });
    mkdirSync(root, { recursive: true });
    opts.log(`Generating ${spec.households.toLocaleString('en')} households into the embedded database ${dir}…`);
    const database = await openDatabase({ dataDir: dir });
    try {
      await migrate(database);
      await ensureDeployment(database.db, spec.country);
      loaded = await loadRegistry(database, { households: spec.households, seed: spec.seed, log: opts.log });
    } finally {
      await database.close();
    }
    marker = { ...spec, asOf: loaded.asOf, loadSeconds: loaded.seconds.total, rows: loaded.rows };
    writeFileSync(markerFile, JSON.stringify(marker));
  }
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrateAdopting(database, pgliteTemplate, opts.log);
  } catch (e) {
    await database.close();
    throw e;
  }
  return { database, url: undefined, name, loaded, marker };
}
