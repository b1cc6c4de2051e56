/**
 * Every request's queries run in one transaction that knows who is acting. The acting user,
 * organisation and role are set as transaction-local settings (mizan.user_id, mizan.org_id,
 * mizan.role) that row-level security policies read, and the transaction switches to the role
 * mizan_app (SET LOCAL ROLE), which owns no table and cannot bypass row-level security
 * (src/db/migrations/0003_security.sql). The owner's rights are used only by migrations, setup
 * and the few SECURITY DEFINER functions that answer narrow cross-tenant questions.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, OrgKind, Role, Locale } from '../db/schema.js';

export interface Actor {
  userId: string;
  orgId: string | null;
  orgKind: OrgKind | null;
  role: Role;
  locale: Locale;
  nationalId: string | null;
  /** Set for signed-in users (sessions and API tokens). */
  displayName?: string;
  /** How the actor authenticated: a browser session (CSRF-checked) or an API token with scopes. */
  via?: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scopes: string[] };
}

/** The database role every transaction of the application runs as. */
export const APP_ROLE = 'mizan_app';

export type Tx = Transaction<DB>;

/** Sets the acting context for the rest of the transaction and drops to the application role. */
export async function setActor(trx: Tx | Kysely<DB>, actor: Actor | null): Promise<void> {
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
function actorSql(actor: Actor | null): string | null {
  const user = actor?.userId ?? '';
  const org = actor?.orgId ?? '';
  const role = actor?.role ?? 'public';
  if ((user && !UUID.test(user)) || (org && !UUID.test(org)) || !ROLE.test(role)) return null;
  return `select set_config('mizan.user_id', '${user}', true), set_config('mizan.org_id', '${org}', true), ` +
    `set_config('mizan.role', '${role}', true), set_config('role', '${APP_ROLE}', true)`;
}
export const pendingBegin = new AsyncLocalStorage<PendingBegin>();

export async function inTx<T>(db: Kysely<DB>, actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const pending: PendingBegin = { sql: actorSql(actor), done: false };
  return pendingBegin.run(pending, () =>
    db.transaction().execute(async (trx) => {
      // On PostgreSQL the driver sent the context with BEGIN; elsewhere (PGlite) it is set here.
      if (!pending.done) await setActor(trx, actor);
      // Transactions opened inside fn start their own context.
      return pendingBegin.exit(() => fn(trx));
    }),
  );
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private t: Date = new Date('2026-03-01T09:00:00Z')) {}
  now() {
    return new Date(this.t);
  }
  set(t: Date | string) {
    this.t = new Date(t);
  }
  advanceDays(days: number) {
    this.t = new Date(this.t.getTime() + days * 86_400_000);
  }
  advanceMs(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
