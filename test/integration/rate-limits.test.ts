/**
 * Rate limits kept in the database (src/http/rate-limit.ts, 0013): per user and per organisation
 * on write routes and on the pool, households and grants; per client address on sign-in; a 429
 * problem naming the limit reached, with Retry-After and the RateLimit-* headers; expired windows
 * start again and their counters are swept. Limits are set small here.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { RATE_LIMIT_DEFAULTS, RateLimiter, routeLimitClass } from '../../src/http/rate-limit.js';

for (const engine of engines()) {
  describe(`rate limits (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let fam: Family;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      api = await makeApi(t, undefined, { rateLimits: { user: 3, organisation: 5, sensitive: 2, signIn: 3 } });
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });
    beforeEach(async () => {
      await sql`delete from rate_limit_counters`.execute(t.database.db);
    });

    const pool = (token: string) => api.call('GET', '/api/v1/pool', token);
    const statuses = async (n: number, call: () => Promise<{ status: number }>) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await call()).status);
      return out;
    };

    test('two users of one charity share its limit; each has their own; another charity is unaffected', async () => {
      const a = w.charities[0]!;
      const b = w.charities[1]!;
      assert.deepEqual(await statuses(4, () => pool(a.caseworker.token)), [200, 200, 200, 429], "the caseworker's own limit (3)");
      const refused = await pool(a.caseworker.token);
      assert.equal(refused.body.limit, 'user');
      // The refused requests did not count against the charity: 3 of its 5 are used.
      assert.deepEqual(await statuses(2, () => pool(a.admin.token)), [200, 200], "the charity's limit (5): 3 + 2");
      const org = await pool(a.admin.token);
      assert.equal(org.status, 429, 'the colleague is within their own limit but the charity is not');
      assert.equal(org.body.limit, 'organisation');
      assert.match(org.body.detail, /limit of 5 requests a minute for your organisation/);
      assert.deepEqual(await statuses(3, () => pool(b.caseworker.token)), [200, 200, 200], 'another charity has its own limits');
    });

    test('the grant route is limited per user; the refused grant writes nothing', async () => {
      const cw = w.charities[0]!.caseworker.token;
      const grant = (aidTypeCode: string) => api.call('POST', '/api/v1/grants', cw, { beneficiaryNationalId: fam.members[0]!.nationalId, aidTypeCode });
      const codes = [];
      for (const type of ['refrigerator', 'washing-machine', 'food-basket', 'medical-aid']) codes.push((await grant(type)).status);
      assert.deepEqual(codes, [201, 201, 201, 429]);
      const n = await t.database.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).where('household_id', '=', fam.householdId).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 3);
    });

    test('429 is a problem naming the limit, with Retry-After and the RateLimit headers, and no personal data', async () => {
      const cw = w.charities[0]!.caseworker;
      const ok = await pool(cw.token);
      assert.equal(ok.headers['ratelimit-limit'], '3');
      assert.equal(ok.headers['ratelimit-remaining'], '2');
      const reset = Number(ok.headers['ratelimit-reset']);
      assert.ok(reset >= 1 && reset <= 60, `reset in seconds within the window (${reset})`);
      await pool(cw.token);
      await pool(cw.token);
      const r = await pool(cw.token);
      assert.equal(r.status, 429);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      assert.equal(r.body.type, '/problems/rate-limited');
      assert.equal(r.body.status, 429);
      assert.equal(r.body.limit, 'user');
      assert.equal(r.headers['ratelimit-remaining'], '0');
      const retry = Number(r.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 60);
      assert.equal(r.body.retryAfter, retry);
      const text = JSON.stringify(r.body) + JSON.stringify(r.headers);
      for (const secret of [cw.nationalId, cw.actor.userId, w.charities[0]!.id, w.charities[0]!.name]) assert.ok(!text.includes(secret), 'the refusal names no person or organisation');
    });

    test('writes are limited per user too; a route outside the limits is not counted', async () => {
      const cw = w.charities[1]!.caseworker.token;
      for (let i = 0; i < 5; i++) assert.equal((await api.call('GET', '/api/v1/me', cw)).status, 200);
      const me = await api.call('GET', '/api/v1/me', cw);
      assert.equal(me.headers['ratelimit-limit'], undefined);
      // A write with a body the route refuses still counts: the limit is on requests.
      assert.deepEqual(await statuses(4, () => api.call('POST', '/api/v1/requests', cw, { nothing: true })), [400, 400, 400, 429]);
      const rows = await sql<{ key: string }>`select key from rate_limit_counters`.execute(t.database.db);
      assert.equal(rows.rows.length, 2, 'one counter for the user and one for the charity');
    });

    test('sign-in is limited per client address; the sensitive lookup per user', async () => {
      const cb = () => api.app.inject({ method: 'GET', url: '/auth/callback?state=x&code=y', headers: { accept: 'application/json' } }).then((r) => ({ status: r.statusCode, body: r.json() }));
      assert.deepEqual(await statuses(3, cb), [400, 400, 400]);
      const r = await cb();
      assert.equal(r.status, 429);
      assert.equal(r.body.limit, 'address');
      const fromElsewhere = await api.app.inject({ method: 'GET', url: '/auth/callback?state=x&code=y', headers: { accept: 'application/json' }, remoteAddress: '10.1.2.3' });
      assert.equal(fromElsewhere.statusCode, 400, 'another address has its own limit');
      const keys = await sql<{ key: string }>`select key from rate_limit_counters`.execute(t.database.db);
      assert.ok(keys.rows.every((k) => !k.key.includes('127.0.0.1') && !k.key.includes('10.1.2.3')), 'addresses are kept only as hashes');
      const lookup = (token: string) => api.call('GET', `/api/v1/households/lookup?nationalId=${fam.members[0]!.nationalId}&purpose=aid-check`, token);
      assert.deepEqual(await statuses(3, () => lookup(w.charities[1]!.caseworker.token)), [200, 200, 429]);
      assert.equal((await lookup(w.charities[1]!.admin.token)).status, 200, 'a colleague has their own lookup limit');
    });

    test('an ended window starts again; ended counters are swept, by the function and by a server', async () => {
      const cw = w.charities[1]!.caseworker.token;
      assert.deepEqual(await statuses(4, () => pool(cw)), [200, 200, 200, 429]);
      await sql`update rate_limit_counters set reset_at = statement_timestamp() - interval '1 second'`.execute(t.database.db);
      const again = await pool(cw);
      assert.equal(again.status, 200, 'a new window');
      assert.equal(again.headers['ratelimit-remaining'], '2');
      await sql`update rate_limit_counters set reset_at = statement_timestamp() - interval '1 second' where key like 'o:%'`.execute(t.database.db);
      const swept = await sql<{ n: number }>`select rate_limit_sweep() as n`.execute(t.database.db);
      assert.equal(swept.rows[0]!.n, 1);
      assert.deepEqual((await sql<{ key: string }>`select key from rate_limit_counters`.execute(t.database.db)).rows.map((r) => r.key[0]), ['u'], "the user's live counter stays");
      // A server sweeps by itself (at most once a window, off the request's path).
      await sql`update rate_limit_counters set reset_at = statement_timestamp() - interval '1 second'`.execute(t.database.db);
      const fresh = new RateLimiter(t.database.db, { ...RATE_LIMIT_DEFAULTS, user: 3, organisation: 5 });
      await fresh.count('general', { actor: w.charities[0]!.caseworker.actor, ip: '127.0.0.1' } as never);
      await fresh.close();
      const left = (await sql<{ key: string }>`select key from rate_limit_counters`.execute(t.database.db)).rows.map((r) => r.key).sort();
      assert.deepEqual(left, [`o:${w.charities[0]!.id}`, `u:${w.charities[0]!.caseworker.actor.userId}`].sort(), 'only the counters just counted remain');
    });

    test('route classes: writes, the pool, households and grants, sensitive routes, sign-in', () => {
      assert.equal(routeLimitClass('POST', '/api/v1/requests'), 'general');
      assert.equal(routeLimitClass(['DELETE'], '/api/v1/households/:id/members/:personId'), 'general');
      assert.equal(routeLimitClass('GET', '/api/v1/pool'), 'general');
      assert.equal(routeLimitClass('GET', '/api/v1/households/:id/history'), 'general');
      assert.equal(routeLimitClass('GET', '/api/v1/grants'), 'general');
      assert.equal(routeLimitClass('GET', '/api/v1/households/lookup'), 'sensitive');
      assert.equal(routeLimitClass('POST', '/api/v1/me/tokens'), 'sensitive');
      assert.equal(routeLimitClass('GET', '/auth/callback'), 'sign-in');
      assert.equal(routeLimitClass('GET', '/idp/auth'), 'sign-in');
      assert.equal(routeLimitClass('GET', '/api/v1/me'), null);
      assert.equal(routeLimitClass('GET', '/api/v1/catalogue'), null);
    });
  });
}
