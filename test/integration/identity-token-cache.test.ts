/**
 * Authentication without a write per request, on every engine, with a clock the test moves:
 * auth_token_actor and auth_session_actor record the time of last use only when the stored one is
 * over a minute old; a verified API token is kept for a few seconds in the process (never past
 * its expiry); revoking a token, deactivating its user or suspending its organisation through the
 * API refuses it at once; a revocation written by another process is seen when the entry expires.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { hashToken, issueToken } from '../../src/modules/identity/staff.js';
import { createSession, sha256 } from '../../src/modules/identity/sessions.js';

const SECOND = 1_000;

for (const engine of engines()) {
  describe(`authentication reads; verified tokens are cached briefly and forgotten on revocation (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-05-01T10:00:00Z'));
    let n = 0;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t, clock); // the default cache: 5 s
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    /** A new API token of a charity's caseworker, as the ministry issues it. */
    async function freshToken(charity = 0) {
      const plain = `mzn_test_cache_${engine}_${++n}_${w.rng.digits(8)}`;
      const root = w.ministryAdmin.actor;
      const row = await inTx(t.database.db, root, (trx) => issueToken(trx, root, w.charities[charity]!.caseworker.actor.userId, 'cache test', plain));
      return { id: row.id, token: plain };
    }
    const lastUsed = async (id: string) => (await t.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    const me = (token: string) => api.call('GET', '/api/v1/me', token);

    test('auth_token_actor and auth_session_actor write the time of last use once a minute at most', async () => {
      const db = t.database.db;
      const { id, token } = await freshToken();
      const t0 = new Date('2026-05-01T11:00:00Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const use = async (when: Date) => (await sql<{ token_id: string }>`select token_id from auth_token_actor(${hashToken(token)}, ${when})`.execute(db)).rows;
      assert.equal(await lastUsed(id), null);
      assert.deepEqual(await use(t0), [{ token_id: id }]);
      assert.equal((await lastUsed(id))?.getTime(), t0.getTime(), 'the first use is recorded');
      for (const ms of [1, 30 * SECOND, 59 * SECOND, 60 * SECOND]) {
        assert.deepEqual(await use(at(ms)), [{ token_id: id }], 'the token is still accepted');
        assert.equal((await lastUsed(id))?.getTime(), t0.getTime(), `not rewritten ${ms} ms later`);
      }
      await use(at(61 * SECOND));
      assert.equal((await lastUsed(id))?.getTime(), at(61 * SECOND).getTime(), 'rewritten once the stored time is over a minute old');
      await use(at(90 * SECOND));
      assert.equal((await lastUsed(id))?.getTime(), at(61 * SECOND).getTime());

      const cw = w.charities[0]!.caseworker.actor;
      const s = await createSession(db, cw.userId, t0);
      const seen = async () => (await db.selectFrom('sessions').select('last_seen_at').where('id', '=', s.id).executeTakeFirstOrThrow()).last_seen_at.getTime();
      const visit = async (when: Date) => (await sql<{ session_id: string }>`select session_id from auth_session_actor(${sha256(s.token)}, ${when})`.execute(db)).rows;
      assert.deepEqual(await visit(at(30 * SECOND)), [{ session_id: s.id }]);
      assert.equal(await seen(), t0.getTime(), 'a session seen within a minute of the last write is not written');
      assert.deepEqual(await visit(at(61 * SECOND)), [{ session_id: s.id }]);
      assert.equal(await seen(), at(61 * SECOND).getTime());
      // A revoked or expired session or token is refused, written or not.
      await db.updateTable('sessions').set({ revoked_at: t0 }).where('id', '=', s.id).execute();
      assert.deepEqual(await visit(at(62 * SECOND)), []);
      await db.updateTable('api_tokens').set({ expires_at: at(100 * SECOND) }).where('id', '=', id).execute();
      assert.deepEqual(await use(at(100 * SECOND)), []);
    });

    test('through the API: last_used_at is written at the first request, not again within a minute, again after it', async () => {
      const { id, token } = await freshToken();
      clock.set('2026-05-02T08:00:00Z');
      const t0 = clock.now().getTime();
      assert.equal((await me(token)).status, 200);
      assert.equal((await lastUsed(id))?.getTime(), t0);
      clock.advanceMs(30 * SECOND); // past the cache's 5 s: the database is asked again
      assert.equal((await me(token)).status, 200);
      assert.equal((await lastUsed(id))?.getTime(), t0, 'within the minute: read, not written');
      clock.advanceMs(31 * SECOND);
      assert.equal((await me(token)).status, 200);
      assert.equal((await lastUsed(id))?.getTime(), t0 + 61 * SECOND, 'after the minute: written again');
    });

    test('a token revoked through the API is refused at once, although it was cached a moment before', async () => {
      clock.set('2026-05-03T08:00:00Z');
      const cw = w.charities[0]!.caseworker.token;
      const issued = await api.call('POST', '/api/v1/me/tokens', cw, { name: 'to revoke', scopes: ['read'] });
      assert.equal(issued.status, 201);
      assert.equal((await me(issued.body.token)).status, 200);
      assert.equal((await me(issued.body.token)).status, 200);
      assert.equal((await api.call('POST', `/api/v1/tokens/${issued.body.id}/revoke`, cw)).status, 200);
      const after = await me(issued.body.token); // the clock has not moved: the cache would still hold it
      assert.equal(after.status, 401);
      assert.equal(after.body.type, '/problems/unauthenticated');
      assert.match(String(after.headers['content-type']), /^application\/problem\+json/);
    });

    test('deactivating a user or suspending an organisation through the API refuses its cached tokens at once; reactivating admits them at once', async () => {
      clock.set('2026-05-04T08:00:00Z');
      const visitor = w.charities[1]!.visitor;
      const admin = w.charities[1]!.admin.token;
      assert.equal((await me(visitor.token)).status, 200);
      assert.equal((await api.call('PATCH', `/api/v1/staff/${visitor.actor.userId}`, admin, { active: false })).status, 200);
      assert.equal((await me(visitor.token)).status, 401, 'a deactivated account');
      assert.equal((await api.call('PATCH', `/api/v1/staff/${visitor.actor.userId}`, admin, { active: true })).status, 200);
      assert.equal((await me(visitor.token)).status, 200);

      const cw = w.charities[1]!.caseworker.token;
      const orgId = w.charities[1]!.id;
      assert.equal((await me(cw)).status, 200);
      assert.equal((await api.call('POST', `/api/v1/organisations/${orgId}/decision`, w.ministryAdmin.token, { decision: 'suspended', reason: 'audit' })).status, 200);
      const refused = await me(cw);
      assert.equal(refused.status, 403, 'a suspended charity');
      assert.equal(refused.body.type, '/problems/forbidden');
      assert.equal((await api.call('POST', `/api/v1/organisations/${orgId}/decision`, w.ministryAdmin.token, { decision: 'approved' })).status, 200);
      assert.equal((await me(cw)).status, 200);
    });

    test('a cached read-only token still may not write', async () => {
      clock.set('2026-05-05T08:00:00Z');
      const read = await api.call('POST', '/api/v1/me/tokens', w.charities[0]!.caseworker.token, { name: 'read only', scopes: ['read'] });
      assert.equal((await me(read.body.token)).status, 200);
      const denied = await api.call('PATCH', '/api/v1/me', read.body.token, { locale: 'ar' });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.type, '/problems/insufficient-scope');
    });

    test('a revocation written by another process is served from the cache for at most the TTL, then refused', async () => {
      clock.set('2026-05-06T08:00:00Z');
      const { id, token } = await freshToken();
      assert.equal((await me(token)).status, 200);
      // Another process revokes it: this process is not told.
      await t.database.db.updateTable('api_tokens').set({ revoked_at: clock.now() }).where('id', '=', id).execute();
      clock.advanceMs(4_999);
      assert.equal((await me(token)).status, 200, 'within the TTL the cached entry is used (the staleness the TTL bounds)');
      clock.advanceMs(1);
      const r = await me(token);
      assert.equal(r.status, 401, 'after the TTL the database is asked, and refuses');
      assert.equal(r.body.type, '/problems/unauthenticated');
    });

    test('an expired token is refused even while it would still be cached', async () => {
      const long = await makeApi(t, clock, { authCache: { ttlMs: 60_000 } });
      try {
        clock.set('2026-05-07T08:00:00Z');
        const issued = await long.call('POST', '/api/v1/me/tokens', w.charities[0]!.caseworker.token, { name: 'one day', scopes: ['read'], expiresInDays: 1 });
        assert.equal(issued.status, 201);
        const expiresAt = new Date(issued.body.expiresAt).getTime();
        assert.equal(expiresAt, clock.now().getTime() + 86_400_000);
        clock.set(new Date(expiresAt - 2 * SECOND));
        assert.equal((await long.call('GET', '/api/v1/me', issued.body.token)).status, 200);
        clock.set(new Date(expiresAt - 1));
        assert.equal((await long.call('GET', '/api/v1/me', issued.body.token)).status, 200);
        clock.set(new Date(expiresAt)); // 2 s after it was cached, well within the 60 s TTL
        const r = await long.call('GET', '/api/v1/me', issued.body.token);
        assert.equal(r.status, 401);
        assert.equal(r.body.type, '/problems/unauthenticated');
      } finally {
        await long.app.close();
      }
    });
  });
}
