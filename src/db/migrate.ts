/**
 * Applies the SQL files in ./migrations in name order, each in its own transaction, recording
 * them in schema_migrations. Concurrent starters serialise on an advisory lock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Database } from './database.js';

const DIR = new URL('./migrations/', import.meta.url);
const LOCK_KEY = 7_160_001; // advisory lock id reserved for migrations

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(new URL(name, DIR), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** `until`: apply only the migrations whose name sorts at or before it (e.g. '0010'), for tests of a later migration on older data. */
export async function migrate(database: Database, opts: { until?: string } = {}): Promise<{ applied: string[] }> {
  return database.rawSession(async (s) => {
    await s.exec(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    await s.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      const rows = await s.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations');
      const seen = new Map(rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      for (const m of listMigrations()) {
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
      return { applied };
    } finally {
      await s.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}
