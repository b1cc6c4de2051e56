/**
 * The anonymous pool leaks nothing. Households with known names, national IDs, phones and
 * addresses submit requests whose justifications name them; no pool response — under every filter,
 * across every page, in both sorts — contains any of those strings, and every item has exactly the
 * listed keys. Also: who sees what (aid types offered, regions served), the region is the anonymous
 * level, and pagination is stable (each request once, in order).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { createCharity, decideOrganisation, registerHousehold } from '../../src/modules/registry/registry.service.js';
import { createStaff, issueToken } from '../../src/modules/identity/staff.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';

const KEYS = ['aidType', 'basket', 'deadlineAt', 'householdSize', 'id', 'nationality', 'offeredUntil', 'priority', 'region', 'submittedAt'];
const TYPES = ['food-basket', 'refrigerator', 'rent-assistance', 'medical-aid', 'student-fees'];
const NATIONALITIES = ['KW', 'SY', 'EG', 'BD'];

interface Seeded {
  id: string;
  aidType: string;
  basket: string;
  region: string;
  level1: string;
  nationality: string;
  size: number;
  priority: number;
  deadlineAt: string;
}

for (const engine of engines()) {
  describe(`anonymous pool leak test (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-05-01T06:00:00Z'));
    const secrets: string[] = [];
    const seeded: Seeded[] = [];
    let limitedToken = '';
    let limitedRegion = '';

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t, clock);
      const admin = w.ministryAdmin.actor;
      const level1 = [...t.dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
      const level2 = [...t.dep.regions.values()].filter((r) => r.level === 2);
      limitedRegion = level1[0]!;

      // A charity that offers food baskets only, in one governorate only.
      const org = await inTx(t.database.db, admin, (trx) => createCharity(trx, admin, t.dep, { name: 'Narrow Charity', aidTypes: ['food-basket'], regions: [limitedRegion] }, 'approved'));
      const staff = await inTx(t.database.db, admin, (trx) => createStaff(trx, admin, t.dep, org.id, { role: 'caseworker', displayName: 'narrow', nationalId: w.nextId('1984-01-01'), locale: 'en' }));
      limitedToken = 'mzn_test_narrow_caseworker';
      await inTx(t.database.db, admin, (trx) => issueToken(trx, admin, staff.id, 'test', limitedToken));

      const baskets = new Map((await t.database.db.selectFrom('aid_types').select(['code', 'basket_code']).execute()).map((r) => [r.code, r.basket_code]));
      for (let i = 0; i < 36; i++) {
        const size = 1 + (i % 5);
        const nationality = NATIONALITIES[i % NATIONALITIES.length]!;
        const region = i % 3 === 0 ? level1[i % level1.length]! : level2[i % level2.length]!.code;
        const phone = `+9655${String(1000000 + i * 7919).slice(-7)}`;
        const address = `Block ${i}, Street Qx${i}, House ${100 + i}`;
        const members = Array.from({ length: size }, (_, j) => {
          const birth = j === 0 ? '1970-03-0' + (1 + (i % 9)) : `20${10 + j}-06-15`;
          return {
            nationalId: w.nextId(birth),
            fullName: j === 0 ? `Nabil Qx${i}h Alhaddad` : `سارة قيكس${i}م${j} الحداد`,
            birthDate: birth,
            relation: (j === 0 ? 'head' : 'child') as 'head' | 'child',
            nationality,
            phone: j === 0 ? phone : `+9656${String(2000000 + i * 131 + j).slice(-7)}`,
          };
        });
        const household = await inTx(t.database.db, admin, (trx) => registerHousehold(trx, admin, t.dep, { regionCode: region, phone, address, members }));
        secrets.push(address, phone, household.id);
        for (const m of members) secrets.push(m.fullName, m.nationalId, m.phone, `Qx${i}h`);
        const aidType = TYPES[i % TYPES.length]!;
        const justification = `${members[0]!.fullName} (${members[0]!.nationalId}, ${phone}) lives at ${address}.`;
        secrets.push(justification);
        clock.advanceMs(3_600_000 * ((i * 7) % 11)); // submission times (and deadlines) not in ID order
        const r = await inTx(t.database.db, admin, (trx) =>
          submitRequest(trx, admin, t.dep, clock, { householdId: household.id, aidTypeCode: aidType, justification, priority: i % 4, ...(aidType === 'food-basket' || aidType === 'refrigerator' ? {} : { amount: '10' }) }),
        );
        const l1 = t.dep.regions.get(region)!.level === 1 ? region : t.dep.regions.get(region)!.parent!;
        seeded.push({ id: r.id, aidType, basket: baskets.get(aidType)!, region, level1: l1, nationality, size, priority: i % 4, deadlineAt: r.deadline_at.toISOString() });
      }
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    /** Every page of the pool for a query; checks each response for secrets and exact keys. */
    async function allPages(token: string, query: Record<string, string | number>, limit = 4) {
      const items: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const qs = new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), limit: String(limit), ...(cursor ? { cursor } : {}) });
        const res = await api.call('GET', `/api/v1/pool?${qs}`, token);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const text = JSON.stringify(res.body);
        for (const s of secrets) assert.ok(!text.includes(s), `the pool response contains "${s}"`);
        assert.deepEqual(Object.keys(res.body).sort(), ['items', 'nextCursor']);
        for (const item of res.body.items) assert.deepEqual(Object.keys(item).sort(), KEYS);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
        assert.ok(pages < 100, 'pagination terminates');
      } while (cursor);
      return { items, pages };
    }

    const filters = (): Record<string, string | number>[] => [
      {},
      ...TYPES.map((aidType) => ({ aidType })),
      ...[...new Set(seeded.map((s) => s.basket))].map((basket) => ({ basket })),
      ...[...new Set(seeded.map((s) => s.level1))].map((region) => ({ region })),
      ...NATIONALITIES.map((nationality) => ({ nationality })),
      ...[1, 2, 3, 4, 5].map((householdSize) => ({ householdSize })),
      { aidType: 'food-basket', nationality: 'SY' },
    ];

    test('no response under any filter, page or sort contains a name, ID, phone, address or free text; items have exactly the listed keys', async () => {
      assert.ok(secrets.length > 200);
      let checked = 0;
      for (const sort of ['deadline', 'priority']) {
        for (const f of filters()) {
          const { items } = await allPages(w.charities[0]!.caseworker.token, { ...f, sort });
          const expected = seeded.filter((s) =>
            (f.aidType === undefined || s.aidType === f.aidType) && (f.basket === undefined || s.basket === f.basket) && (f.region === undefined || s.level1 === f.region)
            && (f.nationality === undefined || s.nationality === f.nationality) && (f.householdSize === undefined || s.size === f.householdSize));
          assert.deepEqual(items.map((i) => i.id).sort(), expected.map((s) => s.id).sort(), `filter ${JSON.stringify(f)} sort ${sort}`);
          checked += items.length;
        }
      }
      assert.ok(checked > 100);
    });

    test('what an item says is right: basket, nationality of the head, household size, the region at the anonymous level, priority, deadline', async () => {
      const { items } = await allPages(w.charities[1]!.caseworker.token, {}, 50);
      assert.equal(items.length, seeded.length);
      for (const s of seeded) {
        const item = items.find((i) => i.id === s.id)!;
        assert.deepEqual(
          { aidType: item.aidType, basket: item.basket, nationality: item.nationality, householdSize: item.householdSize, region: item.region, priority: item.priority, deadlineAt: item.deadlineAt },
          { aidType: s.aidType, basket: s.basket, nationality: s.nationality, householdSize: s.size, region: s.level1, priority: s.priority, deadlineAt: s.deadlineAt },
        );
        assert.equal(t.dep.regions.get(item.region as string)!.level, 1);
      }
    });

    test('pages are stable: each request exactly once, in sort order, for any page size', async () => {
      for (const limit of [1, 3, 7, 50]) {
        const byDeadline = (await allPages(w.charities[0]!.caseworker.token, { sort: 'deadline' }, limit)).items;
        assert.equal(new Set(byDeadline.map((i) => i.id)).size, seeded.length);
        for (let k = 1; k < byDeadline.length; k++) {
          const [a, b] = [byDeadline[k - 1]!, byDeadline[k]!];
          assert.ok(a.deadlineAt! < b.deadlineAt! || (a.deadlineAt === b.deadlineAt && (a.id as string) < (b.id as string)), 'deadline order');
        }
        const byPriority = (await allPages(w.charities[0]!.caseworker.token, { sort: 'priority' }, limit)).items;
        assert.equal(new Set(byPriority.map((i) => i.id)).size, seeded.length);
        for (let k = 1; k < byPriority.length; k++) {
          const [a, b] = [byPriority[k - 1]!, byPriority[k]!];
          const pa = a.priority as number;
          const pb = b.priority as number;
          assert.ok(pa > pb || (pa === pb && (a.deadlineAt! < b.deadlineAt! || (a.deadlineAt === b.deadlineAt && (a.id as string) < (b.id as string)))), 'priority order');
        }
      }
      const bad = await api.call('GET', '/api/v1/pool?cursor=not-a-cursor', w.charities[0]!.caseworker.token);
      assert.equal(bad.status, 400);
      const first = await api.call('GET', '/api/v1/pool?limit=2&sort=deadline', w.charities[0]!.caseworker.token);
      assert.equal((await api.call('GET', `/api/v1/pool?sort=priority&cursor=${first.body.nextCursor}`, w.charities[0]!.caseworker.token)).status, 400, 'a cursor belongs to its sort');
    });

    test('a charity sees only the aid types it offers in the regions it serves; the ministry and applicants have no pool', async () => {
      const { items } = await allPages(limitedToken, {});
      const expected = seeded.filter((s) => s.aidType === 'food-basket' && s.level1 === limitedRegion);
      assert.ok(expected.length > 0, 'the data set covers the case');
      assert.deepEqual(items.map((i) => i.id).sort(), expected.map((s) => s.id).sort());
      assert.equal((await api.call('GET', '/api/v1/pool', w.supervisor.token)).status, 403);
      assert.equal((await api.call('GET', '/api/v1/pool', w.charities[0]!.visitor.token)).status, 403);
      // Outside its pool, a claim is refused.
      const other = seeded.find((s) => s.aidType !== 'food-basket')!;
      assert.equal((await api.call('POST', `/api/v1/requests/${other.id}/claim`, limitedToken)).status, 403);
    });

    test('a suspended charity sees nothing', async () => {
      const sup = w.supervisor.actor;
      // through the ministry's decision, as the API makes it (which also empties cached tokens)
      await inTx(t.database.db, sup, (trx) => decideOrganisation(trx, sup, w.charities[1]!.id, 'suspended', 'test', clock.now()));
      const res = await api.call('GET', '/api/v1/pool', w.charities[1]!.caseworker.token);
      assert.equal(res.status, 403);
      const rows = await t.database.db.selectFrom('request_pool').select('id').where('org_id', '=', w.charities[1]!.id).execute();
      assert.equal(rows.length, 0, 'the view itself drops an unapproved charity');
    });
  });
}
