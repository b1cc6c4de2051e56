/** The no-duplicate-aid rule, on every engine: one group per household per window, any member, any charity. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, registeredSince, type World, type Family } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { decideException, grantAid, requestException, revokeGrant } from '../../src/modules/grants/grants.service.js';
import { refused } from '../support/refused.js';

for (const engine of engines()) {
  describe(`no-duplicate aid (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let fam: Family;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep);
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      await registeredSince(t.database.db, fam.householdId, '2024-01-01T09:00:00Z');
    });
    after(() => t.close());

    // A grant with a date is recorded on that day (the clock moves there), so that these tests see
    // the windows of the dates alone; dates and recording are tested in grant-dates.test.ts.
    const grant = (c: number, input: Parameters<typeof grantAid>[4]) => {
      clock.set(`${input.grantedOn ?? '2026-03-01'}T09:00:00Z`);
      const actor = w.charities[c]!.caseworker.actor;
      return inTx(t.database.db, actor, (trx) => grantAid(trx, actor, t.dep, clock, input));
    };

    test('a fridge to the father blocks a fridge-freezer to the son from another charity, naming the earlier grant', async () => {
      const [father, , son] = fam.members;
      const g = await grant(0, { beneficiaryNationalId: father!.nationalId, aidTypeCode: 'refrigerator', grantedOn: '2026-01-10' });
      assert.equal(g.group_code, 'refrigerator');
      const p = await refused(grant(1, { beneficiaryNationalId: son!.nationalId, aidTypeCode: 'fridge-freezer', grantedOn: '2026-03-01' }), 'duplicate-aid');
      const conflict = p.extensions.conflict as Record<string, unknown>;
      assert.equal(conflict.aidType, 'refrigerator');
      assert.equal(conflict.grantedOn, '2026-01-10');
      assert.equal(conflict.organisationKind, 'charity');
      assert.equal(conflict.sameOrganisation, false);
      assert.equal(conflict.blockedUntil, null, 'durable goods are once per household');
      assert.equal(conflict.grantId, undefined, 'another charity does not learn the grant id');
      assert.match(p.message, /another charity/);
      const n = await t.database.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).where('household_id', '=', fam.householdId).where('group_code', '=', 'refrigerator').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 1);
    });

    test('different aid types from different charities are allowed', async () => {
      // the household already holds a refrigerator from charity 0 (the test above): other groups still pass
      const washer = await grant(1, { householdId: fam.householdId, aidTypeCode: 'washing-machine' });
      const medical = await grant(2, { householdId: fam.householdId, aidTypeCode: 'medical-aid', amount: '75.250' });
      assert.deepEqual([washer.group_code, washer.org_id, washer.household_id], ['washing-machine', w.charities[1]!.id, fam.householdId]);
      assert.deepEqual([medical.group_code, medical.org_id, medical.amount_minor], ['medical', w.charities[2]!.id, 75250]);
      const held = await t.database.db.selectFrom('grants').select(['group_code', 'org_id']).where('household_id', '=', fam.householdId).where('status', '=', 'active').orderBy('group_code').execute();
      assert.deepEqual(held.map((g) => [g.group_code, g.org_id]), [
        ['medical', w.charities[2]!.id],
        ['refrigerator', w.charities[0]!.id],
        ['washing-machine', w.charities[1]!.id],
      ]);
    });

    test('a window of days blocks inside it and allows after it, also for an earlier date', async () => {
      await grant(0, { householdId: fam.householdId, aidTypeCode: 'rent-assistance', amount: '100', grantedOn: '2025-01-01' });
      const p = await refused(grant(1, { householdId: fam.householdId, aidTypeCode: 'rent-assistance', amount: '100', grantedOn: '2025-12-31' }), 'duplicate-aid');
      assert.equal((p.extensions.conflict as { blockedUntil: string }).blockedUntil, '2026-01-01');
      await refused(grant(1, { householdId: fam.householdId, aidTypeCode: 'rent-assistance', amount: '100', grantedOn: '2024-06-01' }), 'duplicate-aid');
      await grant(1, { householdId: fam.householdId, aidTypeCode: 'rent-assistance', amount: '100', grantedOn: '2026-01-01' });
    });

    test('school-year windows: once per school year', async () => {
      await grant(0, { householdId: fam.householdId, aidTypeCode: 'student-fees', amount: '50', grantedOn: '2025-09-10' });
      await refused(grant(1, { householdId: fam.householdId, aidTypeCode: 'student-fees', amount: '50', grantedOn: '2026-08-31' }), 'duplicate-aid');
      await grant(1, { householdId: fam.householdId, aidTypeCode: 'student-fees', amount: '50', grantedOn: '2026-09-01' });
    });

    test('the same charity is told it gave the aid itself, with the grant id', async () => {
      const p = await refused(grant(0, { householdId: fam.householdId, aidTypeCode: 'refrigerator' }), 'duplicate-aid');
      const c = p.extensions.conflict as Record<string, unknown>;
      assert.equal(c.sameOrganisation, true);
      assert.equal(typeof c.grantId, 'string');
    });

    test('a supervisor-approved documented exception lets one repeat through, once, and is recorded', async () => {
      const cw = w.charities[1]!.caseworker.actor;
      const ex = await inTx(t.database.db, cw, (trx) =>
        requestException(trx, cw, t.dep, { householdId: fam.householdId, aidTypeCode: 'refrigerator', reason: 'House fire destroyed the refrigerator (civil defence report).', documentRef: 'CD-2026-0042' }),
      );
      await refused(grant(1, { householdId: fam.householdId, aidTypeCode: 'refrigerator', exceptionId: ex.id }), 'invalid-state');
      const sup = w.supervisor.actor;
      await inTx(t.database.db, sup, (trx) => decideException(trx, sup, clock, ex.id, 'approved', 'Report checked'));
      const g = await grant(1, { householdId: fam.householdId, aidTypeCode: 'refrigerator', exceptionId: ex.id });
      assert.equal(g.exception_id, ex.id);
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'refrigerator', exceptionId: ex.id }), 'invalid-state');
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'refrigerator' }), 'duplicate-aid');
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', g.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['grant.create.exception']);
    });

    test('a revoked grant stops blocking', async () => {
      const g = await grant(0, { householdId: fam.householdId, aidTypeCode: 'food-basket', grantedOn: '2026-02-20' });
      await refused(grant(1, { householdId: fam.householdId, aidTypeCode: 'food-basket', grantedOn: '2026-02-25' }), 'duplicate-aid');
      const sup = w.supervisor.actor;
      await inTx(t.database.db, sup, (trx) => revokeGrant(trx, sup, g.id, 'Entered for the wrong household'));
      await grant(1, { householdId: fam.householdId, aidTypeCode: 'food-basket', grantedOn: '2026-02-25' });
    });

    test('the database itself refuses an overlapping grant inserted without the service', async () => {
      const row = await t.database.db.selectFrom('grants').selectAll().where('household_id', '=', fam.householdId).where('aid_type_code', '=', 'washing-machine').executeTakeFirstOrThrow();
      await assert.rejects(
        t.database.db.insertInto('grants').values({ household_id: fam.householdId, person_id: null, request_id: null, org_id: w.charities[2]!.id, aid_type_code: 'washing-machine', form: 'in_kind', amount_minor: null, currency: null, item: 'x', quantity: 1, granted_on: '2030-01-01', exception_id: null, revoked_reason: null, created_by: row.created_by }).execute(),
        (e: { code?: string; constraint?: string }) => e.code === '23P01' && e.constraint === 'grants_no_duplicate_aid',
      );
    });

    test('bad amounts are refused and nothing is written', async () => {
      const before = await t.database.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: '10.1234' }), 'invalid-amount');
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: '-5' }), 'invalid-amount');
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'living-allowance' }), 'validation');
      await refused(grant(2, { householdId: fam.householdId, aidTypeCode: 'no-such-aid', amount: '1' }), 'unknown-reference');
      const after = await t.database.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('amounts are stored in minor units of the currency (KWD has 3 decimals)', async () => {
      const g = await grant(2, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: '١٢٫٥' });
      assert.equal(g.amount_minor, 12500);
      assert.equal(g.currency, 'KWD');
    });
  });
}
