/**
 * The set-up every PostgreSQL-only suite shares (test/postgres/): a fresh database on the server,
 * with a connection pool large enough for the race the suite runs, a world of charities in it and a
 * manual clock; the database is dropped after the suite. Call it inside describe(); `db`, `dep`,
 * `t` and `w` are there from the suite's before() on, so read them inside tests and hooks.
 */
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Deployment } from '../../src/deployments/setup.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { freshDatabase, type TestDb } from './db.js';
import { makeWorld, type World } from './fixtures.js';

export interface PostgresSuite {
  readonly t: TestDb;
  readonly w: World;
  readonly db: Kysely<DB>;
  readonly dep: Deployment;
  readonly clock: ManualClock;
}

export function postgresSuite(opts: { charities: number; poolSize?: number; now?: string }): PostgresSuite {
  let t: TestDb | undefined;
  let w: World | undefined;
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('postgresSuite: the database is made in before(); read it inside a test or a hook');
    return v;
  };
  before(async () => {
    t = await freshDatabase('postgres', opts.poolSize ? { poolSize: opts.poolSize } : {});
    w = await makeWorld(t.database.db, t.dep, { charities: opts.charities });
  });
  after(() => t?.close());
  return {
    get t() {
      return ready(t);
    },
    get w() {
      return ready(w);
    },
    get db() {
      return ready(t).database.db;
    },
    get dep() {
      return ready(t).dep;
    },
    clock: new ManualClock(new Date(opts.now ?? '2026-05-01T08:00:00Z')),
  };
}

/**
 * Starts every attempt at the same instant (each waits on one gate, opened once all are queued)
 * and settles each: a race's outcomes, one per attempt, in order.
 */
export async function allAtOnce<T>(attempts: (() => Promise<T>)[]): Promise<({ ok: true; v: T } | { ok: false; e: unknown })[]> {
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const running = attempts.map(async (attempt) => {
    await gate;
    return attempt().then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
  });
  go();
  return Promise.all(running);
}
