/**
 * The ministry's audit search by a person's national ID and the service record's short references:
 * the search finds what was done to the person's household, names the staff member, the
 * organisation, the household and the request by their short references, and is itself audited
 * (never with the national ID); an invalid ID is a 400 that names the field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeApi, type Api } from '../support/http.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';

for (const engine of engines()) {
  describe(`audit search by national ID (${engine})`, () => {
    let t: TestDb;
    let api: Api;
    let w: World;
    let f: Family;
    let requestId: string;
    before(async () => {
      t = await freshDatabase(engine);
      api = await makeApi(t);
      w = await makeWorld(t.database.db, t.dep, { charities: 2, seed: 5 });
      f = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      const A = w.charities[0]!.caseworker.token;
      const r = await api.call('POST', '/api/v1/requests', A, { householdId: f.householdId, aidTypeCode: 'refrigerator', justification: 'The old one broke down.' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      requestId = r.body.id;
      assert.equal((await api.call('POST', `/api/v1/requests/${requestId}/claim`, A)).status, 200);
      assert.equal((await api.call('GET', `/api/v1/requests/${requestId}/case`, A)).status, 200);
      // Another household, whose entries must not come back.
      await registerFamily(t.database.db, t.dep, w, w.charities[1]!.caseworker.actor);
    });
    after(async () => {
      await api?.app.close();
      await t?.close();
    });

    test("a search by the wife's national ID returns her household's entries in plain parts, and is itself the newest entry", async () => {
      const res = await api.call('GET', `/api/v1/audit?nationalId=${f.members[1]!.nationalId}`, w.supervisor.token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const ref = f.householdId.slice(0, 8).toUpperCase();
      assert.deepEqual(res.body.person, { found: true, householdId: f.householdId, householdRef: ref });
      const items = res.body.items as { action: string; householdId: string; householdRef: string; requestId: string | null; requestRef: string | null; actor: { name: string | null; orgName: string | null; role: string }; subject: { type: string; id: string | null }; details: unknown }[];
      assert.ok(items.every((e) => e.householdId === f.householdId), 'only entries about her household');
      assert.equal(items[0]!.action, 'audit.search_person', 'the search is the newest entry');
      assert.equal(items[0]!.actor.name, 'supervisor');
      assert.equal(items[0]!.subject.type, 'person');
      assert.ok(!JSON.stringify(items[0]).includes(f.members[1]!.nationalId), 'the entry does not keep the national ID');
      const opened = items.find((e) => e.action === 'personal_data.read' && e.subject.type === 'request')!;
      assert.deepEqual(
        { name: opened.actor.name, org: opened.actor.orgName, role: opened.actor.role, household: opened.householdRef, request: opened.requestId, requestRef: opened.requestRef },
        { name: 'c0_caseworker', org: 'Charity A', role: 'caseworker', household: ref, request: requestId, requestRef: requestId.slice(0, 8).toUpperCase() },
      );
      assert.ok(items.some((e) => e.action === 'request.claim' && e.requestId === requestId));
      const searches = await t.database.db.selectFrom('audit_log').select(['actor_user', 'household_id', 'subject_type']).where('action', '=', 'audit.search_person').execute();
      assert.deepEqual(searches, [{ actor_user: w.supervisor.actor.userId, household_id: f.householdId, subject_type: 'person' }]);
    });

    test('a national ID of nobody registered is an empty answer, audited too; an invalid one is a 400 naming the field and writes nothing', async () => {
      const count = async () => (await t.database.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).where('action', '=', 'audit.search_person').executeTakeFirstOrThrow()).n;
      const before = Number(await count());
      const none = await api.call('GET', `/api/v1/audit?nationalId=${w.nextId('1999-02-02')}`, w.supervisor.token);
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, { items: [], nextCursor: null, person: { found: false, householdId: null, householdRef: null } });
      assert.equal(Number(await count()), before + 1);
      const bad = await api.call('GET', '/api/v1/audit?nationalId=12345', w.supervisor.token);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'nationalId');
      assert.equal(Number(await count()), before + 1);
    });

    test('a charity may not search the trail', async () => {
      assert.equal((await api.call('GET', `/api/v1/audit?nationalId=${f.members[0]!.nationalId}`, w.charities[0]!.caseworker.token)).status, 403);
    });

    test('the service record names the household and each request by its short reference, and lists the exceptions asked, their reasons to the asker and the ministry only', async () => {
      const A = w.charities[0]!.caseworker.token;
      const x = await api.call('POST', '/api/v1/exceptions', A, { householdId: f.householdId, aidTypeCode: 'food-basket', reason: 'The family lost everything in a fire.', documentRef: 'CD-2026-17' });
      assert.equal(x.status, 201, JSON.stringify(x.body));
      assert.equal((await api.call('POST', `/api/v1/exceptions/${x.body.id}/decision`, w.supervisor.token, { decision: 'approved', note: 'Fire report seen.' })).status, 200);
      const h = await api.call('GET', `/api/v1/households/${f.householdId}/history`, w.supervisor.token);
      assert.equal(h.status, 200);
      assert.equal(h.body.householdRef, f.householdId.slice(0, 8).toUpperCase());
      assert.deepEqual(h.body.requests.map((r: { ref: string }) => r.ref), [requestId.slice(0, 8).toUpperCase()]);
      assert.equal(h.body.exceptions.length, 1);
      assert.deepEqual(
        { status: h.body.exceptions[0].status, by: h.body.exceptions[0].requestedBy.name, reason: h.body.exceptions[0].reason, note: h.body.exceptions[0].decisionNote, group: h.body.exceptions[0].group },
        { status: 'approved', by: 'Charity A', reason: 'The family lost everything in a fire.', note: 'Fire report seen.', group: 'food-basket' },
      );
      // Charity B gives the household aid, so it may read the record: the exception shows, not A's name or reasons.
      assert.equal((await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { beneficiaryNationalId: f.members[1]!.nationalId, aidTypeCode: 'medical-aid', amount: '20' })).status, 201);
      const asB = await api.call('GET', `/api/v1/households/${f.householdId}/history`, w.charities[1]!.caseworker.token);
      assert.equal(asB.status, 200);
      assert.deepEqual(
        { by: asB.body.exceptions[0].requestedBy, reason: asB.body.exceptions[0].reason, note: asB.body.exceptions[0].decisionNote },
        { by: { id: null, name: null, kind: 'charity' }, reason: null, note: null },
      );
    });
  });
}
