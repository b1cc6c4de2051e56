/**
 * The pool's anonymous columns on the request (0007_pool_columns.sql), on every engine: after each
 * change that moves them — a member added, removed, deactivated, deleted or moved to another
 * household, the head replaced or gone, a nationality or a region changed, an aid type moved to
 * another basket, a request released back to the pool — the stored household size, head's
 * nationality, region, anonymous region and basket equal a computation from scratch, and the view
 * request_pool equals its former definition (lateral subqueries over the household). A bulk load may
 * defer the maintenance, an application transaction may not. And request_pool_page(), which the
 * route reads, returns exactly the view's rows in order for every kind of charity, filter, sort and
 * page size, a request a charity let pass its deadline excluded.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { DB } from '../../src/db/schema.js';
import { addMember, createCharity, registerHousehold, removeMember } from '../../src/modules/registry/registry.service.js';
import { createStaff } from '../../src/modules/identity/staff.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { claimRequest, releaseRequest } from '../../src/modules/requests/claim-request.js';
import { listPool, type PoolItem, type PoolQuery } from '../../src/modules/requests/pool.js';

const TYPES = ['food-basket', 'refrigerator', 'rent-assistance', 'medical-aid', 'student-fees', 'washing-machine'];
const NATIONALITIES = ['KW', 'SY', 'EG'];

/** Requests whose stored pool columns differ from the household as it is now. */
async function wrongColumns(db: Kysely<DB>) {
  const r = await sql<{ id: string; stored: string; computed: string }>`
    select r.id,
           concat_ws('|', r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region, r.pool_basket) as stored,
           concat_ws('|', (select count(*) from household_members m where m.household_id = r.household_id and m.active),
                          (select p.nationality from household_members m join persons p on p.id = m.person_id
                            where m.household_id = r.household_id and m.active and m.relation = 'head'),
                          h.region_code, coalesce(reg.parent_code, reg.code), t.basket_code) as computed
      from aid_requests r
      join households h on h.id = r.household_id
      join regions reg on reg.code = h.region_code
      join aid_types t on t.code = r.aid_type_code
     where r.status in ('open', 'claimed', 'escalated')
       and (r.pool_household_size is distinct from (select count(*)::int from household_members m where m.household_id = r.household_id and m.active)
         or r.pool_nationality is distinct from (select p.nationality from household_members m join persons p on p.id = m.person_id
                                                  where m.household_id = r.household_id and m.active and m.relation = 'head')
         or r.pool_region is distinct from h.region_code
         or r.pool_anon_region is distinct from coalesce(reg.parent_code, reg.code)
         or r.pool_basket is distinct from t.basket_code)`.execute(db);
  return r.rows;
}

/** The pool as 0002 defined it, computed from the household on every read. */
const FORMER_VIEW = sql`
  select r.id, r.aid_type_code, t.basket_code, head.nationality, size.household_size, coalesce(reg.parent_code, reg.code) as region_code,
         r.submitted_at, r.deadline_at, r.priority, o.id as org_id
    from aid_requests r
    join aid_types t on t.code = r.aid_type_code
    join households h on h.id = r.household_id
    join regions reg on reg.code = h.region_code
    left join lateral (
      select p.nationality from household_members m join persons p on p.id = m.person_id
       where m.household_id = r.household_id and m.active and m.relation = 'head' limit 1) head on true
    cross join lateral (
      select count(*)::integer as household_size from household_members m
       where m.household_id = r.household_id and m.active) size
    join organisations o on o.kind = 'charity' and o.status = 'approved'
   where r.status = 'open'
     and exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = r.aid_type_code)
     and exists (select 1 from organisation_regions orr where orr.org_id = o.id and orr.region_code in (reg.code, reg.parent_code))
     and not exists (select 1 from request_events e where e.request_id = r.id and e.event = 'escalated' and e.org_id = o.id)`;

async function viewDiffers(db: Kysely<DB>): Promise<string | null> {
  const cols = sql`id, aid_type_code, basket_code, nationality, household_size, region_code, submitted_at, deadline_at, priority, org_id`;
  const now = await sql<Record<string, unknown>>`select ${cols} from request_pool order by org_id, id`.execute(db);
  const former = await sql<Record<string, unknown>>`select ${cols} from (${FORMER_VIEW}) f order by org_id, id`.execute(db);
  const a = JSON.stringify(now.rows);
  const b = JSON.stringify(former.rows);
  if (a === b) return null;
  return `request_pool has ${now.rows.length} rows, its former definition ${former.rows.length}; first difference at ${[...a].findIndex((ch, i) => ch !== b[i])}`;
}

for (const engine of engines()) {
  describe(`the pool's columns on the request (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let db: Kysely<DB>;
    let admin: Actor;
    const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
    const households: { id: string; members: { personId: string; nationalId: string; relation: string }[]; requests: string[] }[] = [];
    let level1: string[] = [];
    let level2: { code: string; parent: string }[] = [];

    async function assertRight(what: string) {
      assert.deepEqual(await wrongColumns(db), [], `${what}: stored pool columns equal the household`);
      assert.equal(await viewDiffers(db), null, `${what}: request_pool equals its former definition`);
    }

    const personIds = async (householdId: string) =>
      (await db.selectFrom('household_members').select(['person_id', 'relation', 'id']).where('household_id', '=', householdId).where('active', '=', true).orderBy('joined_at').orderBy('id').execute());

    before(async () => {
      t = await freshDatabase(engine);
      db = t.database.db;
      w = await makeWorld(db, t.dep, { charities: 2 });
      admin = w.ministryAdmin.actor;
      level1 = [...t.dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
      level2 = [...t.dep.regions.values()].filter((r) => r.level === 2).map((r) => ({ code: r.code, parent: r.parent! }));
      for (let i = 0; i < 18; i++) {
        const size = 1 + (i % 4);
        const region = i % 3 === 0 ? level1[i % level1.length]! : level2[(i * 5) % level2.length]!.code;
        const members = Array.from({ length: size }, (_, j) => ({
          nationalId: w.nextId(j === 0 ? '1971-02-03' : `20${10 + j}-05-05`),
          fullName: j === 0 ? `رب الأسرة ${i}` : `فرد ${i} ${j}`,
          birthDate: j === 0 ? '1971-02-03' : `20${10 + j}-05-05`,
          relation: (j === 0 ? 'head' : j === 1 ? 'spouse' : 'child') as 'head' | 'spouse' | 'child',
          nationality: NATIONALITIES[(i + j) % NATIONALITIES.length]!,
        }));
        const h = await inTx(db, admin, (trx) => registerHousehold(trx, admin, t.dep, { regionCode: region, members }));
        const requests: string[] = [];
        for (const k of [0, 1]) {
          if (k === 1 && i % 2 === 1) continue;
          clock.advanceMs(3_600_000 * (1 + ((i * 7 + k) % 5)));
          const aidType = TYPES[(i + k * 3) % TYPES.length]!;
          const r = await inTx(db, admin, (trx) => submitRequest(trx, admin, t.dep, clock, {
            householdId: h.id, aidTypeCode: aidType, justification: 'needs help', priority: (i + k) % 4,
            ...(aidType === 'food-basket' || aidType === 'refrigerator' || aidType === 'washing-machine' ? {} : { amount: '25' }),
          }));
          requests.push(r.id);
        }
        const rows = await personIds(h.id);
        households.push({ id: h.id, requests, members: rows.map((m, j) => ({ personId: m.person_id, nationalId: members[j]!.nationalId, relation: m.relation })) });
      }
      // some held by a charity, one escalated: the columns are kept for them too
      const cw = w.charities[0]!.caseworker.actor;
      for (const h of households.slice(0, 6)) await inTx(db, cw, (trx) => claimRequest(trx, cw, h.requests[0]!, clock.now()));
      await db.updateTable('aid_requests').set({ status: 'escalated', escalated_at: clock.now() }).where('id', '=', households[6]!.requests[0]!).execute();
    });
    after(async () => {
      await t.close();
    });

    test('filled when requests are submitted', async () => {
      const n = await db.selectFrom('aid_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_household_size', 'is not', null).executeTakeFirstOrThrow();
      assert.ok(Number(n.n) >= 25);
      await assertRight('after submission');
    });

    test('a member added, removed, deactivated, deleted or moved', async () => {
      const a = households[0]!; // its first request is claimed
      await inTx(db, admin, (trx) => addMember(trx, admin, t.dep, a.id, { nationalId: w.nextId('2019-09-09'), fullName: 'مولود جديد', birthDate: '2019-09-09', relation: 'child', nationality: 'SY' }));
      await assertRight('member added');
      const added = (await personIds(a.id)).at(-1)!;
      await inTx(db, admin, (trx) => removeMember(trx, admin, a.id, added.person_id, 'moved out', clock.now()));
      await assertRight('member removed');

      const b = households[3]!;
      const child = (await personIds(b.id)).find((m) => m.relation === 'child')!;
      await db.updateTable('household_members').set({ active: false }).where('id', '=', child.id).execute();
      await assertRight('member deactivated');
      await db.deleteFrom('household_members').where('id', '=', child.id).execute();
      await assertRight('membership deleted');

      const from = households[7]!;
      const to = households[8]!;
      const mover = (await personIds(from.id)).find((m) => m.relation !== 'head')!;
      await db.updateTable('household_members').set({ household_id: to.id, relation: 'other' }).where('id', '=', mover.id).execute();
      await assertRight('member moved to another household');
    });

    test('the head replaced, or gone', async () => {
      const c = households[5]!;
      const rows = await personIds(c.id);
      const head = rows.find((m) => m.relation === 'head')!;
      const spouse = rows.find((m) => m.relation === 'spouse')!;
      await db.updateTable('persons').set({ nationality: 'JO' }).where('id', '=', spouse.person_id).execute();
      await assertRight("a member's nationality changed (not the head's)");
      await db.updateTable('household_members').set({ relation: 'other' }).where('id', '=', head.id).execute();
      await assertRight('the head gone');
      assert.equal((await db.selectFrom('aid_requests').select('pool_nationality').where('id', '=', c.requests[0]!).executeTakeFirstOrThrow()).pool_nationality, null);
      await db.updateTable('household_members').set({ relation: 'head' }).where('id', '=', spouse.id).execute();
      await assertRight('a new head');
      assert.equal((await db.selectFrom('aid_requests').select('pool_nationality').where('id', '=', c.requests[0]!).executeTakeFirstOrThrow()).pool_nationality, 'JO');
    });

    test("the head's nationality, the household's region, a region's parent, an aid type's basket", async () => {
      const d = households[9]!;
      const head = (await personIds(d.id)).find((m) => m.relation === 'head')!;
      await db.updateTable('persons').set({ nationality: 'IQ' }).where('id', '=', head.person_id).execute();
      await assertRight("the head's nationality changed");

      const e = households[10]!;
      const current = (await db.selectFrom('households').select('region_code').where('id', '=', e.id).executeTakeFirstOrThrow()).region_code;
      const currentTop = t.dep.regions.get(current)!.parent ?? current;
      const elsewhere = level2.find((r) => r.parent !== currentTop)!;
      await db.updateTable('households').set({ region_code: elsewhere.code }).where('id', '=', e.id).execute();
      await assertRight('the household moved to a level-2 region');
      await db.updateTable('households').set({ region_code: level1[1]! }).where('id', '=', e.id).execute();
      await assertRight('the household moved to a level-1 region');

      const leaf = level2[2]!;
      const otherParent = level1.find((c) => c !== leaf.parent)!;
      await db.updateTable('households').set({ region_code: leaf.code }).where('id', '=', households[11]!.id).execute();
      await db.updateTable('regions').set({ parent_code: otherParent }).where('code', '=', leaf.code).execute();
      await assertRight("a region's parent changed");
      await db.updateTable('regions').set({ parent_code: leaf.parent }).where('code', '=', leaf.code).execute();
      await assertRight("the region's parent restored");

      const type = await db.selectFrom('aid_types').select(['code', 'basket_code']).where('code', '=', 'refrigerator').executeTakeFirstOrThrow();
      const otherBasket = (await db.selectFrom('service_baskets').select('code').where('code', '<>', type.basket_code).executeTakeFirstOrThrow()).code;
      await db.updateTable('aid_types').set({ basket_code: otherBasket }).where('code', '=', type.code).execute();
      await assertRight("an aid type's basket changed");
      await db.updateTable('aid_types').set({ basket_code: type.basket_code }).where('code', '=', type.code).execute();
      await assertRight("the aid type's basket restored");
    });

    test('a request changed while held goes back to the pool right', async () => {
      const a = households[1]!; // claimed in before()
      await inTx(db, admin, (trx) => addMember(trx, admin, t.dep, a.id, { nationalId: w.nextId('2020-01-01'), fullName: 'طفل', birthDate: '2020-01-01', relation: 'child' }));
      const cw = w.charities[0]!.caseworker.actor;
      await inTx(db, cw, (trx) => releaseRequest(trx, cw, a.requests[0]!, 'not for us after all', clock.now()));
      await assertRight('released');
      const inPool = await db.selectFrom('request_pool').select(['household_size']).where('id', '=', a.requests[0]!).where('org_id', '=', w.charities[1]!.id).executeTakeFirstOrThrow();
      assert.equal(inPool.household_size, (await personIds(a.id)).length);
    });

    test('a bulk load may defer the maintenance and then backfill; an application transaction may not defer it', async () => {
      const h = households[12]!;
      await db.transaction().execute(async (trx) => {
        await sql`select set_config('mizan.pool_columns', 'deferred', true)`.execute(trx);
        const p = await trx.insertInto('persons').values({ id_scheme: t.dep.idScheme, national_id: w.nextId('2015-03-03'), full_name: 'x', name_key: 'x', compact_key: 'x', birth_date: '2015-03-03', sex: null, nationality: 'KW', phone: null }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('household_members').values({ household_id: h.id, person_id: p.id, relation: 'child' }).execute();
      });
      assert.deepEqual((await wrongColumns(db)).map((r) => r.id).sort(), [...h.requests].sort(), 'deferred: the columns are stale');
      await sql`select aid_requests_pool_backfill()`.execute(db);
      await assertRight('after the backfill');

      await inTx(db, admin, async (trx) => {
        await sql`select set_config('mizan.pool_columns', 'deferred', true)`.execute(trx);
        await addMember(trx, admin, t.dep, h.id, { nationalId: w.nextId('2016-04-04'), fullName: 'طفلة', birthDate: '2016-04-04', relation: 'child' });
      });
      await assertRight('the application role does not defer');
      // and the application role may not run the maintenance functions itself
      await assert.rejects(inTx(db, admin, (trx) => sql`select aid_requests_pool_backfill()`.execute(trx)), /permission denied/);
      await assert.rejects(inTx(db, admin, (trx) => sql`select aid_requests_pool_refresh(${h.id}::uuid)`.execute(trx)), /permission denied/);
    });

    describe('request_pool_page() returns the view, page by page', () => {
      const charities: { name: string; actor: Actor }[] = [];
      before(async () => {
        const make = async (name: string, aidTypes: string[], regions: string[]) => {
          const org = await inTx(db, admin, (trx) => createCharity(trx, admin, t.dep, { name, aidTypes, regions }, 'approved'));
          const u = await inTx(db, admin, (trx) => createStaff(trx, admin, t.dep, org.id, { role: 'caseworker', displayName: name, nationalId: w.nextId('1980-01-01'), locale: 'en' }));
          charities.push({ name, actor: { userId: u.id, orgId: org.id, orgKind: 'charity', role: 'caseworker', locale: 'en', nationalId: null } });
        };
        for (const c of w.charities) charities.push({ name: c.name, actor: c.caseworker.actor });
        await make('one type, one governorate', ['food-basket'], [level1[0]!]);
        await make('two types, two districts', ['medical-aid', 'student-fees'], [level2[0]!.code, level2[7]!.code]);
        await make('a governorate and a district of another', TYPES, [level1[1]!, level2.find((r) => r.parent !== level1[1])!.code]);
        await make('a governorate and one of its own districts', TYPES.slice(0, 4), [level1[2]!, level2.find((r) => r.parent === level1[2])!.code]);
        // a request a charity let pass its deadline is never in its pool again, even when open
        const lost = households[13]!.requests[0]!;
        await db.insertInto('request_events').values({ request_id: lost, event: 'escalated', at: clock.now(), actor_user: null, actor_org: null, actor_role: 'system', org_id: w.charities[1]!.id, reason: null, details: '{}' }).execute();
      });

      const queries = (): PoolQuery[] => [
        {},
        ...TYPES.map((aidType) => ({ aidType })),
        { basket: 'living' }, { basket: 'durable-goods' }, { basket: 'education' }, { basket: 'employment' },
        ...level1.slice(0, 4).map((region) => ({ region })),
        { region: level2[0]!.code }, // a district: answered at the anonymous level, its governorate
        ...NATIONALITIES.map((nationality) => ({ nationality: nationality.toLowerCase() })),
        ...[1, 2, 3, 4].map((householdSize) => ({ householdSize })),
        { aidType: 'medical-aid', region: level1[0]! }, { basket: 'living', householdSize: 2, nationality: 'KW' },
      ];

      test('for every kind of charity, filter, sort and page size', async () => {
        let compared = 0;
        for (const c of charities) {
          for (const q of queries()) {
            for (const sort of ['deadline', 'priority'] as const) {
              const region = q.region ? (t.dep.regions.get(q.region)!.parent ?? q.region) : undefined;
              const expected = await db.selectFrom('request_pool').select(['id', 'aid_type_code', 'basket_code', 'nationality', 'household_size', 'region_code', 'deadline_at', 'priority'])
                .where('org_id', '=', c.actor.orgId!)
                .$if(!!q.aidType, (s) => s.where('aid_type_code', '=', q.aidType!))
                .$if(!!q.basket, (s) => s.where('basket_code', '=', q.basket!))
                .$if(!!region, (s) => s.where('region_code', '=', region!))
                .$if(!!q.nationality, (s) => s.where('nationality', '=', q.nationality!.toUpperCase()))
                .$if(q.householdSize !== undefined, (s) => s.where('household_size', '=', q.householdSize!))
                .$if(sort === 'priority', (s) => s.orderBy('priority', 'desc'))
                .orderBy('deadline_at').orderBy('id').execute();
              for (const limit of [3, 50]) {
                const items: PoolItem[] = [];
                let cursor: string | null = null;
                do {
                  const page: { items: PoolItem[]; nextCursor: string | null } = await inTx(db, c.actor, (trx) => listPool(trx, c.actor, t.dep, { ...q, sort, limit, ...(cursor ? { cursor } : {}) }, new Date()));
                  items.push(...page.items);
                  cursor = page.nextCursor;
                } while (cursor);
                assert.deepEqual(
                  items.map((i) => [i.id, i.aidType, i.basket, i.nationality, i.householdSize, i.region, i.deadlineAt, i.priority]),
                  expected.map((e) => [e.id, e.aid_type_code, e.basket_code, e.nationality, e.household_size, e.region_code, e.deadline_at.toISOString(), e.priority]),
                  `${c.name} ${JSON.stringify(q)} ${sort} limit ${limit}`,
                );
                compared += items.length;
              }
            }
          }
        }
        assert.ok(compared > 500, `${compared} items compared`);
        const lost = households[13]!.requests[0]!;
        assert.ok(!(await db.selectFrom('request_pool').select('id').where('id', '=', lost).where('org_id', '=', w.charities[1]!.id).executeTakeFirst()), 'the charity that lost it does not see it');
        assert.ok(await db.selectFrom('request_pool').select('id').where('id', '=', lost).where('org_id', '=', w.charities[0]!.id).executeTakeFirst(), 'another charity does');
      });

      test('nobody else: no organisation, the ministry, a charity not approved', async () => {
        const none = async (actor: Actor) => inTx(db, actor, (trx) => sql<{ n: number }>`select count(*)::int as n from request_pool_page(null, null, null, null, null, 'deadline', null, null, null, 100, now())`.execute(trx)).then((r) => r.rows[0]!.n);
        assert.equal(await none({ ...admin }), 0);
        assert.equal(await none({ ...charities[0]!.actor, orgId: null }), 0);
        assert.ok((await none(charities[0]!.actor)) > 0);
        await db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', charities[0]!.actor.orgId!).execute();
        assert.equal(await none(charities[0]!.actor), 0);
        await db.updateTable('organisations').set({ status: 'approved' }).where('id', '=', charities[0]!.actor.orgId!).execute();
      });
    });
  });
}
