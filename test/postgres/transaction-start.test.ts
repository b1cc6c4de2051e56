/**
 * On PostgreSQL a request transaction starts with BEGIN and the acting context in one round trip;
 * the context is the actor's, the role is mizan_app, and a transaction opened inside another
 * carries its own actor.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { freshDatabase, type TestDb } from '../support/db.js';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';

describe('transaction start on PostgreSQL', () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase('postgres');
  });
  after(() => t.close());

  const actor = (userId: string, orgId: string | null, role: Actor['role']): Actor => ({ userId, orgId, orgKind: orgId ? 'charity' : null, role, locale: 'en', nationalId: null });

  /** The texts sent to the server while fn runs. */
  async function sent<T>(fn: () => Promise<T>): Promise<{ value: T; texts: string[] }> {
    const texts: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      texts.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      return { value: await fn(), texts };
    } finally {
      pg.Client.prototype.query = original;
    }
  }

  const context = (trx: Parameters<Parameters<typeof inTx>[2]>[0]) =>
    sql<{ user_id: string; org_id: string; role: string; db_role: string }>`
      select current_setting('mizan.user_id') as user_id, current_setting('mizan.org_id') as org_id,
             current_setting('mizan.role') as role, current_user as db_role`.execute(trx).then((r) => r.rows[0]!);

  test('begin and the context go in one message; the context is the actor’s and the role mizan_app', async () => {
    const a = actor('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', 'caseworker');
    const { value, texts } = await sent(() => inTx(t.database.db, a, context));
    assert.deepEqual(value, { user_id: a.userId, org_id: a.orgId, role: 'caseworker', db_role: 'mizan_app' });
    assert.equal(texts.length, 3, texts.join(' | '));
    assert.match(texts[0]!, /^begin; select set_config\('mizan\.user_id'/);
    assert.equal(texts[2], 'commit');
  });

  test('a transaction opened inside another carries its own actor, and the outer keeps its own', async () => {
    const outer = actor('33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444', 'caseworker');
    const inner = actor('55555555-5555-4555-8555-555555555555', null, 'ministry_admin');
    const r = await inTx(t.database.db, outer, async (trx) => {
      const i = await inTx(t.database.db, inner, context);
      const o = await context(trx);
      return { i, o };
    });
    assert.equal(r.i.user_id, inner.userId);
    assert.equal(r.i.org_id, '');
    assert.equal(r.i.role, 'ministry_admin');
    assert.equal(r.o.user_id, outer.userId);
    assert.equal(r.o.org_id, outer.orgId);
  });

  test('an identifier of another shape is never inlined: it goes as a parameter, and the context is still set', async () => {
    const odd = actor("x'); drop table grants; --", null, 'caseworker');
    const { value, texts } = await sent(() => inTx(t.database.db, odd, context));
    assert.equal(value.user_id, odd.userId);
    assert.equal(texts[0], 'begin');
    assert.ok(!texts.some((x) => x.includes('drop table')), 'the value travelled as a parameter');
    const still = await t.database.db.selectFrom('grants').select('id').limit(1).execute();
    assert.ok(Array.isArray(still));
  });
});
