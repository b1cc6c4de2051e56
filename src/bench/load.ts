/**
 * Loads a generated registry into an empty database, fast:
 *
 * 1. The small tables (charities, their offers, staff) go in through ordinary INSERTs.
 * 2. The five big tables lose their keys, unique and exclusion constraints, foreign keys and
 *    indexes; the definitions are read from the catalogue first (pg_get_constraintdef,
 *    pg_get_indexdef), so whatever the migrations say today is what gets rebuilt.
 * 3. Rows stream in through COPY (PostgreSQL, one connection per table, in parallel) or through
 *    json_populate_recordset batches (the embedded engine, one session). Row triggers are off for
 *    the load (session_replication_role = replica): the columns they would stamp (group_code,
 *    during) carry the values the trigger functions return, read from the database itself. The
 *    requests' pool columns, which depend on other tables still filling, are computed once at the
 *    end (aid_requests_pool_backfill); without the right to turn triggers off, the load defers their
 *    maintenance (mizan.pool_columns = 'deferred') instead.
 * 4. Everything dropped is rebuilt, and rebuilding re-checks the data: the primary and unique keys,
 *    the no-duplicate-aid exclusion constraint and every foreign key are validated against every
 *    row. A generator bug fails here, not silently.
 * 5. VACUUM ANALYZE, so plans and visibility maps look like a database that has been running.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Database, RawSession } from '../db/database.js';
import { loadDeployment } from '../deployments/setup.js';
import { audit } from '../modules/audit/audit.service.js';
import { SYSTEM_ACTOR } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import {
  BULK_TABLES, COLUMNS, HISTORY_DAYS, RegistryGenerator, dayOf, emptyBatch, type Batch, type BulkTable, type GeneratorContext, type Row, type Value, type WindowTable,
} from './generator.js';

export interface LoadOptions {
  households: number;
  seed: number;
  /** the day the history ends (YYYY-MM-DD); default today (UTC) */
  asOf?: string;
  charities?: number;
  /** PostgreSQL URL of the same database; required on PostgreSQL (COPY runs on its own connections) */
  url?: string;
  log?: (line: string) => void;
}

export interface LoadReport {
  engine: Database['engine'];
  seed: number;
  asOf: string;
  households: number;
  rows: Record<BulkTable | 'organisations' | 'users', number>;
  seconds: { prepare: number; copy: number; constraints: number; vacuum: number; total: number };
}

const HOUSEHOLDS_PER_FLUSH = 2_000;

const now = () => performance.now();
const secs = (ms: number) => Math.round(ms / 10) / 100;
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

// The context the generator needs, read from the database ---------------------------------------

export async function readContext(database: Database, asOf: string): Promise<GeneratorContext> {
  const { db } = database;
  const dep = await loadDeployment(db);
  const aidTypes = await db.selectFrom('aid_types').select(['code', 'group_code', 'form', 'name_en', 'deadline_days']).where('active', '=', true).orderBy('code').execute();
  const ministry = await db.selectFrom('organisations').select('id').where('kind', '=', 'ministry').executeTakeFirstOrThrow();
  const all = [...dep.regions.values()];
  const tops = all.filter((r) => r.level === 1).map((r) => r.code);
  const leaves = all.filter((r) => !all.some((c) => c.parent === r.code)).map((r) => {
    let top = r;
    while (top.parent) top = dep.regions.get(top.parent)!;
    return { code: r.code, top: top.code };
  });
  const firstDay = dayOf(asOf) - HISTORY_DAYS - 30;
  const days = HISTORY_DAYS + 60;
  const first = new Date(firstDay * 86_400_000).toISOString().slice(0, 10);
  // aid_window() is the one definition of a window; ask it for every aid type and day.
  const rows = await database.rawSession((s) =>
    s.query<{ idx: number; n: number; during: string; end_offset: number | null }>(
      `select t.idx::int as idx, d.n::int as n, w::text as during, (upper(w) - $1::date)::int as end_offset
         from (select code, (row_number() over (order by code) - 1) as idx from aid_types where active) t
         cross join generate_series(0, $2::int - 1) as d(n)
         cross join lateral (select aid_window(t.code, $1::date + d.n) as w) x`,
      [first, days],
    ),
  );
  const windows: WindowTable = { firstDay, days, text: new Array(aidTypes.length * days), end: new Array(aidTypes.length * days) };
  for (const r of rows) {
    windows.text[r.idx * days + r.n] = r.during;
    windows.end[r.idx * days + r.n] = r.end_offset === null ? Infinity : firstDay + r.end_offset;
  }
  return {
    country: dep.country,
    idScheme: dep.idScheme,
    currency: dep.currency,
    requestDeadlineDays: dep.requestDeadlineDays,
    ministryId: ministry.id,
    regions: leaves,
    topRegions: tops,
    aidTypes: aidTypes.map((t) => ({ code: t.code, group: t.group_code, form: t.form, nameEn: t.name_en, deadlineDays: t.deadline_days })),
    windows,
  };
}

// Constraints and indexes: read, drop, rebuild --------------------------------------------------

interface SavedConstraint { name: string; tbl: string; type: 'p' | 'u' | 'x' | 'f'; def: string }
interface SavedIndex { name: string; tbl: string; def: string }
export interface SavedSchema { constraints: SavedConstraint[]; indexes: SavedIndex[] }

export async function captureSchema(s: RawSession, tables: readonly string[]): Promise<SavedSchema> {
  const constraints = await s.query<SavedConstraint>(
    `select c.conname as name, c.conrelid::regclass::text as tbl, c.contype::text as type, pg_get_constraintdef(c.oid) as def
       from pg_constraint c
      where c.contype in ('p', 'u', 'x', 'f')
        and (c.conrelid = any($1::text[]::regclass[]) or c.confrelid = any($1::text[]::regclass[]))
      order by c.conname`,
    [tables],
  );
  const indexes = await s.query<SavedIndex>(
    `select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as tbl, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::text[]::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
      order by 1`,
    [tables],
  );
  return { constraints, indexes };
}

async function dropSchema(s: RawSession, saved: SavedSchema) {
  const stmts = [
    ...saved.constraints.filter((c) => c.type === 'f').map((c) => `alter table ${c.tbl} drop constraint ${q(c.name)}`),
    ...saved.constraints.filter((c) => c.type !== 'f').map((c) => `alter table ${c.tbl} drop constraint ${q(c.name)}`),
    ...saved.indexes.map((i) => `drop index ${i.name}`),
  ];
  if (stmts.length) await s.exec(`begin;\n${stmts.join(';\n')};\ncommit;`);
}

/** Rebuild statements in dependency order: per table its keys and indexes; then the foreign keys. */
function rebuildPlan(saved: SavedSchema) {
  const byTable = new Map<string, string[]>();
  const add = (tbl: string, stmt: string) => byTable.set(tbl, [...(byTable.get(tbl) ?? []), stmt]);
  // primary keys first: unique and exclusion constraints and indexes of one table follow
  for (const c of [...saved.constraints].sort((a, b) => (a.type === 'p' ? 0 : 1) - (b.type === 'p' ? 0 : 1))) {
    if (c.type !== 'f') add(c.tbl, `alter table ${c.tbl} add constraint ${q(c.name)} ${c.def}`);
  }
  for (const i of saved.indexes) add(i.tbl, i.def);
  const fks = saved.constraints.filter((c) => c.type === 'f');
  const alreadyNotValid = (c: SavedConstraint) => /\bNOT VALID\s*$/i.test(c.def);
  return {
    keys: [...byTable.entries()],
    addForeignKeys: fks.map((c) => `alter table ${c.tbl} add constraint ${q(c.name)} ${c.def}${alreadyNotValid(c) ? '' : ' not valid'}`),
    validate: fks.filter((c) => !alreadyNotValid(c)).map((c) => ({ tbl: c.tbl, stmt: `alter table ${c.tbl} validate constraint ${q(c.name)}` })),
  };
}

/** Runs groups of statements on `workers` sessions; the statements of one group run in order on one session. */
async function runGroups(sessions: RawSession[], groups: string[][], log: (l: string) => void) {
  const queue = [...groups];
  await Promise.all(
    sessions.map(async (s) => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        for (const stmt of g) {
          const t = now();
          await s.exec(stmt);
          if (now() - t >= 100) log(`  ${secs(now() - t).toFixed(1).padStart(6)} s  ${stmt.length > 110 ? `${stmt.slice(0, 107)}…` : stmt}`);
        }
      }
    }),
  );
}

// Sinks -----------------------------------------------------------------------------------------

interface Sink {
  write(table: BulkTable, rows: Row[]): Promise<void>;
  close(): Promise<void>;
}

const TEXT_SPECIAL = /[\\\t\n\r]/;
function textValue(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return TEXT_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/** COPY … FROM STDIN (text format) on one connection per table, all tables at once. */
async function copySink(url: string, log: (l: string) => void): Promise<Sink> {
  const targets = new Map<BulkTable, { client: pg.Client; stream: copyStreams.CopyStreamQuery; error: Error | null }>();
  let triggersOff = true;
  for (const table of BULK_TABLES) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`set synchronous_commit = off`);
    // the requests' pool columns are filled once the load is complete (aid_requests_pool_backfill)
    await client.query(`set mizan.pool_columns = 'deferred'`);
    try {
      await client.query(`set session_replication_role = replica`);
    } catch {
      triggersOff = false;
    }
    const stream = client.query(copyStreams.from(`copy ${table} (${COLUMNS[table].join(', ')}) from stdin`));
    const target = { client, stream, error: null as Error | null };
    stream.on('error', (e: Error) => (target.error = e));
    targets.set(table, target);
  }
  if (!triggersOff) log('  (not a superuser: row triggers stay on during the load; slower, same result)');
  return {
    async write(table, rows) {
      const t = targets.get(table)!;
      if (t.error) throw t.error;
      let chunk = '';
      for (const r of rows) {
        let line = textValue(r[0]!);
        for (let i = 1; i < r.length; i++) line += `\t${textValue(r[i]!)}`;
        chunk += `${line}\n`;
      }
      // once() rejects if the stream errors while we wait
      if (!t.stream.write(chunk)) await once(t.stream, 'drain');
    },
    async close() {
      try {
        await Promise.all([...targets.values()].map(async (t) => {
          t.stream.end();
          await finished(t.stream);
        }));
      } finally {
        await Promise.all([...targets.values()].map((t) => t.client.end().catch(() => {})));
      }
    },
  };
}

/** The embedded engine: batches through json_populate_recordset on the one session. */
function jsonSink(s: RawSession): Sink {
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      const cols = COLUMNS[table];
      const objects = rows.map((r) => {
        const o: Record<string, Value> = {};
        for (let i = 0; i < cols.length; i++) o[cols[i]!] = r[i]!;
        return o;
      });
      const list = cols.join(', ');
      await s.query(`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(objects)]);
    },
    async close() {},
  };
}

// The load --------------------------------------------------------------------------------------

export async function loadRegistry(database: Database, opts: LoadOptions): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const { db } = database;
  if (database.engine === 'postgres' && !opts.url) throw new Error('Loading into PostgreSQL needs the database URL (COPY runs on its own connections).');
  const existing = await db.selectFrom('households').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('The database already has households; generate into a new, empty database.');
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const t0 = now();

  const ctx = await readContext(database, asOf);
  const gen = new RegistryGenerator({ households: opts.households, seed: opts.seed, asOf, ...(opts.charities ? { charities: opts.charities } : {}) }, ctx);
  const orgs = gen.organisations();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('organisations').values(orgs.orgs.map((o) => ({ ...o, created_at: new Date(o.created_at), decided_at: o.decided_at ? new Date(o.decided_at) : null }))).execute();
    await trx.insertInto('users').values(orgs.users.map((u) => ({ ...u, created_at: new Date(u.created_at) }))).execute();
    await trx.insertInto('organisation_aid_types').values(orgs.offers).execute();
    await trx.insertInto('organisation_regions').values(orgs.coverage).execute();
  });

  const saved = await database.rawSession((s) => captureSchema(s, BULK_TABLES));
  await database.rawSession((s) => dropSchema(s, saved));
  const tPrepared = now();
  log(`Prepared in ${secs(tPrepared - t0)} s: ${saved.constraints.length} constraints and ${saved.indexes.length} indexes set aside.`);

  const rows: LoadReport['rows'] = { organisations: orgs.orgs.length, users: orgs.users.length, households: 0, persons: 0, household_members: 0, aid_requests: 0, grants: 0 };
  const copy = async (sink: Sink) => {
    let batch = emptyBatch();
    const flush = async (b: Batch) => {
      for (const table of BULK_TABLES) {
        rows[table] += b[table].length;
        await sink.write(table, b[table]);
      }
    };
    let lastLog = now();
    for (let i = 0; i < opts.households; i++) {
      gen.household(i, batch);
      if ((i + 1) % HOUSEHOLDS_PER_FLUSH === 0) {
        const b = batch;
        batch = emptyBatch();
        await flush(b);
        if (now() - lastLog > 10_000) {
          lastLog = now();
          log(`  ${(i + 1).toLocaleString('en')} households, ${rows.grants.toLocaleString('en')} grants (${secs(now() - tPrepared)} s)`);
        }
      }
    }
    await flush(batch);
    await sink.close();
  };

  if (database.engine === 'postgres') {
    await copy(await copySink(opts.url!, log));
  } else {
    await database.rawSession(async (s) => {
      await s.exec(`set session_replication_role = replica; set mizan.pool_columns = 'deferred'`);
      try {
        await copy(jsonSink(s));
      } finally {
        await s.exec('reset session_replication_role; reset mizan.pool_columns');
      }
    });
  }
  const tCopied = now();
  log(`Rows in ${secs(tCopied - tPrepared)} s: ${Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}.`);

  log('Rebuilding keys, the exclusion constraint, indexes and foreign keys (each re-checks every row):');
  const plan = rebuildPlan(saved);
  // biggest first, so the two sessions finish together
  const order = ['grants', 'persons', 'household_members', 'aid_requests', 'households'];
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  const keyGroups = plan.keys.sort(([a], [b]) => rank(a) - rank(b)).map(([, stmts]) => stmts);
  if (database.engine === 'postgres') {
    const clients = await Promise.all([0, 1].map(async () => {
      const c = new pg.Client({ connectionString: opts.url });
      await c.connect();
      await c.query(`set maintenance_work_mem = '1GB'`);
      return c;
    }));
    const sessions: RawSession[] = clients.map((c) => ({
      exec: async (script: string) => void (await c.query(script)),
      query: async <T,>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
    }));
    try {
      await runGroups(sessions, keyGroups, log);
      await runGroups(sessions.slice(0, 1), [plan.addForeignKeys], log);
      const byTable = new Map<string, string[]>();
      for (const v of plan.validate) byTable.set(v.tbl, [...(byTable.get(v.tbl) ?? []), v.stmt]);
      await runGroups(sessions, [...byTable.values()], log);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  } else {
    await database.rawSession(async (s) => {
      await runGroups([s], [...keyGroups, plan.addForeignKeys, plan.validate.map((v) => v.stmt)], log);
    });
  }
  // The pool's anonymous columns of the requests that may be in the pool (0007_pool_columns.sql):
  // the triggers that keep them were off or deferred while the tables filled in parallel.
  await database.rawSession((s) => s.exec('select aid_requests_pool_backfill()'));
  const tBuilt = now();

  // every table, the small reference tables too: a database that has been running has statistics
  await database.rawSession((s) => s.exec('vacuum (analyze)'));
  const tVacuumed = now();
  // The load is recorded in the audit trail as the system's act (no user, no organisation).
  await inTx(db, SYSTEM_ACTOR, async (trx) => {
    await audit(trx, SYSTEM_ACTOR, { action: 'registry.generate', subjectType: 'deployment', details: { households: opts.households, seed: opts.seed, asOf, grants: rows.grants } });
  });
  const report: LoadReport = {
    engine: database.engine,
    seed: opts.seed,
    asOf,
    households: opts.households,
    rows,
    seconds: { prepare: secs(tPrepared - t0), copy: secs(tCopied - tPrepared), constraints: secs(tBuilt - tCopied), vacuum: secs(tVacuumed - tBuilt), total: secs(now() - t0) },
  };
  log(`Done in ${report.seconds.total} s (rows ${report.seconds.copy} s, constraints and indexes ${report.seconds.constraints} s, vacuum ${report.seconds.vacuum} s).`);
  return report;
}
