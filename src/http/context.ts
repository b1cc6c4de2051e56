/**
 * Every request's queries run in one transaction that knows who is acting. The acting user,
 * organisation and role are set as transaction-local settings (mizan.user_id, mizan.org_id,
 * mizan.role) that row-level security policies read, and the transaction switches to the role
 * mizan_app (SET LOCAL ROLE), which owns no table and cannot bypass row-level security
 * (src/db/migrations/0003_security.sql). The owner's rights are used only by migrations, setup
 * and the few SECURITY DEFINER functions that answer narrow cross-tenant questions.
 */
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

export async function inTx<T>(db: Kysely<DB>, actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setActor(trx, actor);
    return fn(trx);
  });
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
