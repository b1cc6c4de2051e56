/**
 * Group commit for grants, on a real PostgreSQL server: grants recorded at the same moment share
 * transactions, and still each is arbitrated by the no-duplicate-aid constraint, audited under its
 * own actor, and refused or failed alone.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { postgresSuite } from '../support/postgres.js';
import { registerFamily, registeredSince, type Family } from '../support/fixtures.js';
import { GrantBatcher } from '../../src/modules/grants/record-grants.js';
import { Problem } from '../../src/shared/problem.js';

describe('grant batching on PostgreSQL', () => {
  const pg = postgresSuite({ poolSize: 20, charities: 4 });
  const clock = pg.clock;

  const settle = <T,>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

  test('60 grants at once share a few transactions; conflicting ones inside one batch and across batches give exactly one grant per household', async () => {
    const batcher = new GrantBatcher(pg.db, pg.dep, clock, { maxBatch: 16, maxInFlight: 2 });
    const families: Family[] = [];
    for (let i = 0; i < 12; i++) families.push(await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[i % 4]!.caseworker.actor));
    // Each household: five attempts at a fridge (two kinds, any member) from the four charities.
    const attempts = families.flatMap((f, h) =>
      Array.from({ length: 5 }, (_, k) => ({ charity: (h + k) % 4, nationalId: f.members[k % f.members.length]!.nationalId, aidType: k % 2 ? 'fridge-freezer' : 'refrigerator' })));
    const outcomes = await Promise.all(
      attempts.map((a) => settle(batcher.grant(pg.w.charities[a.charity]!.caseworker.actor, { beneficiaryNationalId: a.nationalId, aidTypeCode: a.aidType }))));

    assert.ok(batcher.stats.batches < attempts.length / 4, `expected few transactions, got ${batcher.stats.batches} for ${attempts.length} grants`);
    assert.equal(batcher.stats.retried, 0);
    const granted = outcomes.filter((o) => o.ok);
    assert.equal(granted.length, families.length);
    for (const o of outcomes) if (!o.ok) assert.ok(o.e instanceof Problem && o.e.slug === 'duplicate-aid', String(o.e));
    for (const f of families) {
      const rows = await pg.db.selectFrom('grants').select(['org_id']).where('household_id', '=', f.householdId).where('group_code', '=', 'refrigerator').execute();
      assert.equal(rows.length, 1, 'one fridge per household');
    }
    // Every grant has its audit entry, made under the actor who gave it; refusals left none.
    const audited = await sql<{ subject_id: string; actor_org: string; actor_user: string; org_id: string; created_by: string }>`
      select a.subject_id, a.actor_org, a.actor_user, g.org_id, g.created_by
        from audit_log a join grants g on g.id::text = a.subject_id
       where a.action = 'grant.create' and g.household_id = any(${families.map((f) => f.householdId)}::uuid[])`.execute(pg.db);
    assert.equal(audited.rows.length, families.length);
    for (const r of audited.rows) {
      assert.equal(r.actor_org, r.org_id);
      assert.equal(r.actor_user, r.created_by);
    }
  });

  test('batched grants of one allowance to one household, each typing another date back to the limit, inside and across batches: exactly one grant', async () => {
    const batcher = new GrantBatcher(pg.db, pg.dep, clock, { maxBatch: 8, maxInFlight: 2 });
    const fam = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[0]!.caseworker.actor);
    await registeredSince(pg.db, fam.householdId, '2026-01-01T08:00:00Z');
    const day = (back: number) => new Date(Date.parse('2026-05-01T00:00:00Z') - back * 86_400_000).toISOString().slice(0, 10);
    const outcomes = await Promise.all(Array.from({ length: 31 }, (_, i) =>
      settle(batcher.grant(pg.w.charities[i % 4]!.caseworker.actor, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: '100', grantedOn: day(30 - i) }))));
    assert.equal(outcomes.filter((o) => o.ok).length, 1);
    for (const o of outcomes) if (!o.ok) assert.ok(o.e instanceof Problem && o.e.slug === 'duplicate-aid', String(o.e));
    const rows = await pg.db.selectFrom('grants').select('id').where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
  });

  test('a grant that breaks its batch transaction fails alone: the others of the batch are written', async () => {
    const batcher = new GrantBatcher(pg.db, pg.dep, clock, { maxBatch: 16, maxInFlight: 1 });
    const families: Family[] = [];
    for (let i = 0; i < 5; i++) families.push(await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[0]!.caseworker.actor));
    const actor = pg.w.charities[0]!.caseworker.actor;
    // A first grant occupies the one transaction, so the next six queue up and go together.
    const first = settle(batcher.grant(actor, { householdId: families[0]!.householdId, aidTypeCode: 'food-basket' }));
    await new Promise((r) => setImmediate(r));
    const rest = [
      ...families.slice(1).map((f) => settle(batcher.grant(actor, { householdId: f.householdId, aidTypeCode: 'food-basket' }))),
      // a date PostgreSQL rejects: the whole batch's statement fails
      settle(batcher.grant(actor, { householdId: families[0]!.householdId, aidTypeCode: 'washing-machine', grantedOn: '2026-02-30' })),
    ];
    const [f0, ...others] = await Promise.all([first, ...rest]);
    assert.ok(f0!.ok);
    assert.equal(batcher.stats.retried, 5, 'the failed batch of five was retried grant by grant');
    assert.equal(others.filter((o) => o.ok).length, 4);
    assert.equal(others.filter((o) => !o.ok).length, 1);
    assert.equal(others[4]!.ok, false);
    const n = await pg.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('household_id', 'in', families.map((f) => f.householdId)).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 5);
  });

  test('checks refuse inside a batch without writing: unknown beneficiary, aid type not offered, cash without amount', async () => {
    const batcher = new GrantBatcher(pg.db, pg.dep, clock, { maxBatch: 16, maxInFlight: 1 });
    const fam = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[1]!.caseworker.actor);
    const actor = pg.w.charities[1]!.caseworker.actor;
    const before = await pg.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const results = await Promise.all([
      settle(batcher.grant(actor, { householdId: fam.householdId, aidTypeCode: 'medical-aid', amount: '12.500' })),
      settle(batcher.grant(actor, { householdId: '00000000-0000-4000-8000-000000000000', aidTypeCode: 'food-basket' })),
      settle(batcher.grant(actor, { householdId: fam.householdId, aidTypeCode: 'no-such-aid' })),
      settle(batcher.grant(actor, { householdId: fam.householdId, aidTypeCode: 'living-allowance' })),
      settle(batcher.grant(actor, { householdId: fam.householdId, aidTypeCode: 'medication' })),
    ]);
    const slug = (r: (typeof results)[number]) => (!r.ok && r.e instanceof Problem ? r.e.slug : r.ok ? 'ok' : String(r.e));
    assert.equal(slug(results[0]!), 'ok');
    assert.equal(slug(results[1]!), 'unknown-reference');
    assert.equal(slug(results[2]!), 'unknown-reference');
    assert.equal(slug(results[3]!), 'validation');
    assert.equal(slug(results[4]!), 'forbidden', 'the charity does not offer medication');
    const afterN = await pg.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterN.n) - Number(before.n), 1, 'only the one grant made was audited');
  });

  test('the window stamped on a grant is the policy\'s: days, school year on both sides of its start, lifetime', async () => {
    const rows = await sql<{ kind: string; on: string; w: string }>`
      select g.window_kind as kind, d::text as on, aid_window(t.code, d)::text as w
        from (values ('food-basket'), ('student-fees'), ('refrigerator')) v(code)
        join aid_types t on t.code = v.code join exclusivity_groups g on g.code = t.group_code
        cross join (values ('2026-08-31'::date), ('2026-09-01'::date), ('2027-01-15'::date)) x(d)
       order by 1, 2`.execute(pg.db);
    const days = (await pg.db.selectFrom('exclusivity_groups as g').innerJoin('aid_types as t', 't.group_code', 'g.code').select('g.window_days').where('t.code', '=', 'food-basket').executeTakeFirstOrThrow()).window_days!;
    const plus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const expected: Record<string, Record<string, string>> = {
      days: Object.fromEntries(['2026-08-31', '2026-09-01', '2027-01-15'].map((d) => [d, `[${d},${plus(d, days)})`])),
      school_year: { '2026-08-31': '[2025-09-01,2026-09-01)', '2026-09-01': '[2026-09-01,2027-09-01)', '2027-01-15': '[2026-09-01,2027-09-01)' },
      lifetime: Object.fromEntries(['2026-08-31', '2026-09-01', '2027-01-15'].map((d) => [d, `[${d},)`])),
    };
    assert.equal(rows.rows.length, 9);
    for (const r of rows.rows) assert.equal(r.w, expected[r.kind]![r.on], `${r.kind} on ${r.on}`);
  });
});
