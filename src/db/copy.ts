/**
 * COPY … FROM STDIN through the one query layer, in the caller's transaction, on both engines.
 *
 * `copyRows(trx, table, columns, rows)` sends the rows in COPY's text format as the single
 * parameter of a `COPY table (columns) FROM STDIN` statement, wrapped in CopyData. The engines'
 * connections recognise it (installCopyOnClient and pgliteWithCopy, from openDatabase): on
 * PostgreSQL the statement runs through pg-copy-streams on the transaction's own client; on PGlite
 * it reads the text as `/dev/blob`. Anything else passes through untouched.
 *
 * COPY FROM refuses a table with row-level security for a role it applies to: copy into a
 * temporary table of the transaction, then INSERT … SELECT from it into the table.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { Executor } from './database.js';

/** The rows of a COPY, as text lines. */
export class CopyData {
  constructor(readonly lines: string[]) {}
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: NULL is \N; backslash, tab, newline and carriage return escaped. */
export function copyValue(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Copies the rows into the table's columns in the executor's transaction; answers how many. */
export async function copyRows(db: Executor, table: string, columns: string[], rows: (string | number | boolean | null)[][]): Promise<number> {
  if (rows.length === 0) return 0;
  for (const name of [table, ...columns]) if (!IDENT.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  const lines = rows.map((r) => r.map(copyValue).join('\t') + '\n');
  const r = await db.executeQuery(CompiledQuery.raw(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, [new CopyData(lines)]));
  return Number(r.numAffectedRows ?? rows.length);
}

/** The lines joined into pieces of about 256 KiB: one CopyData message each, not one per row. */
function* pieces(lines: string[]): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= 1 << 18) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

const isCopy = (text: unknown, values: unknown) => typeof text === 'string' && Array.isArray(values) && values.length === 1 && values[0] instanceof CopyData;

/**
 * Teaches a pg client's query() the CopyData parameter. Everything else goes to the client class's
 * own query(), looked up at each call (so whatever wraps the class's method sees every query).
 */
export function installCopyOnClient(client: pg.PoolClient | pg.Client) {
  const c = client as unknown as { query: (...a: unknown[]) => unknown; mizanCopy?: true };
  if (c.mizanCopy) return;
  c.mizanCopy = true;
  const query = (...args: unknown[]) => (Object.getPrototypeOf(client) as { query: (...a: unknown[]) => unknown }).query.apply(client, args);
  c.query = (...args: unknown[]) => {
    if (!isCopy(args[0], args[1])) return query(...args);
    const data = (args[1] as CopyData[])[0]!;
    const stream = query(copyFrom(args[0] as string)) as ReturnType<typeof copyFrom>;
    return pipeline(Readable.from(pieces(data.lines)), stream).then(() => ({ command: 'COPY', rowCount: stream.rowCount, rows: [] }));
  };
}

interface PgliteLike {
  query(text: string, params?: unknown[], opts?: Record<string, unknown>): Promise<unknown>;
  transaction<T>(fn: (tx: PgliteLike) => Promise<T>): Promise<T>;
}

/**
 * PGlite reads the rows as the file /dev/blob, which only a role allowed to read server files may
 * COPY from: the embedded engine's own session user does it, and the acting role is set back.
 */
async function copyOnPglite<T extends Pick<PgliteLike, 'query'>>(target: T, text: string, values: unknown[], opts?: Record<string, unknown>) {
  const data = (values as CopyData[])[0]!;
  const who = (await target.query('select current_user as role', [], { rowMode: 'object' })) as { rows: { role: string }[] };
  const role = who.rows[0]!.role;
  await target.query('set local role none');
  const r = await target.query(text.replace(/FROM STDIN$/, "FROM '/dev/blob'"), [], { ...opts, blob: new Blob([...pieces(data.lines)]) });
  await target.query(`set local role "${role.replace(/"/g, '""')}"`);
  return r;
}

/** A property read on the object itself (PGlite keeps private fields: `this` must be the object, not a proxy). */
function bound(target: object, prop: string | symbol): unknown {
  const v = Reflect.get(target, prop) as unknown;
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
}

/** A PGlite whose query(), in and out of transactions, takes the CopyData parameter. */
export function pgliteWithCopy<T extends object>(pglite: T): T {
  const wrapQuery = <Q extends Pick<PgliteLike, 'query'>>(target: Q) => (text: string, values?: unknown[], opts?: Record<string, unknown>) =>
    isCopy(text, values) ? copyOnPglite(target, text, values!, opts) : target.query(text, values, opts);
  return new Proxy(pglite, {
    get(target, prop) {
      const p = target as unknown as PgliteLike;
      if (prop === 'query') return wrapQuery(p);
      if (prop === 'transaction') {
        return <R>(fn: (tx: PgliteLike) => Promise<R>) =>
          p.transaction((tx) => fn(new Proxy(tx as object, { get: (t, k) => (k === 'query' ? wrapQuery(t as PgliteLike) : bound(t, k)) }) as PgliteLike));
      }
      return bound(target, prop);
    },
  });
}
