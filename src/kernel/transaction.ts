/**
 * Every use case runs in one transaction that knows who is acting, whether it was started by an
 * HTTP request, a job or a command. The acting user, organisation and role are set as
 * transaction-local settings (mizan.user_id, mizan.org_id, mizan.role) that row-level security
 * policies read, and the transaction switches to the role mizan_app (SET LOCAL ROLE), which owns
 * no table and cannot bypass row-level security (src/db/migrations/0003_security.sql). The owner's
 * rights are used only by migrations, setup and the few SECURITY DEFINER functions that answer
 * narrow cross-tenant questions.
 *
 * Effects that must follow a commit (dropping cached tokens and pool pages) are registered on the
 * transaction with `afterCommit`; they run once it has committed, and never if it rolled back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { SYSTEM_ACTOR, type Acting } from './actor.js';

/** The database role every transaction of the application runs as. */
export const APP_ROLE = 'mizan_app';

export type Tx = Transaction<DB>;

/** Sets the acting context for the rest of the transaction and drops to the application role. */
export async function setActor(trx: Tx | Kysely<DB>, actor: Acting | null): Promise<void> {
  await sql`select set_config('mizan.user_id', ${actor?.userId ?? ''}, true),
                   set_config('mizan.org_id', ${actor?.orgId ?? ''}, true),
                   set_config('mizan.role', ${actor?.role ?? 'public'}, true),
                   set_config('role', ${APP_ROLE}, true)`.execute(trx);
}

/**
 * The acting context as one SQL text, for a driver that sends it with BEGIN in one round trip
 * (src/db/database.ts). Only identifiers of a known shape are inlined; anything else goes the
 * usual way, as parameters (setActor).
 */
export interface PendingBegin {
  sql: string | null;
  done: boolean;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE = /^[a-z_]{1,32}$/;
function actorSql(actor: Acting | null): string | null {
  const user = actor?.userId ?? '';
  const org = actor?.orgId ?? '';
  const role = actor?.role ?? 'public';
  if ((user && !UUID.test(user)) || (org && !UUID.test(org)) || !ROLE.test(role)) return null;
  return `select set_config('mizan.user_id', '${user}', true), set_config('mizan.org_id', '${org}', true), ` +
    `set_config('mizan.role', '${role}', true), set_config('role', '${APP_ROLE}', true)`;
}
export const pendingBegin = new AsyncLocalStorage<PendingBegin>();

/** The effects registered on each open transaction of inTx, run in order once it has committed. */
const committed = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` once the transaction `db` has committed. Outside a transaction opened by inTx (the
 * database itself, whose statements commit as they run) it runs at once.
 */
export function afterCommit(db: Tx | Kysely<DB>, fn: () => void): void {
  const effects = committed.get(db);
  if (effects) effects.push(fn);
  else fn();
}

export async function inTx<T>(db: Kysely<DB>, actor: Acting | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const pending: PendingBegin = { sql: actorSql(actor), done: false };
  const effects: (() => void)[] = [];
  const result = await pendingBegin.run(pending, () =>
    db.transaction().execute(async (trx) => {
      committed.set(trx, effects);
      // On PostgreSQL the driver sent the context with BEGIN; elsewhere (PGlite) it is set here.
      if (!pending.done) await setActor(trx, actor);
      // Transactions opened inside fn start their own context.
      return pendingBegin.exit(() => fn(trx));
    }),
  );
  for (const effect of effects) effect();
  return result;
}

/**
 * Runs `fn` with the system's row-level security inside the caller's transaction, then gives the
 * transaction back to `actor`. For a question only the whole registry can answer, asked on behalf
 * of one organisation (matching's "may this be someone already registered?" at registration):
 * `fn` must return only what `actor` may be told, and the caller audits what it shows.
 */
export async function withSystemReads<T>(trx: Tx | Kysely<DB>, actor: Acting, fn: () => Promise<T>): Promise<T> {
  await setActor(trx, SYSTEM_ACTOR);
  try {
    return await fn();
  } finally {
    await setActor(trx, actor);
  }
}
