/**
 * The synthetic registry generator (src/bench), at a small scale, on every engine: the same seed
 * gives the same data; every national ID is valid; names carry real spelling variation with keys
 * computed as the registry computes them; one active household per person; grants of one group
 * never overlap in a household, with the windows aid_window() gives; and the bulk load leaves every
 * constraint and index it set aside in place.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import type { DB } from '../../src/db/schema.js';
import { captureSchema, loadRegistry, type LoadReport, type SavedSchema } from '../../src/bench/load.js';
import { BULK_TABLES } from '../../src/bench/generator.js';
import { validateNationalId } from '../../src/shared/identity/national-id.js';
import { compactKey, matchKey } from '../../src/shared/text/fold.js';

const AS_OF = '2026-03-01';
const HOUSEHOLDS = 150;

/** A digest of the generated content, in a stable order, engine-independent text. */
async function digest(db: Kysely<DB>): Promise<string> {
  const h = createHash('sha256');
  const persons = await db.selectFrom('persons').select(['id', 'national_id', 'full_name', 'birth_date', 'nationality']).orderBy('id').execute();
  const grants = await sql<{ id: string; household_id: string; aid_type_code: string; granted_on: string; during: string; amount_minor: number | null }>`
    select id, household_id, aid_type_code, granted_on, during::text as during, amount_minor from grants order by id`.execute(db);
  const requests = await db.selectFrom('aid_requests').select(['id', 'household_id', 'aid_type_code', 'status', 'grant_id']).orderBy('id').execute();
  const households = await db.selectFrom('households').select(['id', 'region_code', 'phone']).orderBy('id').execute();
  for (const part of [persons, grants.rows, requests, households]) h.update(JSON.stringify(part));
  return h.digest('hex');
}

for (const engine of engines()) {
  describe(`synthetic registry generator (${engine})`, () => {
    let a: TestDb;
    let b: TestDb;
    let report: LoadReport;
    let before_: SavedSchema;
    before(async () => {
      [a, b] = await Promise.all([freshDatabase(engine), freshDatabase(engine)]);
      before_ = await a.database.rawSession((s) => captureSchema(s, BULK_TABLES));
      report = await loadRegistry(a.database, { households: HOUSEHOLDS, seed: 42, asOf: AS_OF, url: a.url });
    });
    after(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    test('loads what it reports: households, about four people each, about ten grants each', async () => {
      const count = async (t: (typeof BULK_TABLES)[number]) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(a.database.db)).rows[0]!.n);
      assert.equal(await count('households'), HOUSEHOLDS);
      for (const t of BULK_TABLES) assert.equal(await count(t), report.rows[t], t);
      assert.ok(report.rows.persons > 3 * HOUSEHOLDS && report.rows.persons < 5.5 * HOUSEHOLDS, `persons ${report.rows.persons}`);
      assert.ok(report.rows.grants > 6 * HOUSEHOLDS && report.rows.grants < 15 * HOUSEHOLDS, `grants ${report.rows.grants}`);
    });

    test('the same seed gives the same registry; another seed another one', async () => {
      await loadRegistry(b.database, { households: HOUSEHOLDS, seed: 42, asOf: AS_OF, url: b.url });
      assert.equal(await digest(b.database.db), await digest(a.database.db));
      const c = await freshDatabase(engine);
      try {
        await loadRegistry(c.database, { households: HOUSEHOLDS, seed: 43, asOf: AS_OF, url: c.url });
        assert.notEqual(await digest(c.database.db), await digest(a.database.db));
      } finally {
        await c.close();
      }
    });

    test('every national ID is valid for the deployment (Kuwait: with the birth date embedded) and unique', async () => {
      const rows = await a.database.db.selectFrom('persons').select(['national_id', 'birth_date', 'id_scheme']).execute();
      const staff = await a.database.db.selectFrom('users').select('national_id').where('national_id', 'is not', null).execute();
      for (const p of rows) {
        assert.equal(p.id_scheme, a.dep.idScheme);
        const check = validateNationalId(a.dep.idScheme, p.national_id, p.birth_date ? { birthDate: p.birth_date } : undefined);
        assert.ok(check.valid, `${p.national_id}: ${check.valid ? '' : check.message}`);
      }
      for (const s of staff) assert.ok(validateNationalId(a.dep.idScheme, s.national_id!).valid);
      assert.equal(new Set(rows.map((r) => r.national_id)).size, rows.length);
    });

    test('names vary as clerks type them, and the match keys absorb it', async () => {
      const rows = await a.database.db.selectFrom('persons').select(['full_name', 'name_key', 'compact_key']).execute();
      for (const r of rows) {
        assert.equal(r.name_key, matchKey(r.full_name), r.full_name);
        assert.equal(r.compact_key, compactKey(r.full_name), r.full_name);
      }
      // one name, several spellings as typed: words of names grouped by their match key
      const spellings = new Map<string, Set<string>>();
      for (const r of rows) {
        for (const word of r.full_name.split(' ')) {
          const k = matchKey(word);
          spellings.set(k, (spellings.get(k) ?? new Set()).add(word));
        }
      }
      const varied = [...spellings.values()].filter((s) => s.size > 1);
      assert.ok(varied.length >= 5, `only ${varied.length} names appear in more than one spelling`);
      // the variation is the documented kind: the other keyboard's yeh or kaf, bare alef, heh for teh marbuta, lost ZWNJ
      const names = rows.map((r) => r.full_name).join('\n');
      assert.ok(/[یک]/.test(names) && /[يك]/.test(names), 'both keyboards');
      assert.ok(rows.some((r) => r.full_name !== r.full_name.replace(/[أإآ]/g, 'ا')) && rows.some((r) => /(^| )ا/.test(r.full_name)), 'alef with and without hamza');
    });

    test('each person is an active member of exactly one household, and each household has one head', async () => {
      const r = await sql<{ persons: number; members: number; distinct_members: number; heads: number; households: number }>`
        select (select count(*)::int from persons) as persons,
               (select count(*)::int from household_members where active) as members,
               (select count(distinct person_id)::int from household_members where active) as distinct_members,
               (select count(*)::int from household_members where active and relation = 'head') as heads,
               (select count(*)::int from households) as households`.execute(a.database.db);
      const x = r.rows[0]!;
      assert.equal(x.members, x.persons);
      assert.equal(x.distinct_members, x.persons);
      assert.equal(x.heads, x.households);
    });

    test('no two active grants of one group to one household overlap; windows are aid_window(); two years of history', async () => {
      const r = await sql<{ overlaps: number; wrong_window: number; wrong_group: number; first: string; last: string }>`
        select (select count(*)::int from grants x join grants y
                  on x.household_id = y.household_id and x.group_code = y.group_code and x.id < y.id and x.during && y.during
                 where x.status = 'active' and y.status = 'active' and x.exception_id is null and y.exception_id is null) as overlaps,
               (select count(*)::int from grants where during <> aid_window(aid_type_code, granted_on)) as wrong_window,
               (select count(*)::int from grants g join aid_types t on t.code = g.aid_type_code where g.group_code <> t.group_code) as wrong_group,
               (select min(granted_on)::text from grants) as first,
               (select max(granted_on)::text from grants) as last`.execute(a.database.db);
      const x = r.rows[0]!;
      assert.equal(x.overlaps, 0);
      assert.equal(x.wrong_window, 0);
      assert.equal(x.wrong_group, 0);
      assert.ok(x.first >= '2024-03-01' && x.last < AS_OF, `${x.first} … ${x.last}`);
      // several grants of one group in one household: the rule was exercised, not avoided
      const repeats = await sql<{ n: number }>`select count(*)::int as n from (select household_id, group_code from grants group by 1, 2 having count(*) > 2) s`.execute(a.database.db);
      assert.ok(repeats.rows[0]!.n > 0);
    });

    test("the requests that may be in the pool carry the pool's columns, computed after the parallel load", async () => {
      const r = await sql<{ active: number; wrong: number }>`
        select count(*)::int as active,
               count(*) filter (where r.pool_household_size is distinct from (select count(*)::int from household_members m where m.household_id = r.household_id and m.active)
                 or r.pool_nationality is distinct from (select p.nationality from household_members m join persons p on p.id = m.person_id
                                                          where m.household_id = r.household_id and m.active and m.relation = 'head')
                 or r.pool_region is distinct from h.region_code
                 or r.pool_anon_region is distinct from coalesce(reg.parent_code, reg.code)
                 or r.pool_basket is distinct from t.basket_code)::int as wrong
          from aid_requests r
          join households h on h.id = r.household_id
          join regions reg on reg.code = h.region_code
          join aid_types t on t.code = r.aid_type_code
         where r.status in ('open', 'claimed', 'escalated')`.execute(a.database.db);
      assert.ok(r.rows[0]!.active > 0, 'the data set has open requests');
      assert.equal(r.rows[0]!.wrong, 0);
      const pool = await sql<{ n: number }>`select count(*)::int as n from request_pool`.execute(a.database.db);
      assert.ok(pool.rows[0]!.n > 0, 'and they are in the pool');
    });

    test('the constraints and indexes set aside for the load are all back, the exclusion constraint too', async () => {
      const after_ = await a.database.rawSession((s) => captureSchema(s, BULK_TABLES));
      const key = (s: SavedSchema) => [...s.constraints.map((c) => `${c.tbl} ${c.name} ${c.def}`), ...s.indexes.map((i) => i.def)].sort();
      assert.deepEqual(key(after_), key(before_));
      assert.ok(after_.constraints.some((c) => c.name === 'grants_no_duplicate_aid' && c.type === 'x'));
      // and it bites: a second overlapping grant of the same group is refused
      const g = await a.database.db.selectFrom('grants').select(['household_id', 'aid_type_code', 'granted_on', 'org_id', 'created_by']).where('status', '=', 'active').where('exception_id', 'is', null).executeTakeFirstOrThrow();
      await assert.rejects(
        a.database.db.insertInto('grants').values({ household_id: g.household_id, aid_type_code: g.aid_type_code, granted_on: g.granted_on, org_id: g.org_id, created_by: g.created_by, person_id: null, request_id: null, form: 'in_kind', amount_minor: null, currency: null, item: 'x', quantity: 1, exception_id: null, revoked_reason: null }).execute(),
        (e: { code?: string }) => e.code === '23P01',
      );
    });
  });
}
