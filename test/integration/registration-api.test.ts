/**
 * Registration's API for the web journey, on every engine: a refusal to add a member who is in
 * another household names the field, and the household only to staff who may see it; a member
 * moves between households in one step (both memberships change together, both trails record
 * it, nothing changes when refused); a charity's application returns a receipt once, with which
 * (and only with which) the applicant reads the decision and its reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';

for (const engine of engines()) {
  describe(`registration: refusals at the field, moving a member, the application's receipt (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-05-01T10:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t, clock);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const activeHouseholdsOf = async (personId: string) =>
      (await t.database.db.selectFrom('household_members').select('household_id').where('person_id', '=', personId).where('active', '=', true).execute()).map((r) => r.household_id);

    test('adding a member of another household: the field is named, and the household only to a charity that may see it', async () => {
      const a = w.charities[0]!;
      const b = w.charities[1]!;
      const first = await registerFamily(t.database.db, t.dep, w, a.caseworker.actor);
      const second = await registerFamily(t.database.db, t.dep, w, a.caseworker.actor);
      const son = first.members[2]!;
      const body = { nationalId: son.nationalId, fullName: son.fullName, relation: 'child' };
      const mine = await api.call('POST', `/api/v1/households/${second.householdId}/members`, a.caseworker.token, body);
      assert.equal(mine.status, 409);
      assert.equal(mine.body.type.split('/').pop(), 'member-of-other-household');
      assert.equal(mine.body.field, 'nationalId');
      assert.equal(mine.body.householdId, first.householdId, 'the registering charity sees which household');

      const theirs = await registerFamily(t.database.db, t.dep, w, b.caseworker.actor);
      const other = await api.call('POST', `/api/v1/households/${theirs.householdId}/members`, b.caseworker.token, body);
      assert.equal(other.status, 409);
      assert.equal(other.body.field, 'nationalId');
      assert.equal(other.body.householdId, undefined, 'a charity that may not see the household is not told which');
      assert.equal(other.body.nationalId, undefined);
      assert.ok(!JSON.stringify(other.body).includes(first.householdId));

      const reg = await api.call('POST', '/api/v1/households', b.caseworker.token, {
        regionCode: [...t.dep.regions.values()].find((r) => r.level === 1)!.code,
        members: [
          { nationalId: w.nextId('1970-02-02'), fullName: 'سالم', relation: 'head' },
          { nationalId: son.nationalId, fullName: son.fullName, relation: 'child' },
        ],
      });
      assert.equal(reg.status, 409);
      assert.equal(reg.body.field, 'members[1].nationalId', 'a registration names the member row');
    });

    test('a member moves to another household in one step, recorded in both trails; a second head is refused and changes nothing', async () => {
      const a = w.charities[0]!;
      const from = await registerFamily(t.database.db, t.dep, w, a.caseworker.actor);
      const to = await registerFamily(t.database.db, t.dep, w, a.caseworker.actor);
      const view = await api.call('GET', `/api/v1/households/${from.householdId}`, a.caseworker.token);
      const son = view.body.members.find((m: { relation: string }) => m.relation === 'child');
      const head = view.body.members.find((m: { relation: string }) => m.relation === 'head');

      const refused = await api.call('POST', `/api/v1/households/${from.householdId}/members/${head.personId}/move`, a.caseworker.token, { toHouseholdId: to.householdId, relation: 'head', reason: 'married' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.field, 'relation');
      assert.deepEqual(await activeHouseholdsOf(head.personId), [from.householdId], 'a refused move leaves the member where they were');

      const moved = await api.call('POST', `/api/v1/households/${from.householdId}/members/${son.personId}/move`, a.caseworker.token, { toHouseholdId: to.householdId, relation: 'other', reason: 'lives with his uncle' });
      assert.equal(moved.status, 204);
      assert.deepEqual(await activeHouseholdsOf(son.personId), [to.householdId]);
      const trail = await t.database.db.selectFrom('audit_log').select(['household_id', 'reason']).where('action', '=', 'household.member.move').where('household_id', 'in', [from.householdId, to.householdId]).execute();
      assert.deepEqual(trail.map((e) => e.household_id).sort(), [from.householdId, to.householdId].sort());
      assert.ok(trail.every((e) => e.reason === 'lives with his uncle'));

      const stranger = await registerFamily(t.database.db, t.dep, w, w.charities[1]!.caseworker.actor);
      const hidden = await api.call('POST', `/api/v1/households/${to.householdId}/members/${son.personId}/move`, a.caseworker.token, { toHouseholdId: stranger.householdId, relation: 'child', reason: 'not ours' });
      assert.equal(hidden.status, 403, "a charity may not move a member into a household it may not see");
      assert.deepEqual(await activeHouseholdsOf(son.personId), [to.householdId]);
    });

    test('an application returns a receipt once; with it the applicant reads the decision and the reason, without it nothing', async () => {
      const regions = [[...t.dep.regions.values()].find((r) => r.level === 1)!.code];
      const applied = await api.call('POST', '/api/v1/organisations/applications', undefined, {
        organisation: { name: 'جمعية النور', registrationNumber: '123', contactPhone: '+96550009999', aidTypes: ['food-basket'], regions },
        admin: { displayName: 'مدير الجمعية', nationalId: w.nextId('1979-03-03') },
      });
      assert.equal(applied.status, 201);
      const receipt: string = applied.body.receipt;
      assert.match(receipt, /^([A-Z2-9]{4}-){4}[A-Z2-9]{4}$/);
      const stored = await t.database.db.selectFrom('organisation_applications').selectAll().where('org_id', '=', applied.body.id).executeTakeFirstOrThrow();
      assert.ok(!stored.receipt_hash.toString('utf8').includes(receipt.replace(/-/g, '')), 'only a hash is stored');

      const pending = await api.call('POST', '/api/v1/organisations/applications/status', undefined, { receipt: receipt.toLowerCase().replace(/-/g, ' ') });
      assert.equal(pending.status, 200);
      assert.equal(pending.body.status, 'pending');
      assert.equal(pending.body.reason, null);

      const wrong = await api.call('POST', '/api/v1/organisations/applications/status', undefined, { receipt: 'AAAA-AAAA-AAAA-AAAA-AAAA' });
      assert.equal(wrong.status, 404);
      assert.equal((await api.call('POST', '/api/v1/organisations/applications/status', undefined, { receipt: applied.body.id })).status, 404, 'the id is no receipt');

      const review = await api.call('GET', `/api/v1/organisations/${applied.body.id}/application`, w.supervisor.token);
      assert.equal(review.status, 200);
      assert.deepEqual([review.body.aidTypes, review.body.regions, review.body.admin.displayName], [['food-basket'], regions, 'مدير الجمعية']);
      const traced = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'personal_data.read').where('subject_type', '=', 'user').where('actor_user', '=', w.supervisor.actor.userId).execute();
      assert.equal(traced.length, 1, "reading the administrator's national ID is audited");
      assert.equal((await api.call('GET', `/api/v1/organisations/${applied.body.id}/application`, w.charities[0]!.admin.token)).status, 403);

      const decided = await api.call('POST', `/api/v1/organisations/${applied.body.id}/decision`, w.ministryAdmin.token, { decision: 'rejected', reason: 'The registration number is not in the ministry register.' });
      assert.equal(decided.status, 200);
      const read = await api.call('POST', '/api/v1/organisations/applications/status', undefined, { receipt });
      assert.equal(read.body.status, 'rejected');
      assert.equal(read.body.reason, 'The registration number is not in the ministry register.');
      assert.ok(read.body.decidedAt);
    });
  });
}
