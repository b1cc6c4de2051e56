/**
 * What 0015_grant_path_gains.sql took off the grant path gave up no guarantee, on every engine:
 * grants get time-ordered keys (UUIDv7) unless the caller gives one; a grant's group is its aid
 * type's without a foreign key of its own (the trigger writes it, on insert and on update); the
 * application cannot delete or rename a group; the ministry's audit search still filters by action,
 * organisation and time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { inTx } from '../../src/kernel/transaction.js';
import { grantAid } from '../../src/modules/grants/record-grants.js';
import { auditRepository } from '../../src/modules/audit/audit.repository.js';

for (const engine of engines()) {
  describe(`the grant path's gains (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let fam: Family;
    const clock = new ManualClock(new Date('2026-05-01T09:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep);
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
    });
    after(() => t.close());

    test('grants recorded one after another get version-7 keys in the order they were recorded', async () => {
      const cw = w.charities[0]!.caseworker.actor;
      const ids: string[] = [];
      for (const code of ['food-basket', 'washing-machine', 'refrigerator']) {
        ids.push((await inTx(t.database.db, cw, (trx) => grantAid(trx, cw, t.dep, clock, { householdId: fam.householdId, aidTypeCode: code }))).id);
        await new Promise((r) => setTimeout(r, 3)); // a new millisecond: keys are ordered by their milliseconds
      }
      for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'version 7, RFC variant');
      assert.deepEqual([...ids].sort(), ids, 'time-ordered');
      const ms = parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16);
      assert.ok(Math.abs(ms - Date.now()) < 60_000, 'the key starts with the time it was made');
    });

    test('an ID given by the caller is kept; the group is the aid type\'s whatever the writer says, also on update', async () => {
      const given = '0f000000-0000-4000-8000-000000000001';
      await sql`insert into grants (id, household_id, org_id, aid_type_code, group_code, form, granted_on, recorded_on, created_by)
                values (${given}::uuid, ${fam.householdId}::uuid, ${w.charities[1]!.id}::uuid, 'school-supplies', 'no-such-group', 'in_kind', '2026-04-01', '2026-04-01', ${w.charities[1]!.caseworker.actor.userId}::uuid)`.execute(t.database.db);
      const row = await t.database.db.selectFrom('grants').select(['id', 'group_code']).where('id', '=', given).executeTakeFirstOrThrow();
      const group = (await t.database.db.selectFrom('aid_types').select('group_code').where('code', '=', 'school-supplies').executeTakeFirstOrThrow()).group_code;
      assert.equal(row.id, given);
      assert.equal(row.group_code, group, 'the trigger wrote the aid type\'s group over the one given');
      await sql`update grants set group_code = 'no-such-group' where id = ${given}::uuid`.execute(t.database.db);
      assert.equal((await t.database.db.selectFrom('grants').select('group_code').where('id', '=', given).executeTakeFirstOrThrow()).group_code, group);
      await assert.rejects(
        sql`insert into grants (household_id, org_id, aid_type_code, form, granted_on, recorded_on, created_by)
            values (${fam.householdId}::uuid, ${w.charities[1]!.id}::uuid, 'no-such-aid', 'in_kind', '2026-04-01', '2026-04-01', ${w.charities[1]!.caseworker.actor.userId}::uuid)`.execute(t.database.db),
        (e: { code?: string }) => e.code === '23503',
      );
    });

    test('the application may not delete or rename an exclusivity group, and still changes its window', async () => {
      const admin = w.ministryAdmin.actor;
      const code = 'home-repair';
      await assert.rejects(inTx(t.database.db, admin, (trx) => trx.deleteFrom('exclusivity_groups').where('code', '=', code).execute()), (e: { code?: string }) => e.code === '42501');
      await assert.rejects(inTx(t.database.db, admin, (trx) => trx.updateTable('exclusivity_groups').set({ code: 'renamed' }).where('code', '=', code).execute()), (e: { code?: string }) => e.code === '42501');
      const r = await inTx(t.database.db, admin, (trx) => trx.updateTable('exclusivity_groups').set({ window_kind: 'days', window_days: 731 }).where('code', '=', code).returning('window_days').executeTakeFirstOrThrow());
      assert.equal(r.window_days, 731);
    });

    test('the ministry\'s audit search still finds entries by action, organisation and time through the indexes that are left', async () => {
      const org = w.charities[0]!.id;
      const byAction = await auditRepository.search(t.database.db, { action: 'grant.create', actorOrg: org, limit: 50 });
      assert.ok(byAction.length >= 3);
      for (const e of byAction) assert.equal(e.action, 'grant.create');
      const none = await auditRepository.search(t.database.db, { action: 'grant.create', from: new Date('2030-01-01T00:00:00Z'), limit: 50 });
      assert.equal(none.length, 0);
      const idx = new Map((await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes where tablename = 'audit_log'`.execute(t.database.db)).rows.map((r) => [r.name, r.def]));
      assert.match(idx.get('audit_log_at')!, /USING brin \(at\)/);
      assert.match(idx.get('audit_log_action')!, /WHERE \(action <> 'grant\.create'::text\)/);
      // Any other action is found through the partial index, as before.
      const other = (await sql<{ action: string; n: number }>`select action, count(*)::int as n from audit_log where action <> 'grant.create' group by action order by 2 desc limit 1`.execute(t.database.db)).rows[0]!;
      const found = await auditRepository.search(t.database.db, { action: other.action, limit: 500 });
      assert.equal(found.length, Math.min(500, other.n));
      for (const e of found) assert.equal(e.action, other.action);
    });
  });
}
