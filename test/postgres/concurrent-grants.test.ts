/**
 * On a real PostgreSQL server: 50 simultaneous attempts to give one household aid of one group,
 * from different charities on different connections, end with exactly one grant. Then the same
 * through two different members of the household, and with a different typed date per attempt
 * inside the allowed back-dating range.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { registerFamily, registeredSince } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { Problem } from '../../src/shared/problem.js';

describe('concurrent grants on PostgreSQL', () => {
  const pg = postgresSuite({ poolSize: 60, charities: 5 });
  const clock = pg.clock;

  /** Every attempt starts at the same instant, each on its own pooled connection. */
  const race = (attempts: { charity: number; nationalId: string; aidType: string; amount?: string; grantedOn?: string }[]) =>
    allAtOnce(
      attempts.map((a) => () => {
        const actor = pg.w.charities[a.charity]!.caseworker.actor;
        return inTx(pg.db, actor, (trx) => grantAid(trx, actor, pg.dep, clock, { beneficiaryNationalId: a.nationalId, aidTypeCode: a.aidType, amount: a.amount, grantedOn: a.grantedOn }));
      }),
    );

  test('50 attempts from 5 charities for one member: exactly one grant, 49 duplicate-aid refusals', async () => {
    const fam = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[0]!.caseworker.actor);
    const outcomes = await race(Array.from({ length: 50 }, (_, i) => ({ charity: i % 5, nationalId: fam.members[0]!.nationalId, aidType: 'refrigerator' })));
    const ok = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 49);
    for (const r of refused) {
      assert.ok(!r.ok && r.e instanceof Problem && r.e.slug === 'duplicate-aid', String(!r.ok && r.e));
    }
    const rows = await pg.db.selectFrom('grants').select('id').where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
  });

  test('50 attempts through two members (father and son) for two types of one group: exactly one grant', async () => {
    const fam = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[1]!.caseworker.actor);
    const father = fam.members[0]!.nationalId;
    const son = fam.members[2]!.nationalId;
    const outcomes = await race(
      Array.from({ length: 50 }, (_, i) => ({ charity: i % 5, nationalId: i % 2 ? father : son, aidType: i % 3 ? 'refrigerator' : 'fridge-freezer' })),
    );
    assert.equal(outcomes.filter((o) => o.ok).length, 1);
    assert.ok(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.e instanceof Problem && o.e.slug === 'duplicate-aid'));
    const rows = await pg.db.selectFrom('grants').select(['id', 'group_code']).where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.group_code, 'refrigerator');
  });

  test('31 attempts from 5 charities, each typing another date from today back to today-30 (the limit): exactly one grant', async () => {
    const fam = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[2]!.caseworker.actor);
    await registeredSince(pg.db, fam.householdId, '2026-01-01T08:00:00Z');
    const day = (back: number) => new Date(Date.parse('2026-05-01T00:00:00Z') - back * 86_400_000).toISOString().slice(0, 10);
    // Dated by their aid dates alone, today's and today-30's 30-day windows would not even touch.
    const outcomes = await race(Array.from({ length: 31 }, (_, i) => ({ charity: i % 5, nationalId: fam.members[i % 3]!.nationalId, aidType: 'living-allowance', amount: '100', grantedOn: day(i) })));
    assert.equal(outcomes.filter((o) => o.ok).length, 1);
    for (const r of outcomes.filter((o) => !o.ok)) assert.ok(!r.ok && r.e instanceof Problem && r.e.slug === 'duplicate-aid', String(!r.ok && r.e));
    const rows = await pg.db.selectFrom('grants').select(['id', 'recorded_on']).where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.recorded_on, '2026-05-01');
  });
});
