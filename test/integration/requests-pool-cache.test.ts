/**
 * The pool's page cache over HTTP (src/modules/requests/pool-cache.ts), on every engine. A second
 * identical request of a charity is answered without a database transaction, byte for byte; other
 * queries and other charities get their own pages; a claim, a release or a submission made through
 * this process is seen at once, by every charity, however long the TTL; what another process writes
 * is seen when the TTL runs out, and a claim of a request a stale page still shows gets the normal
 * 409; a TTL of 0 turns the cache off. Who is asking is still checked on every request.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { createCharity } from '../../src/modules/registry/registry.service.js';
import { createStaff, issueToken } from '../../src/modules/identity/staff.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { poolCache } from '../../src/modules/requests/pool-cache.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Page = { items: { id: string; aidType: string }[]; nextCursor: string | null };

for (const engine of engines()) {
  describe(`pool page cache (${engine})`, () => {
    let t: TestDb;
    let w: World;
    const apis: Api[] = [];
    const clock = new ManualClock(new Date('2026-07-01T07:00:00Z'));
    const requests: { id: string; aidType: string }[] = [];
    let narrowToken = '';
    let narrowOrg = '';
    const cw = (i: number) => w.charities[i]!.caseworker.token;

    /** An app with its own cache, and a count of the database transactions its routes open. */
    async function app(poolCache: { ttlMs: number }) {
      const api = await makeApi(t, clock, { poolCache });
      apis.push(api);
      const tx = api.app.mizan.tx;
      let count = 0;
      api.app.mizan.tx = (req, fn) => {
        count++;
        return tx(req, fn);
      };
      return { api, transactions: () => count };
    }

    async function submit(aidType: string) {
      const admin = w.ministryAdmin.actor;
      const fam = await registerFamily(t.database.db, t.dep, w, admin);
      clock.advanceMs(3_600_000);
      const r = await inTx(t.database.db, admin, (trx) => submitRequest(trx, admin, t.dep, clock, { householdId: fam.householdId, aidTypeCode: aidType, justification: 'in need', ...(aidType === 'rent-assistance' ? { amount: '40' } : {}) }));
      requests.push({ id: r.id, aidType });
      return r.id;
    }

    /** The pool a charity should see now, from the view itself. */
    const viewIds = async (orgId: string) =>
      (await t.database.db.selectFrom('request_pool').select('id').where('org_id', '=', orgId).orderBy('deadline_at').orderBy('id').execute()).map((r) => r.id);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      const admin = w.ministryAdmin.actor;
      const org = await inTx(t.database.db, admin, (trx) => createCharity(trx, admin, t.dep, { name: 'Food only', aidTypes: ['food-basket'], regions: [...t.dep.regions.keys()] }, 'approved'));
      narrowOrg = org.id;
      const staff = await inTx(t.database.db, admin, (trx) => createStaff(trx, admin, t.dep, org.id, { role: 'caseworker', displayName: 'food', nationalId: w.nextId('1983-02-02'), locale: 'en' }));
      narrowToken = 'mzn_test_food_only_caseworker';
      await inTx(t.database.db, admin, (trx) => issueToken(trx, admin, staff.id, 'test', narrowToken));
      for (const type of ['food-basket', 'refrigerator', 'rent-assistance', 'food-basket', 'refrigerator']) await submit(type);
    });
    after(async () => {
      for (const api of apis) await api.app.close();
      await t.close();
    });

    test('a second identical request is served from the cache: no transaction, the same bytes, also to a colleague', async () => {
      const { api, transactions } = await app({ ttlMs: 60_000 });
      const first = await api.call('GET', '/api/v1/pool?sort=priority', cw(0));
      assert.equal(first.status, 200);
      assert.equal(transactions(), 1);
      const again = await api.call('GET', '/api/v1/pool?sort=priority', cw(0));
      assert.equal(again.status, 200);
      assert.equal(transactions(), 1, 'no transaction for the second');
      assert.deepEqual(again.body, first.body);
      assert.match(String(again.headers['content-type']), /^application\/json/);
      // the same charity's administrator asks the same question: the same page
      const colleague = await api.call('GET', '/api/v1/pool?sort=priority', w.charities[0]!.admin.token);
      assert.equal(colleague.status, 200);
      assert.equal(transactions(), 1);
      // defaults are part of the key: an explicit limit of 50 is the same page, 2 another one
      await api.call('GET', '/api/v1/pool?sort=priority&limit=50', cw(0));
      assert.equal(transactions(), 1);
      const two = await api.call('GET', '/api/v1/pool?sort=priority&limit=2', cw(0));
      assert.equal(transactions(), 2);
      assert.equal(two.body.items.length, 2);
      // a cursor is part of the key too
      await api.call('GET', `/api/v1/pool?sort=priority&limit=2&cursor=${two.body.nextCursor}`, cw(0));
      assert.equal(transactions(), 3);
      await api.call('GET', '/api/v1/pool?sort=deadline', cw(0));
      assert.equal(transactions(), 4);
    });

    test('organisations never share a page', async () => {
      const { api, transactions } = await app({ ttlMs: 60_000 });
      const a = await api.call('GET', '/api/v1/pool', cw(0));
      const narrow = await api.call('GET', '/api/v1/pool', narrowToken);
      const b = await api.call('GET', '/api/v1/pool', cw(1));
      assert.equal(transactions(), 3, 'each organisation its own read');
      assert.deepEqual(a.body.items.map((i: { id: string }) => i.id), await viewIds(w.charities[0]!.id));
      assert.deepEqual(narrow.body.items.map((i: { id: string }) => i.id), await viewIds(narrowOrg));
      assert.deepEqual(b.body.items.map((i: { id: string }) => i.id), await viewIds(w.charities[1]!.id));
      assert.ok(narrow.body.items.every((i: { aidType: string }) => i.aidType === 'food-basket'));
      assert.ok(a.body.items.length > narrow.body.items.length);
      // and served again, each still gets its own
      const narrowAgain = await api.call('GET', '/api/v1/pool', narrowToken);
      assert.deepEqual(narrowAgain.body, narrow.body);
      assert.equal(transactions(), 3);
    });

    test('a claim, a release and a submission through this process are seen at once, by every charity', async () => {
      const { api, transactions } = await app({ ttlMs: 60_000 });
      const ids = async (token: string) => ((await api.call('GET', '/api/v1/pool', token)).body as Page).items.map((i) => i.id);
      const target = requests.find((r) => r.aidType === 'food-basket')!.id;
      assert.ok((await ids(cw(0))).includes(target));
      assert.ok((await ids(narrowToken)).includes(target));
      const before = transactions();
      const claim = await api.call('POST', `/api/v1/requests/${target}/claim`, cw(0));
      assert.equal(claim.status, 200);
      assert.ok(!(await ids(cw(0))).includes(target), "gone from the claimant's pool at once");
      assert.ok(!(await ids(narrowToken)).includes(target), "and from every other charity's");
      assert.equal(transactions(), before + 3, 'the claim and two fresh reads');

      const release = await api.call('POST', `/api/v1/requests/${target}/release`, cw(0), { reason: 'not ours after all' });
      assert.equal(release.status, 200);
      assert.ok((await ids(narrowToken)).includes(target), 'back in the pool at once');

      const submitted = await api.call('POST', '/api/v1/requests', w.ministryAdmin.token, {
        householdId: (await registerFamily(t.database.db, t.dep, w, w.ministryAdmin.actor)).householdId, aidTypeCode: 'food-basket', justification: 'in need',
      });
      assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
      requests.push({ id: submitted.body.id, aidType: 'food-basket' });
      assert.ok((await ids(narrowToken)).includes(submitted.body.id), 'a new request is in the pool at once');
      assert.ok((await ids(cw(1))).includes(submitted.body.id));
    });

    test("another process's writes are seen after the TTL; a claim of a request a stale page shows gets 409", async () => {
      const { api, transactions } = await app({ ttlMs: 400 });
      const target = requests.find((r) => r.aidType === 'refrigerator')!.id;
      const page = async () => ((await api.call('GET', '/api/v1/pool', cw(1))).body as Page).items.map((i) => i.id);
      assert.ok((await page()).includes(target));
      const started = performance.now();
      // another server claims it: a write this process does not see
      await t.database.db.updateTable('aid_requests').set({ status: 'claimed', claimed_by_org: w.charities[0]!.id, claimed_at: clock.now() }).where('id', '=', target).execute();
      const stale = await page();
      if (performance.now() - started < 350) {
        assert.ok(stale.includes(target), 'still shown within the TTL');
        assert.equal(transactions(), 1);
      }
      const claim = await api.call('POST', `/api/v1/requests/${target}/claim`, cw(1));
      assert.equal(claim.status, 409);
      assert.equal(claim.body.type.endsWith('/already-claimed'), true, JSON.stringify(claim.body));
      await sleep(450);
      assert.ok(!(await page()).includes(target), 'gone once the TTL has run out');
    });

    test('a generation bump makes every page stale', async () => {
      const { api, transactions } = await app({ ttlMs: 60_000 });
      await api.call('GET', '/api/v1/pool', cw(1));
      await api.call('GET', '/api/v1/pool', cw(1));
      assert.equal(transactions(), 1);
      poolCache.changed();
      await api.call('GET', '/api/v1/pool', cw(1));
      assert.equal(transactions(), 2);
    });

    test('simultaneous identical requests share one read', async () => {
      const { api, transactions } = await app({ ttlMs: 60_000 });
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => api.call('GET', '/api/v1/pool?aidType=food-basket', cw(0))));
      assert.equal(transactions(), 1);
      assert.deepEqual(b!.body, a!.body);
      assert.deepEqual(c!.body, a!.body);
    });

    test('a TTL of 0 turns the cache off', async () => {
      const { api, transactions } = await app({ ttlMs: 0 });
      await api.call('GET', '/api/v1/pool', cw(0));
      await api.call('GET', '/api/v1/pool', cw(0));
      assert.equal(transactions(), 2);
    });

    test('who is asking is checked on every request, cached page or not', async () => {
      const { api } = await app({ ttlMs: 60_000 });
      assert.equal((await api.call('GET', '/api/v1/pool', cw(0))).status, 200);
      assert.equal((await api.call('GET', '/api/v1/pool')).status, 401);
      assert.equal((await api.call('GET', '/api/v1/pool', 'mzn_test_not_a_token')).status, 401);
      assert.equal((await api.call('GET', '/api/v1/pool', w.charities[0]!.visitor.token)).status, 403, 'a field visitor of the same charity has no pool');
      assert.equal((await api.call('GET', '/api/v1/pool', w.supervisor.token)).status, 403, 'nor has the ministry');
      const bad = await api.call('GET', '/api/v1/pool?cursor=not-a-cursor', cw(0));
      assert.equal(bad.status, 400);
      assert.equal((await api.call('GET', '/api/v1/pool?cursor=not-a-cursor', cw(0))).status, 400, 'an error is not cached as a page');
    });
  });
}
