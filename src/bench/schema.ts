/**
 * Is a benchmark database still what the migrations make? Migrations are sometimes edited after a
 * data set was generated (a comment, a function body). Regenerating ten million grants for a
 * comment would be waste, keeping data whose schema differs would be wrong: so the schema of the
 * data set is compared with a fresh database migrated with today's files (the same migrations
 * the data set has applied), object by object — columns, constraints, indexes, functions, views,
 * policies, triggers, row-level security and privileges.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type RawSession } from '../db/database.js';
import { applyDefinitions, listMigrations } from '../db/migrate.js';

export async function schemaFingerprint(s: RawSession): Promise<string> {
  const rows = await s.query<{ k: string }>(`
    select 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as k
      from information_schema.columns where table_schema = 'public' and table_name not in ('schema_migrations', 'schema_definitions')
    union all select 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
    union all select 'idx ' || pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid where c.relnamespace = 'public'::regnamespace
    union all select 'fn ' || pg_get_functiondef(p.oid) from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p')
    union all select 'view ' || viewname || ' ' || definition from pg_views where schemaname = 'public'
    union all select 'pol ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') from pg_policies where schemaname = 'public'
    union all select 'trg ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal and c.relnamespace = 'public'::regnamespace
    union all select 'rel ' || relname || ' ' || relkind::text || ' ' || relrowsecurity::text || ' ' || relforcerowsecurity::text || ' ' || coalesce(relacl::text, '') from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'v', 'S')`);
  return createHash('sha256').update(rows.map((r) => r.k).sort().join('\n')).digest('hex');
}

/** Applies today's text of the migrations `names` to a fresh database, then the definitions, the way migrate() does. */
async function applyMigrations(database: Database, names: Set<string>) {
  await database.rawSession(async (s) => {
    await s.exec('create table if not exists schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())');
    for (const m of listMigrations().filter((m) => names.has(m.name))) {
      await s.exec(`begin;\n${m.sql}\n;insert into schema_migrations (name, checksum) values ('${m.name}', '${m.checksum}');\ncommit;`);
    }
    await applyDefinitions(s);
  });
}

/**
 * When the migrations the data set applied, in today's text, make the very schema the data set
 * has, records today's checksums (and returns true); otherwise returns false and changes nothing.
 * `template` opens an empty database of the same engine and returns it with a function that drops it.
 */
export async function adoptEditedMigrations(database: Database, template: () => Promise<{ database: Database; drop: () => Promise<void> }>): Promise<boolean> {
  const applied = new Set((await database.rawSession((s) => s.query<{ name: string }>('select name from schema_migrations'))).map((r) => r.name));
  const current = listMigrations();
  // a migration the data set applied that no longer exists: the schema cannot be reproduced
  if ([...applied].some((n) => !current.some((m) => m.name === n))) return false;
  const t = await template();
  let same: boolean;
  try {
    await applyMigrations(t.database, applied);
    same = (await t.database.rawSession(schemaFingerprint)) === (await database.rawSession(schemaFingerprint));
  } finally {
    await t.database.close();
    await t.drop();
  }
  if (!same) return false;
  await database.rawSession(async (s) => {
    for (const m of current.filter((m) => applied.has(m.name))) await s.query('update schema_migrations set checksum = $1 where name = $2', [m.checksum, m.name]);
  });
  return true;
}

/** The prefix of the benchmark databases' names: MIZAN_BENCH_DB_PREFIX, else mizan_bench (one server can hold several people's). */
export const benchDatabasePrefix = () => process.env.MIZAN_BENCH_DB_PREFIX || 'mizan_bench';

export function postgresTemplate(serverUrl: string) {
  return async () => {
    const name = `${benchDatabasePrefix()}_schema_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), poolSize: 1 });
    return {
      database,
      drop: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  };
}

export async function pgliteTemplate() {
  return { database: await openDatabase({}), drop: async () => {} };
}
