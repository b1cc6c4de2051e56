/**
 * On a real PostgreSQL server: 50 simultaneous attempts to give one household aid of one group,
 * from different charities on different connections, end with exactly one grant. Then the same
 * through two different members of the household.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { inTx, ManualClock } from '../../src/http/context.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { Problem } from '../../src/shared/problem.js';

describe('concurrent grants on PostgreSQL', () => {
  let t: TestDb;
  let w: World;
  const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
  before(async () => {
    t = await freshDatabase('postgres', { poolSize: 60 });
    w = await makeWorld(t.database.db, t.dep, { charities: 5 });
  });
  after(() => t.close());

  async function race(attempts: { charity: number; nationalId: string; aidType: string }[]) {
    // Every attempt waits on one gate, then all start together, each on its own pooled connection.
    let go!: () => void;
    const start = new Promise<void>((r) => (go = r));
    const results = attempts.map(async (a) => {
      await start;
      const actor = w.charities[a.charity]!.caseworker.actor;
      return inTx(t.database.db, actor, (trx) => grantAid(trx, actor, t.dep, clock, { beneficiaryNationalId: a.nationalId, aidTypeCode: a.aidType })).then(
        (g) => ({ ok: true as const, g }),
        (e) => ({ ok: false as const, e }),
      );
    });
    go();
    return Promise.all(results);
  }

  test('50 attempts from 5 charities for one member: exactly one grant, 49 duplicate-aid refusals', async () => {
    const fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
    const outcomes = await race(Array.from({ length: 50 }, (_, i) => ({ charity: i % 5, nationalId: fam.members[0]!.nationalId, aidType: 'refrigerator' })));
    const ok = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 49);
    for (const r of refused) {
      assert.ok(!r.ok && r.e instanceof Problem && r.e.slug === 'duplicate-aid', String(!r.ok && r.e));
    }
    const rows = await t.database.db.selectFrom('grants').select('id').where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
  });

  test('50 attempts through two members (father and son) for two types of one group: exactly one grant', async () => {
    const fam = await registerFamily(t.database.db, t.dep, w, w.charities[1]!.caseworker.actor);
    const father = fam.members[0]!.nationalId;
    const son = fam.members[2]!.nationalId;
    const outcomes = await race(
      Array.from({ length: 50 }, (_, i) => ({ charity: i % 5, nationalId: i % 2 ? father : son, aidType: i % 3 ? 'refrigerator' : 'fridge-freezer' })),
    );
    assert.equal(outcomes.filter((o) => o.ok).length, 1);
    assert.ok(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.e instanceof Problem && o.e.slug === 'duplicate-aid'));
    const rows = await t.database.db.selectFrom('grants').select(['id', 'group_code']).where('household_id', '=', fam.householdId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.group_code, 'refrigerator');
  });
});
