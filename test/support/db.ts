/**
 * Test databases. Integration tests run on every engine available: the embedded engine always,
 * and PostgreSQL when MIZAN_TEST_PG_URL is set (npm test sets it when a server answers; CI requires it).
 * Each call makes a fresh database: in memory for PGlite, a new CREATE DATABASE on PostgreSQL.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database, type Engine } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { ensureDeployment, loadDeployment, type Deployment } from '../../src/deployments/setup.js';
import type { Country } from '../../src/deployments/profiles.js';

export const PG_URL = process.env.MIZAN_TEST_PG_URL || undefined;

export function engines(): Engine[] {
  return PG_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDb {
  database: Database;
  dep: Deployment;
  url: string | undefined;
  close(): Promise<void>;
}

/** A new, migrated database with a deployment set up (`migrateUntil`: only up to that migration, e.g. '0010'). */
export async function freshDatabase(engine: Engine, opts: { country?: Country; poolSize?: number; migrateUntil?: string } = {}): Promise<TestDb> {
  let url: string | undefined;
  let drop = async () => {};
  if (engine === 'postgres') {
    if (!PG_URL) throw new Error('MIZAN_TEST_PG_URL is not set');
    const name = `mizan_t_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const database = await openDatabase({ url, poolSize: opts.poolSize ?? 10 });
  await migrate(database, opts.migrateUntil ? { until: opts.migrateUntil } : {});
  await ensureDeployment(database.db, opts.country ?? 'KW');
  const dep = await loadDeployment(database.db);
  return {
    database,
    dep,
    url,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}
