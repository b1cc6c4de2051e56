/**
 * A documented exception asked for from the refusal itself, on every engine: the duplicate-aid
 * refusal at approval names the household, the caseworker asks with it (no ID copied), the
 * supervisor decides, the asking charity is notified, the approved exception is offered to that
 * charity only (GET /exceptions/mine) and cited on approval, which records its reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';

for (const engine of engines()) {
  describe(`exceptions from a refusal (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    const cw = (i: number) => w.charities[i]!.caseworker.token;
    const supervisor = () => w.supervisor.token;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t, clock);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    /** A household that received a refrigerator from charity A, and a fridge-freezer request claimed by charity B. */
    async function refusedAtApproval() {
      const fam = await registerFamily(t.database.db, t.dep, w, w.ministryAdmin.actor);
      const { token } = await applicantAccount(t.database.db, w, fam.members[0]!);
      const first = await api.call('POST', '/api/v1/requests', token, { aidTypeCode: 'refrigerator', justification: 'The old one broke down.' });
      await api.call('POST', `/api/v1/requests/${first.body.id}/claim`, cw(0));
      assert.equal((await api.call('POST', `/api/v1/requests/${first.body.id}/approve`, cw(0), {})).status, 201);
      const again = await api.call('POST', '/api/v1/requests', token, { aidTypeCode: 'fridge-freezer', justification: 'A flood ruined the refrigerator.' });
      assert.equal((await api.call('POST', `/api/v1/requests/${again.body.id}/claim`, cw(1))).status, 200);
      const refused = await api.call('POST', `/api/v1/requests/${again.body.id}/approve`, cw(1), {});
      assert.equal(refused.status, 409);
      assert.equal(refused.body.type, '/problems/duplicate-aid');
      return { fam, requestId: again.body.id as string, refused: refused.body as { householdId: string; conflict: { aidType: string } } };
    }
    const notifications = async (orgIndex: number) => (await api.call('GET', '/api/v1/notifications', cw(orgIndex))).body.items as { template: string; text: string }[];

    test('asked from the refusal, approved by a supervisor, notified, offered to the asking charity only, cited on approval with a reason', async () => {
      const { fam, requestId, refused } = await refusedAtApproval();
      assert.equal(refused.householdId, fam.householdId, 'the refusal names the household the exception is for');

      const asked = await api.call('POST', '/api/v1/exceptions', cw(1), { householdId: refused.householdId, aidTypeCode: 'fridge-freezer', reason: 'A flood ruined the refrigerator last week.', documentRef: 'Civil defence report 4471' });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const exceptionId = asked.body.id as string;
      assert.equal((await api.call('GET', `/api/v1/exceptions/mine?householdId=${fam.householdId}`, cw(1))).body.length, 0, 'a pending exception is not offered');

      const pending = await api.call('GET', '/api/v1/exceptions?status=pending', supervisor());
      assert.deepEqual(pending.body.filter((x: { id: string }) => x.id === exceptionId).map((x: { requested_by_org: string; household_id: string }) => [x.requested_by_org, x.household_id]), [[w.charities[1]!.id, fam.householdId]]);
      const before = (await notifications(1)).length;
      const decided = await api.call('POST', `/api/v1/exceptions/${exceptionId}/decision`, supervisor(), { decision: 'approved', note: 'Report checked.' });
      assert.equal(decided.status, 200);
      const inbox = await notifications(1);
      assert.equal(inbox.length, before + 1);
      assert.equal(inbox[0]!.template, 'exception.approved.requester');
      assert.ok(inbox[0]!.text.includes(exceptionId.slice(0, 8).toUpperCase()), inbox[0]!.text);
      assert.ok(!(await notifications(0)).some((n) => n.template.startsWith('exception.')), 'the other charity is not told');
      const stored = await t.database.db.selectFrom('notifications').select('params').where('template', '=', 'exception.approved.requester').execute();
      assert.deepEqual(stored.map((n) => Object.keys(n.params as object)), [['ref']], 'the message stores the reference only');

      const mine = await api.call('GET', `/api/v1/exceptions/mine?householdId=${fam.householdId}`, cw(1));
      assert.deepEqual(mine.body.map((x: { id: string; status: string }) => [x.id, x.status]), [[exceptionId, 'approved']]);
      assert.equal((await api.call('GET', '/api/v1/exceptions/mine', cw(0))).body.length, 0, "another charity is not offered it");

      const tooShort = await api.call('POST', `/api/v1/requests/${requestId}/approve`, cw(1), { exceptionId, reason: 'ok' });
      assert.equal(tooShort.status, 400);
      assert.equal(tooShort.body.type, '/problems/validation', JSON.stringify(tooShort.body));
      assert.match(JSON.stringify(tooShort.body), /reason/);
      const reason = 'New need documented by the civil defence.';
      const approved = await api.call('POST', `/api/v1/requests/${requestId}/approve`, cw(1), { exceptionId, reason });
      assert.equal(approved.status, 201, JSON.stringify(approved.body));
      assert.equal(approved.body.exceptionId, exceptionId);

      const request = await t.database.db.selectFrom('aid_requests').select(['status', 'decision_reason']).where('id', '=', requestId).executeTakeFirstOrThrow();
      assert.deepEqual(request, { status: 'approved', decision_reason: reason });
      const event = await t.database.db.selectFrom('request_events').select(['event', 'reason']).where('request_id', '=', requestId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(event, { event: 'approved', reason });
      const entry = await t.database.db.selectFrom('audit_log').select(['action', 'reason']).where('subject_id', '=', requestId).where('action', '=', 'request.approve').executeTakeFirstOrThrow();
      assert.equal(entry.reason, reason);
      const caseView = await api.call('GET', `/api/v1/requests/${requestId}/case`, cw(1));
      assert.equal(caseView.body.request.decisionReason, reason);
      assert.equal(caseView.body.timeline.at(-1).reason, reason);
      assert.equal((await api.call('GET', '/api/v1/exceptions/mine', cw(1))).body.length, 0, 'a used exception is no longer offered');
    });

    test('a rejected exception tells the asking charity and is never offered', async () => {
      const { fam, refused } = await refusedAtApproval();
      const asked = await api.call('POST', '/api/v1/exceptions', cw(1), { householdId: refused.householdId, aidTypeCode: 'fridge-freezer', reason: 'The family says it needs a bigger one.', documentRef: 'none' });
      assert.equal(asked.status, 201);
      clock.advanceDays(1);
      assert.equal((await api.call('POST', `/api/v1/exceptions/${asked.body.id}/decision`, supervisor(), { decision: 'rejected', note: 'No new need shown.' })).status, 200);
      assert.equal((await notifications(1))[0]!.template, 'exception.rejected.requester');
      assert.equal((await api.call('GET', `/api/v1/exceptions/mine?householdId=${fam.householdId}`, cw(1))).body.length, 0);
      const rejected = await api.call('GET', `/api/v1/exceptions/mine?status=rejected&householdId=${fam.householdId}`, cw(1));
      assert.deepEqual(rejected.body.map((x: { id: string }) => x.id), [asked.body.id]);
    });
  });
}
