/**
 * Builds the schema in two steps, each serialised with concurrent starters on an advisory lock:
 *
 * 1. Migrations (./migrations/NNNN_*.sql): table changes and data moves, in name order, each in its
 *    own transaction, recorded in schema_migrations with its checksum (a changed migration is refused).
 * 2. Definitions (./definitions/{functions,views,triggers,policies}/*.sql): the current text of every
 *    function, view, trigger and row-level security policy, one file per function or view and one per
 *    table for triggers and policies, written to be applied again (`create or replace`, `drop … if
 *    exists` then `create`). They are applied all together, in that order (policies and triggers call
 *    functions, views read tables), in one transaction, when a migration was just applied or a file is
 *    new or changed; their checksums are recorded in schema_definitions. Otherwise nothing is applied, so
 *    a start takes no lock on the tables (dropping and creating policies and triggers would).
 *    Re-applying all of them after any migration also brings back what a migration's
 *    `drop … cascade` removed.
 *
 * Migrations 0001–0014 are history: they created and redefined these objects. A later migration may not
 * define one (lintMigration): its current text lives in its definitions file, and the schema snapshot
 * (schema-snapshot.ts) shows a reviewer what a change changes.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Database, RawSession } from './database.js';

const DIR = new URL('./migrations/', import.meta.url);
const DEFINITIONS_DIR = new URL('./definitions/', import.meta.url);
const LOCK_KEY = 7_160_001; // advisory lock id reserved for migrations

/** The last migration allowed to create or replace functions, views, triggers and policies. */
export const LAST_DEFINING_MIGRATION = '0014';
/** The kinds of definitions, in the order they are applied. */
export const DEFINITION_KINDS = ['functions', 'views', 'triggers', 'policies'] as const;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** A definitions file; `name` is its path under src/db/definitions, e.g. `functions/grant_aid.sql`. */
export type Definition = Migration;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function listMigrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(new URL(name, DIR), 'utf8');
      return { name, sql: text, checksum: sha256(text) };
    });
}

export function listDefinitions(): Definition[] {
  return DEFINITION_KINDS.flatMap((kind) => {
    const dir = new URL(`${kind}/`, DEFINITIONS_DIR);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => /^[a-z0-9_]+\.sql$/.test(f))
      .sort()
      .map((f) => {
        const text = readFileSync(new URL(f, dir), 'utf8');
        return { name: `${kind}/${f}`, sql: text, checksum: sha256(text) };
      });
  });
}

/** One checksum over a set of definitions files (their names and checksums, in any order). */
export function definitionsChecksum(defs: Pick<Definition, 'name' | 'checksum'>[] = listDefinitions()): string {
  return sha256(defs.map((d) => `${d.name} ${d.checksum}`).sort().join('\n'));
}

const DEFINING = /\b(create\s+(?:or\s+replace\s+)?(?:constraint\s+)?(function|procedure|view|trigger|policy|rule)|alter\s+(function|procedure|view|policy))\s+(?:if\s+not\s+exists\s+)?(?:public\.)?"?([a-z0-9_]+)/gi;

/**
 * The definitions a migration after LAST_DEFINING_MIGRATION writes (which it may not: the object's
 * current text belongs in its definitions file), each as a sentence naming the file. Comments and
 * the bodies of quoted strings are left out of the search.
 */
export function lintMigration(m: Pick<Migration, 'name' | 'sql'>): string[] {
  if (m.name.slice(0, 4) <= LAST_DEFINING_MIGRATION) return [];
  const text = m.sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/'(?:[^']|'')*'/g, "''");
  const found: string[] = [];
  for (const hit of text.matchAll(DEFINING)) {
    const kind = (hit[2] ?? hit[3])!.toLowerCase();
    const name = hit[4]!.toLowerCase();
    const file = kind === 'view' ? `views/${name}.sql` : kind === 'function' || kind === 'procedure' ? `functions/${name}.sql` : `${kind === 'policy' ? 'policies' : 'triggers'}/<table>.sql`;
    found.push(`Migration ${m.name} defines the ${kind} ${name}; migrations after ${LAST_DEFINING_MIGRATION} keep only table changes and data moves, and its current text belongs in src/db/definitions/${file}.`);
  }
  return found;
}

/**
 * `until`: apply only the migrations whose name sorts at or before it (e.g. '0010'), for tests of a
 * later migration on older data; the definitions are then not applied (they describe the newest tables).
 * `extra`: migrations added after this build's (tests of the lint).
 */
export async function migrate(
  database: Database,
  opts: { until?: string; extra?: Migration[] } = {},
): Promise<{ applied: string[]; definitions: number }> {
  const migrations = [...listMigrations(), ...(opts.extra ?? [])];
  const refused = migrations.flatMap(lintMigration);
  if (refused.length) throw new Error(refused.join('\n'));
  return database.rawSession(async (s) => {
    await s.exec(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now());
      create table if not exists schema_definitions (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    await s.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      const rows = await s.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations');
      const seen = new Map(rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        if (opts.until !== undefined && m.name.slice(0, opts.until.length) > opts.until) break;
        const prior = seen.get(m.name);
        if (prior !== undefined) {
          if (prior !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied.`);
          continue;
        }
        // name and checksum are [0-9a-z_.] only (checked above), so inlining them is safe.
        await s.exec(`begin;\n${m.sql}\n;insert into schema_migrations (name, checksum) values ('${m.name}', '${m.checksum}');\ncommit;`)
          .catch(async (e: unknown) => {
            await s.exec('rollback').catch(() => {});
            throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
          });
        applied.push(m.name);
      }
      if (opts.until !== undefined) return { applied, definitions: 0 };
      const defs = listDefinitions();
      const recorded = new Map((await s.query<{ name: string; checksum: string }>('select name, checksum from schema_definitions')).map((r) => [r.name, r.checksum]));
      const current = applied.length === 0 && recorded.size === defs.length && defs.every((d) => recorded.get(d.name) === d.checksum);
      if (current) return { applied, definitions: 0 };
      await applyDefinitions(s, defs);
      return { applied, definitions: defs.length };
    } finally {
      await s.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

/**
 * Applies every definitions file, in order, in one transaction, and records their checksums in
 * schema_definitions (which the application role may not change).
 */
export async function applyDefinitions(s: RawSession, defs: Definition[] = listDefinitions()): Promise<void> {
  await s.exec(`create table if not exists schema_definitions (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
  // Names are [a-z0-9_/.] and checksums hex (listDefinitions), so inlining them is safe.
  const record = defs.map((d) => `('${d.name}', '${d.checksum}')`).join(', ');
  let at = '';
  try {
    await s.exec('begin; set local check_function_bodies = off;');
    for (const d of defs) {
      at = d.name;
      await s.exec(d.sql);
    }
    at = '';
    await s.exec(`delete from schema_definitions;${defs.length ? ` insert into schema_definitions (name, checksum) values ${record};` : ''}
      do $$ begin
        if exists (select 1 from pg_roles where rolname = 'mizan_app') then revoke all on schema_definitions from mizan_app; end if;
      end $$;
      commit;`);
  } catch (e) {
    await s.exec('rollback').catch(() => {});
    throw new Error(`Definition ${at || 'record'} failed: ${(e as Error).message}`);
  }
}
