/**
 * The one query layer: Kysely over PGlite (embedded, when DATABASE_URL is unset) or over `pg`
 * (a real PostgreSQL server). Both engines get the same type parsers so rows look the same.
 */
import { mkdirSync } from 'node:fs';
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect, type Driver, type Transaction } from 'kysely';
import { pendingBegin } from '../kernel/transaction.js';
import pg from 'pg';
import type { DB } from './schema.js';
import { diagnoseDataDir, lockDataDir } from './data-dir.js';
import { installCopyOnClient, pgliteWithCopy } from './copy.js';

export type Engine = 'pglite' | 'postgres';
export type Executor = Kysely<DB> | Transaction<DB>;

/** A single session for multi-statement scripts (migrations, bulk loads). */
export interface RawSession {
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  /** The owner's connection: migrations, setup, the demo, tests. */
  db: Kysely<DB>;
  /**
   * What the server uses: a connection as a login role that is a member of mizan_app when
   * MIZAN_APP_DATABASE_URL is set (production), else the same as `db`. Either way every request
   * transaction switches to mizan_app (src/kernel/transaction.ts) and row-level security applies.
   */
  appDb: Kysely<DB>;
  engine: Engine;
  /** Runs fn on one dedicated session (one connection on PostgreSQL). */
  rawSession<T>(fn: (s: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL. When absent, the embedded engine is used. */
  url?: string | undefined;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string | undefined;
  /** Max pool size for PostgreSQL. */
  poolSize?: number;
  /** postgres:// URL of a login role in mizan_app, for `appDb` (PostgreSQL only). */
  appUrl?: string | undefined;
  /** Told when a lock left in the PGlite data directory by a process that no longer runs is taken over. */
  onStaleLock?: (pid: number) => void;
}

// INT8 as a JS number (all our counts and minor-unit amounts are far below 2^53), DATE as the
// ISO string it is (no time zone shifts), NUMERIC as a string.
const INT8 = 20;
const DATE = 1082;
const parsers: Record<number, (v: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [DATE]: (v) => v,
};

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.url) {
    const owner = openPostgres(opts.url, opts.poolSize ?? 10);
    if (!opts.appUrl) return owner;
    const app = openPostgres(opts.appUrl, opts.poolSize ?? 10);
    return { ...owner, appDb: app.db, close: async () => { await app.close(); await owner.close(); } };
  }
  return openPglite(opts.dataDir, opts.onStaleLock);
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose connection the server ends (restart, pg_terminate_backend) must not take
  // the process down; the pool replaces it on the next checkout.
  pool.on('error', () => {});
  // COPY … FROM STDIN in a transaction (src/db/copy.ts).
  pool.on('connect', (client) => installCopyOnClient(client));
  const db = new Kysely<DB>({ dialect: new ActorBeginDialect({ pool }) });
  return {
    db,
    appDb: db,
    engine: 'postgres',
    rawSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (script) => void (await client.query(script)),
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * BEGIN and the acting context in one round trip: a transaction opened by inTx (src/kernel/transaction.ts)
 * starts with `begin; select set_config(…)` as one simple-protocol message instead of two
 * statements. Every request transaction saves a round trip (and the server a parse).
 */
class ActorBeginDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const begin = driver.beginTransaction.bind(driver);
    driver.beginTransaction = async (connection, settings) => {
      const pending = pendingBegin.getStore();
      if (pending && pending.sql && !pending.done && !settings.isolationLevel && !settings.accessMode) {
        pending.done = true;
        await connection.executeQuery(CompiledQuery.raw(`begin; ${pending.sql}`));
        return;
      }
      await begin(connection, settings);
    };
    return driver;
  }
}

async function openPglite(dataDir: string | undefined, onStaleLock?: (pid: number) => void): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  let release = () => {};
  if (dataDir) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (e) {
      throw diagnoseDataDir(e, dataDir);
    }
    release = lockDataDir(dataDir, onStaleLock);
  }
  let pglite;
  try {
    pglite = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { btree_gist, pg_trgm },
      parsers: parsers as never,
    });
  } catch (e) {
    // A directory the engine cannot start from: say why (src/db/data-dir.ts), and let it go.
    release();
    throw dataDir ? diagnoseDataDir(e, dataDir) : e;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: pgliteWithCopy(pglite) }) });
  return {
    db,
    appDb: db,
    engine: 'pglite',
    rawSession: (fn) =>
      fn({
        exec: async (script) => void (await pglite.exec(script)),
        query: async <T,>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows,
      }),
    close: async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}
