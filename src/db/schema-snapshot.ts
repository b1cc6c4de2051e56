/**
 * The schema snapshot: a deterministic text of everything a database's schema holds (extensions,
 * types, sequences, tables with their columns, constraints, indexes, row-level security flags and
 * privileges, functions with their full definitions and privileges, views, triggers, policies), read
 * from the catalog so that it works on both engines without pg_dump. Objects that belong to an
 * extension are left out (their text depends on the extension's version, not on Mizan), and so are
 * what only newer engines show (NOT NULL as constraints, the MAINTAIN privilege): the embedded engine
 * and PostgreSQL 15 give the same text.
 *
 * src/db/schema.snapshot.sql is this text for a fresh database built by the migrations and the
 * definitions (`mizan schema dump`); test/integration/schema-snapshot.test.ts fails when they differ,
 * so a change to the schema is seen in review as a change of that file.
 */
import { readFileSync } from 'node:fs';
import { openDatabase, type RawSession } from './database.js';
import { migrate } from './migrate.js';

/** The committed snapshot. */
export const SNAPSHOT_FILE = new URL('./schema.snapshot.sql', import.meta.url);

export function committedSnapshot(): string {
  return readFileSync(SNAPSHOT_FILE, 'utf8');
}

/** The snapshot of a fresh embedded database built by this build's migrations and definitions. */
export async function freshSchemaSnapshot(): Promise<string> {
  const database = await openDatabase({ poolSize: 1 });
  try {
    await migrate(database);
    return await database.rawSession(schemaSnapshot);
  } finally {
    await database.close();
  }
}

/**
 * The lines that differ between two snapshots, as a unified-style list (`-` only in `expected`,
 * `+` only in `actual`), each under the object it belongs to; empty when they are the same.
 */
export function snapshotDiff(expected: string, actual: string): string {
  const blocks = (t: string) => {
    const m = new Map<string, string[]>();
    for (const b of t.split(/\n\n+/)) {
      const lines = b.split('\n');
      m.set(lines[0]!.slice(0, 200), lines);
    }
    return m;
  };
  const a = blocks(expected);
  const b = blocks(actual);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? [];
    const y = b.get(key) ?? [];
    if (x.join('\n') === y.join('\n')) continue;
    out.push(`@@ ${key}`);
    const ys = new Set(y);
    const xs = new Set(x);
    for (const l of x) if (!ys.has(l)) out.push(`- ${l}`);
    for (const l of y) if (!xs.has(l)) out.push(`+ ${l}`);
  }
  return out.join('\n');
}

const NOT_EXTENSION = (classid: string, oid: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${classid}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/**
 * An ACL as sorted entries (the order PostgreSQL keeps them in is not part of their meaning), without
 * MAINTAIN (`m`, PostgreSQL 17 and later), which only the owner holds here and which PostgreSQL 15 lacks.
 */
const ACL = (col: string) => `coalesce((select string_agg(regexp_replace(a::text, 'm(\\*?)/', '\\1/'), ' ' order by a::text) from unnest(${col}) a), 'default')`;

export async function schemaSnapshot(s: RawSession): Promise<string> {
  const section = async (title: string, query: string) => {
    const rows = await s.query<{ k: string; t: string }>(`select k, t from (${query}) x order by k collate "C"`);
    return `-- ${title}\n\n${rows.map((r) => r.t.trimEnd()).join('\n\n')}\n`;
  };
  const parts = [
    await section('extensions', `select extname as k, 'extension ' || extname as t from pg_extension where extname <> 'plpgsql'`),
    await section('types', `
      select t.typname as k, 'type ' || t.typname || ' ' || case t.typtype
               when 'e' then 'enum (' || (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) || ')'
               when 'd' then 'domain ' || format_type(t.typbasetype, t.typtypmod)
               else t.typtype::text end as t
        from pg_type t where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd') and ${NOT_EXTENSION('pg_type', 't.oid')}`),
    await section('sequences', `
      select c.relname as k, 'sequence ' || c.relname || ' ' || format_type(q.seqtypid, null) || ' start ' || q.seqstart || ' increment ' || q.seqincrement
             || ' min ' || q.seqmin || ' max ' || q.seqmax || ' cycle ' || q.seqcycle::text || ' acl ' || ${ACL('c.relacl')} as t
        from pg_class c join pg_sequence q on q.seqrelid = c.oid where c.relnamespace = 'public'::regnamespace`),
    await section('tables', `
      select c.relname as k,
             'table ' || c.relname || ' rls ' || c.relrowsecurity::text || ' force ' || c.relforcerowsecurity::text || ' acl ' || ${ACL('c.relacl')}
             || coalesce((select string_agg(E'\\n  column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                  || case when a.attnotnull then ' not null' else '' end
                                  || case a.attidentity when 'a' then ' generated always as identity' when 'd' then ' generated by default as identity' else '' end
                                  || case when a.attgenerated = 's' then ' generated always as (' || pg_get_expr(d.adbin, d.adrelid) || ') stored'
                                          when d.adbin is not null then ' default ' || pg_get_expr(d.adbin, d.adrelid) else '' end
                                  || case when a.attacl is not null then ' acl ' || ${ACL('a.attacl')} else '' end, '' order by a.attnum)
                           from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '')
             || coalesce((select string_agg(E'\\n  constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid), '' order by k.conname collate "C")
                           from pg_constraint k where k.conrelid = c.oid and k.contype <> 'n'), '')
             || coalesce((select string_agg(E'\\n  ' || pg_get_indexdef(i.indexrelid), '' order by ic.relname collate "C")
                           from pg_index i join pg_class ic on ic.oid = i.indexrelid where i.indrelid = c.oid), '') as t
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and ${NOT_EXTENSION('pg_class', 'c.oid')}`),
    await section('functions', `
      select p.oid::regprocedure::text as k, '-- ' || p.oid::regprocedure::text || ' acl ' || ${ACL('p.proacl')} || E'\\n' || pg_get_functiondef(p.oid) as t
        from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p') and ${NOT_EXTENSION('pg_proc', 'p.oid')}`),
    await section('views', `
      select c.relname as k, 'view ' || c.relname || ' options ' || coalesce(array_to_string(c.reloptions, ', '), 'none') || ' acl ' || ${ACL('c.relacl')}
             || E'\\n' || pg_get_viewdef(c.oid) as t
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('v', 'm')`),
    await section('triggers', `
      select c.relname || ' ' || g.tgname as k, pg_get_triggerdef(g.oid) || ' -- enabled ' || g.tgenabled::text as t
        from pg_trigger g join pg_class c on c.oid = g.tgrelid where c.relnamespace = 'public'::regnamespace and not g.tgisinternal`),
    await section('policies', `
      select tablename || ' ' || policyname as k,
             'policy ' || policyname || ' on ' || tablename || ' ' || lower(permissive) || ' for ' || lower(cmd) || ' to ' || array_to_string(roles, ', ')
             || coalesce(E'\\n  using ' || qual, '') || coalesce(E'\\n  with check ' || with_check, '') as t
        from pg_policies where schemaname = 'public'`),
  ];
  return `-- The schema of a fresh Mizan database (migrations, then src/db/definitions), read from the catalog.\n-- Regenerate: node bin/mizan.js schema dump > src/db/schema.snapshot.sql\n\n${parts.join('\n')}`;
}
