/**
 * Requests across charities, end to end over HTTP with a moved clock, on every engine:
 * submit → pool → claim → audited reveal → assessment → approve → grant; the duplicate found at
 * approval; reject with a reason the applicant reads; release; the reminder at day 10 sent once;
 * escalation at day 14; reassignment; the old charity's access gone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { type Actor } from '../../src/kernel/actor.js';
import { householdsRepository } from '../../src/modules/registry/registry.repository.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';

const DAY = 86_400_000;

for (const engine of engines()) {
  describe(`requests lifecycle (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    const cw = (i: number) => w.charities[i]!.caseworker.token;
    const ministry = () => w.supervisor.token;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      api = await makeApi(t, clock);
      worker = new JobWorker(t.database.db, { clock, handlers: requestJobHandlers(t.dep) });
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    /** A family registered by the ministry (so no charity sees it by having registered it), with an applicant account for the head. */
    async function familyWithApplicant(locale: 'ar' | 'en' = 'en'): Promise<Family & { token: string }> {
      const fam = await registerFamily(t.database.db, t.dep, w, w.ministryAdmin.actor);
      const { token } = await applicantAccount(t.database.db, w, fam.members[0]!, locale);
      return { ...fam, token };
    }

    const events = async (requestId: string) =>
      (await t.database.db.selectFrom('request_events').select(['event', 'org_id', 'reason', 'details']).where('request_id', '=', requestId).orderBy('id').execute());
    const statusOf = async (id: string) => (await t.database.db.selectFrom('aid_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const mayAccess = async (i: number, householdId: string) => householdsRepository.charityMaySee(t.database.db, w.charities[i]!.id, householdId);

    test('submit → pool → claim → audited reveal → assessment → approve → grant', async () => {
      const fam = await familyWithApplicant();
      const sub = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'refrigerator', justification: 'The old one broke down.' });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      const id = sub.body.id as string;
      assert.equal(new Date(sub.body.deadlineAt).getTime() - new Date(sub.body.submittedAt).getTime(), 14 * DAY);

      // In every suitable charity's pool, anonymously.
      for (const i of [0, 1, 2]) {
        const pool = await api.call('GET', '/api/v1/pool?aidType=refrigerator', cw(i));
        assert.equal(pool.status, 200);
        const item = pool.body.items.find((x: { id: string }) => x.id === id);
        assert.ok(item, `charity ${i} sees the request`);
        assert.deepEqual(Object.keys(item).sort(), ['aidType', 'basket', 'deadlineAt', 'householdSize', 'id', 'nationality', 'offeredUntil', 'priority', 'region', 'submittedAt']);
        assert.equal(item.householdSize, 3);
        assert.equal(item.nationality, 'KW');
        assert.equal(item.basket, 'durable-goods');
      }
      // Nobody sees the case before claiming it.
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 403);
      assert.equal(await mayAccess(0, fam.householdId), false);

      const claim = await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0));
      assert.equal(claim.status, 200, JSON.stringify(claim.body));
      assert.equal(claim.body.status, 'claimed');
      const second = await api.call('POST', `/api/v1/requests/${id}/claim`, cw(1));
      assert.equal(second.status, 409);
      assert.equal(second.body.type, '/problems/already-claimed');
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0))).body.claimedByYou, true);
      const pool1 = await api.call('GET', '/api/v1/pool', cw(1));
      assert.ok(!pool1.body.items.some((x: { id: string }) => x.id === id), 'a claimed request leaves the pool');
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(1))).status, 403, 'another charity does not see the case');

      // The reveal, audited with who, which organisation, which household, why.
      const reveal = await api.call('GET', `/api/v1/requests/${id}/case?purpose=home-visit`, cw(0));
      assert.equal(reveal.status, 200, JSON.stringify(reveal.body));
      assert.equal(reveal.body.household.id, fam.householdId);
      assert.deepEqual(reveal.body.household.members.map((m: { nationalId: string }) => m.nationalId).sort(), fam.members.map((m) => m.nationalId).sort());
      assert.ok(reveal.body.household.members.some((m: { fullName: string }) => m.fullName === fam.members[0]!.fullName));
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.read').where('subject_id', '=', id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_org, w.charities[0]!.id);
      assert.equal(audit[0]!.actor_user, w.charities[0]!.caseworker.actor.userId);
      assert.equal(audit[0]!.household_id, fam.householdId);
      assert.equal(audit[0]!.reason, 'home-visit');
      assert.doesNotMatch(JSON.stringify(audit[0]!.details), new RegExp(fam.members[0]!.nationalId), 'no personal data in audit details');
      assert.equal(await mayAccess(0, fam.householdId), true);

      const assess = await api.call('PUT', `/api/v1/requests/${id}/assessment`, cw(0), { notes: 'Visited; the refrigerator is beyond repair.', documents: ['visit-report-17.pdf'] });
      assert.equal(assess.status, 200);
      assert.equal((await api.call('PUT', `/api/v1/requests/${id}/assessment`, cw(1), { notes: 'x', documents: [] })).status, 403);

      clock.advanceDays(3);
      const approve = await api.call('POST', `/api/v1/requests/${id}/approve`, cw(0), {});
      assert.equal(approve.status, 201, JSON.stringify(approve.body));
      assert.equal(approve.body.requestId, id);
      assert.equal(approve.body.aidType, 'refrigerator');
      assert.equal(approve.body.orgId, w.charities[0]!.id);
      assert.equal(await statusOf(id), 'approved');
      const grant = await t.database.db.selectFrom('grants').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(grant.household_id, fam.householdId);
      const twice = await api.call('POST', `/api/v1/requests/${id}/approve`, cw(0), {});
      assert.equal(twice.status, 409, 'decided once');
      assert.equal(twice.body.type, '/problems/invalid-state');
      assert.equal(twice.body.requestStatus, 'approved');

      assert.deepEqual((await events(id)).map((e) => e.event), ['submitted', 'claimed', 'revealed', 'assessed', 'approved']);
      const auditActions = (await t.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('seq').execute()).map((a) => a.action);
      assert.deepEqual(auditActions, ['request.submit', 'request.claim', 'personal_data.read', 'request.approve']);

      const mine = await api.call('GET', '/api/v1/requests/mine', fam.token);
      assert.equal(mine.status, 200);
      assert.equal(mine.body.items[0].status, 'approved');
      assert.equal(mine.body.items[0].grantId, grant.id);
      const inbox = await api.call('GET', '/api/v1/notifications', fam.token);
      assert.deepEqual(inbox.body.items.map((n: { template: string }) => n.template), ['request.approved.applicant', 'request.claimed.applicant']);
      assert.match(inbox.body.items[0].text, /Refrigerator/);

      // A request of the same exclusivity group is refused at approval by the no-duplicate rule, and stays claimed.
      const again = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'fridge-freezer', justification: 'A bigger one is needed.' });
      assert.equal(again.status, 201);
      assert.equal((await api.call('POST', `/api/v1/requests/${again.body.id}/claim`, cw(1))).status, 200);
      const dup = await api.call('POST', `/api/v1/requests/${again.body.id}/approve`, cw(1), {});
      assert.equal(dup.status, 409);
      assert.equal(dup.body.type, '/problems/duplicate-aid');
      assert.equal(dup.body.conflict.aidType, 'refrigerator');
      assert.equal(dup.body.conflict.organisationKind, 'charity');
      assert.equal(dup.body.conflict.sameOrganisation, false);
      assert.equal(await statusOf(again.body.id), 'claimed', 'the request stays claimed');
      assert.equal((await events(again.body.id)).at(-1)!.event, 'decision-refused');
      // The case shows the aid received elsewhere: type, date, amount and kind of organisation only.
      const other = await api.call('GET', `/api/v1/requests/${again.body.id}/case`, cw(1));
      assert.deepEqual(other.body.aidElsewhere, [{ aidType: 'refrigerator', date: grant.granted_on, amount: null, organisationKind: 'charity', ownOrganisation: false }]);
      // The charity that gave it sees it as its own, not as aid from another body.
      const own = await api.call('GET', `/api/v1/requests/${id}/case`, cw(0));
      assert.equal(own.status, 200);
      assert.deepEqual(own.body.aidElsewhere, [{ aidType: 'refrigerator', date: grant.granted_on, amount: null, organisationKind: 'charity', ownOrganisation: true }]);
      assert.equal(other.body.assessment, null, "another charity's notes are not shown");
      assert.doesNotMatch(JSON.stringify(other.body), new RegExp(w.charities[0]!.name));
      assert.doesNotMatch(JSON.stringify(other.body), /beyond repair/);
    });

    test('one open request per household and exclusivity group; the refusal names the open one', async () => {
      const fam = await familyWithApplicant();
      const first = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'rent-assistance', amount: '120', justification: 'Rent is due.' });
      assert.equal(first.status, 201);
      const otherGroup = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'food-basket', justification: 'Food for the month.' });
      assert.equal(otherGroup.status, 201, 'a different group may be open at the same time');
      const byApplicant = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'rent-assistance', amount: '80', justification: 'Rent again.' });
      assert.equal(byApplicant.status, 409);
      assert.equal(byApplicant.body.type, '/problems/open-request-exists');
      assert.deepEqual(byApplicant.body.openRequest, { id: first.body.id, aidType: 'rent-assistance', status: 'open' });
      // Claimed still counts as open.
      await api.call('POST', `/api/v1/requests/${first.body.id}/claim`, cw(2));
      const third = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'rent-assistance', amount: '80', justification: 'Rent again.' });
      assert.equal(third.status, 409);
      assert.equal(third.body.openRequest.status, 'claimed');
      // Once decided, a new one may be submitted.
      assert.equal((await api.call('POST', `/api/v1/requests/${first.body.id}/reject`, cw(2), { reason: 'Rent is covered by a housing programme.' })).status, 200);
      assert.equal((await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'rent-assistance', amount: '80', justification: 'Rent again.' })).status, 201);
    });

    test('reject with a reason the applicant reads', async () => {
      const fam = await familyWithApplicant();
      const sub = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'washing-machine', justification: 'Broken.' });
      const id = sub.body.id;
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(1));
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reject`, cw(0), { reason: 'Not ours to decide.' })).status, 403);
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reject`, cw(1), {})).status, 400, 'a reason is required');
      const rej = await api.call('POST', `/api/v1/requests/${id}/reject`, cw(1), { reason: 'The household received a new machine last month.' });
      assert.equal(rej.status, 200);
      assert.equal(rej.body.status, 'rejected');
      const mine = await api.call('GET', '/api/v1/requests/mine', fam.token);
      const item = mine.body.items.find((r: { id: string }) => r.id === id);
      assert.equal(item.status, 'rejected');
      assert.equal(item.decisionReason, 'The household received a new machine last month.');
      const ev = await events(id);
      assert.equal(ev.at(-1)!.event, 'rejected');
      assert.equal(ev.at(-1)!.reason, 'The household received a new machine last month.');
      assert.equal((await t.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).where('action', '=', 'request.reject').execute()).length, 1);
      assert.equal((await api.call('GET', '/api/v1/requests/mine', cw(1))).status, 403, 'only applicants have "mine"');
    });

    test('release: the request returns to the pool and the releasing charity loses the case', async () => {
      const fam = await familyWithApplicant();
      const sub = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'medical-aid', amount: '50', justification: 'Treatment costs.' });
      const id = sub.body.id;
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(2));
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(2))).status, 200);
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/release`, cw(1), { reason: 'not mine at all' })).status, 403);
      const rel = await api.call('POST', `/api/v1/requests/${id}/release`, cw(2), { reason: 'No medical caseworker available this month.' });
      assert.equal(rel.status, 200, JSON.stringify(rel.body));
      assert.equal(rel.body.status, 'open');
      assert.equal(rel.body.claimedByOrg, null);
      const pool = await api.call('GET', '/api/v1/pool', cw(0));
      assert.ok(pool.body.items.some((x: { id: string }) => x.id === id));
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(2))).status, 403);
      assert.equal(await mayAccess(2, fam.householdId), false);
      const ev = await events(id);
      assert.deepEqual(ev.map((e) => e.event), ['submitted', 'claimed', 'revealed', 'released']);
      assert.equal(ev.at(-1)!.reason, 'No medical caseworker available this month.');
      // Another charity takes it up; the released reason of the first charity is not shown to it.
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0));
      const c = await api.call('GET', `/api/v1/requests/${id}/case`, cw(0));
      const released = c.body.timeline.find((e: { event: string }) => e.event === 'released');
      assert.equal(released.by, 'another charity');
      assert.equal(released.reason, undefined);
    });

    test('reminder at day 10, sent once, to the claimant; at day 14 escalated; reassigned; the old charity has lost access', async () => {
      clock.set('2026-04-01T08:00:00Z');
      const fam = await familyWithApplicant();
      const sub = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'vocational-training', justification: 'Wants to learn a trade.' });
      const id = sub.body.id as string;
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0));
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 200);
      const reminders = () => t.database.db.selectFrom('notifications').select(['recipient_org', 'template']).where('request_id', '=', id).where('template', 'like', 'request.reminder.%').execute();

      clock.advanceDays(9);
      await worker.runDue();
      assert.equal((await reminders()).length, 0, 'nothing before day 10');
      clock.advanceDays(1);
      const first = await worker.runDue();
      assert.ok(first.done >= 1);
      await worker.runDue();
      await worker.runDue();
      const sent = await reminders();
      assert.equal(sent.length, 1, 'one reminder, however often the worker runs');
      assert.deepEqual(sent[0], { recipient_org: w.charities[0]!.id, template: 'request.reminder.claimant' });
      assert.equal((await events(id)).filter((e) => e.event === 'reminder').length, 1);
      const inbox = await api.call('GET', '/api/v1/notifications', cw(0));
      const msg = inbox.body.items.find((n: { requestId: string }) => n.requestId === id);
      assert.equal(msg.template, 'request.reminder.claimant');
      assert.match(msg.text, /: 4 days left\.$/);
      const queue = await api.call('GET', '/api/v1/queue', cw(0));
      const q = queue.body.items.find((x: { id: string }) => x.id === id);
      assert.equal(q.overdue, false);
      assert.equal(q.daysLeft, 4);

      clock.advanceDays(4);
      await worker.runDue();
      await worker.runDue();
      assert.equal(await statusOf(id), 'escalated');
      assert.equal((await events(id)).filter((e) => e.event === 'escalated').length, 1);
      const esc = (await events(id)).find((e) => e.event === 'escalated')!;
      assert.equal(esc.org_id, w.charities[0]!.id);
      // The claimant has lost it: no case, no household.
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 403);
      assert.equal(await mayAccess(0, fam.householdId), false);
      assert.ok([403, 404].includes((await api.call('GET', `/api/v1/households/${fam.householdId}`, cw(0))).status), 'the household is out of reach');
      assert.ok(!(await api.call('GET', '/api/v1/queue', cw(0))).body.items.some((x: { id: string }) => x.id === id));
      const lostMsg = (await api.call('GET', '/api/v1/notifications', cw(0))).body.items.find((n: { template: string; requestId: string }) => n.requestId === id && n.template === 'request.escalated.lost');
      assert.ok(lostMsg, 'the charity is told');

      // The ministry sees it, with ranked suggestions that exclude the charity that let it lapse.
      const escalated = await api.call('GET', '/api/v1/oversight/escalated', ministry());
      const e = escalated.body.items.find((x: { id: string }) => x.id === id);
      assert.equal(e.fromOrg.id, w.charities[0]!.id);
      const ministryInbox = await api.call('GET', '/api/v1/notifications', ministry());
      assert.ok(ministryInbox.body.items.some((n: { template: string; requestId: string }) => n.requestId === id && n.template === 'request.escalated.ministry'));
      const sugg = await api.call('GET', `/api/v1/requests/${id}/suggestions`, ministry());
      assert.equal(sugg.status, 200);
      const ids = sugg.body.items.map((s: { orgId: string }) => s.orgId);
      assert.ok(!ids.includes(w.charities[0]!.id));
      assert.deepEqual(ids.sort(), [w.charities[1]!.id, w.charities[2]!.id].sort());
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reassign`, ministry(), { orgId: w.charities[0]!.id })).status, 400, 'not back to the charity that let it lapse');
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reassign`, cw(1), { orgId: w.charities[1]!.id })).status, 403, 'charities do not reassign');

      const re = await api.call('POST', `/api/v1/requests/${id}/reassign`, ministry(), { orgId: w.charities[1]!.id });
      assert.equal(re.status, 200, JSON.stringify(re.body));
      assert.equal(re.body.status, 'claimed');
      assert.equal(re.body.claimedByOrg, w.charities[1]!.id);
      assert.equal(new Date(re.body.deadlineAt).getTime(), clock.now().getTime() + 14 * DAY, 'a new deadline');
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(1))).status, 200);
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 403, 'the old charity still has no access');
      assert.equal(await mayAccess(0, fam.householdId), false);
      assert.equal(await mayAccess(1, fam.householdId), true);
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0))).status, 409);
      assert.deepEqual((await events(id)).map((x) => x.event), ['submitted', 'claimed', 'revealed', 'reminder', 'escalated', 'reassigned', 'revealed']);
      const audits = (await t.database.db.selectFrom('audit_log').select(['action', 'actor_role']).where('subject_id', '=', id).orderBy('seq').execute());
      assert.deepEqual(audits.map((a) => a.action), ['request.submit', 'request.claim', 'personal_data.read', 'request.escalate', 'request.reassign', 'personal_data.read']);
      assert.equal(audits.find((a) => a.action === 'request.escalate')!.actor_role, 'system');

      // The new round has its own reminder and deadline; the old round's jobs do nothing more.
      clock.advanceDays(10);
      await worker.runDue();
      const all = await reminders();
      assert.equal(all.length, 2);
      assert.equal(all[1]!.recipient_org, w.charities[1]!.id);
      clock.advanceDays(4);
      await worker.runDue();
      assert.equal(await statusOf(id), 'escalated', 'the second charity also let it lapse');
      assert.deepEqual((await api.call('GET', `/api/v1/requests/${id}/suggestions`, ministry())).body.items.map((s: { orgId: string }) => s.orgId), [w.charities[2]!.id]);
    });

    test('unclaimed at day 10: every suitable charity is reminded once; unclaimed at day 14: escalated', async () => {
      clock.set('2026-06-01T08:00:00Z');
      const fam = await familyWithApplicant();
      const id = (await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'student-fees', amount: '30', justification: 'School fees.' })).body.id as string;
      clock.advanceDays(10);
      await worker.runDue();
      await worker.runDue();
      const sent = await t.database.db.selectFrom('notifications').select(['recipient_org', 'template']).where('request_id', '=', id).execute();
      assert.deepEqual(sent.map((s) => s.recipient_org).sort(), w.charities.map((c) => c.id).sort());
      assert.ok(sent.every((s) => s.template === 'request.reminder.pool'));
      clock.advanceDays(4);
      await worker.runDue();
      assert.equal(await statusOf(id), 'escalated');
      const ev = (await events(id)).find((e) => e.event === 'escalated')!;
      assert.equal(ev.org_id, null, 'nobody held it');
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/suggestions`, ministry())).body.items.length, 3);
    });

    test('a charity that registered the household also loses access when it lets the request pass its deadline', async () => {
      const fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      const mine = await api.call('GET', `/api/v1/households/${fam.householdId}`, cw(0));
      assert.equal(mine.status, 200, 'it registered the household');
      const sub = await api.call('POST', '/api/v1/requests', cw(0), { householdId: fam.householdId, aidTypeCode: 'medical-aid', amount: '60', justification: 'Surgery.' });
      assert.equal(sub.status, 201);
      const id = sub.body.id as string;
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0));
      clock.advanceDays(14);
      await worker.runDue();
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 403);
      assert.equal(await householdsRepository.charityMaySee(t.database.db, w.charities[0]!.id, fam.householdId), false);
      assert.equal((await api.call('GET', `/api/v1/households/${fam.householdId}`, cw(0))).status, 403);
      // The database agrees, not only the service: with charity A's context, even a query with no
      // WHERE clause finds none of the household's rows.
      const a = w.charities[0]!.caseworker.actor;
      const seen = await inTx(t.database.db, a, async (trx) => ({
        households: (await trx.selectFrom('households').select('id').execute()).filter((h) => h.id === fam.householdId).length,
        persons: (await trx.selectFrom('persons').select('national_id').execute()).filter((p) => fam.members.some((m) => m.nationalId === p.national_id)).length,
        members: (await trx.selectFrom('household_members').select('household_id').execute()).filter((m) => m.household_id === fam.householdId).length,
      }));
      assert.deepEqual(seen, { households: 0, persons: 0, members: 0 });
      // The charity it is reassigned to sees it.
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reassign`, ministry(), { orgId: w.charities[1]!.id })).status, 200);
      assert.equal((await api.call('GET', `/api/v1/households/${fam.householdId}`, cw(1))).status, 200);
    });

    test('the deadline: the aid type\'s own days, else the deployment\'s; the reminder only when it falls before the deadline', async () => {
      const db = t.database.db;
      await db.updateTable('aid_types').set({ deadline_days: 7 }).where('code', '=', 'heater').execute();
      await db.updateTable('deployment').set({ request_deadline_days: 21 }).execute();
      try {
        const fam = await familyWithApplicant();
        const heater = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'heater', justification: 'Winter.' });
        assert.equal(new Date(heater.body.deadlineAt).getTime() - new Date(heater.body.submittedAt).getTime(), 7 * DAY);
        const keys = (await db.selectFrom('jobs').select('key').where('key', 'like', `%${heater.body.id}%`).execute()).map((j) => j.key);
        assert.deepEqual(keys, [`escalate:${heater.body.id}`], 'no day-10 reminder for a 7-day deadline');
        const food = await api.call('POST', '/api/v1/requests', fam.token, { aidTypeCode: 'food-basket', justification: 'Food.' });
        assert.equal(new Date(food.body.deadlineAt).getTime() - new Date(food.body.submittedAt).getTime(), 21 * DAY);
      } finally {
        await db.updateTable('aid_types').set({ deadline_days: null }).where('code', '=', 'heater').execute();
        await db.updateTable('deployment').set({ request_deadline_days: 14 }).execute();
      }
    });

    test('the OpenAPI document describes every route of the route table, each with a summary', async () => {
      const doc = (await api.call('GET', '/api/openapi.json')).body;
      // generated from the route table (app.mizan.routes), as the authorisation matrix is: a new route cannot be forgotten here
      const routes = api.app.mizan.routes.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/'));
      const missing = routes
        .map((r) => ({ key: `${r.method} ${r.url}`, op: doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] }))
        .filter(({ op }) => !op?.summary)
        .map(({ key }) => key);
      assert.deepEqual(missing, [], `routes without a documented operation and summary: ${missing.join(', ')}`);
      assert.ok(routes.length >= 60, `only ${routes.length} routes in the route table`);
      assert.ok(routes.filter((r) => r.url.startsWith('/api/v1/requests')).length >= 10, 'the requests routes are in the route table');
      const pool = doc.paths['/api/v1/pool'].get.responses['200'].content['application/json'].schema;
      const item = pool.properties.items.items;
      assert.equal(item.additionalProperties, false);
      assert.deepEqual(Object.keys(item.properties).sort(), ['aidType', 'basket', 'deadlineAt', 'householdSize', 'id', 'nationality', 'offeredUntil', 'priority', 'region', 'submittedAt']);
    });
  });
}

for (const engine of engines()) {
  describe(`requests: automatic reassignment and oversight (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    const cw = (i: number) => w.charities[i]!.caseworker.token;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      api = await makeApi(t, clock);
      worker = new JobWorker(t.database.db, { clock, handlers: requestJobHandlers(t.dep) });
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const submit = async (aidTypeCode: string, amount?: string) => {
      const fam = await registerFamily(t.database.db, t.dep, w, w.ministryAdmin.actor);
      const res = await api.call('POST', '/api/v1/requests', w.ministryAdmin.token, { householdId: fam.householdId, aidTypeCode, justification: 'Assessed need.', ...(amount ? { amount } : {}) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };

    test('automatic reassignment goes to the suitable charity with the least overdue work, not the first by name', async () => {
      // Charity A lets a request lapse (manual mode), and the ministry gives it to charity C, which decides it.
      const a = await submit('food-basket');
      await api.call('POST', `/api/v1/requests/${a}/claim`, cw(0));
      clock.advanceDays(14);
      await worker.runDue();
      assert.equal((await api.call('GET', `/api/v1/requests/${a}/suggestions`, w.supervisor.token)).body.items[0].orgId, w.charities[1]!.id, 'B ranks first: A lost a request');
      assert.equal((await api.call('POST', `/api/v1/requests/${a}/reassign`, w.supervisor.token, { orgId: w.charities[2]!.id })).status, 200);
      assert.equal((await api.call('POST', `/api/v1/requests/${a}/approve`, cw(2), {})).status, 201);

      await t.database.db.updateTable('deployment').set({ settings: JSON.stringify({ auto_reassign: true, reminder_days: [7, 12] }) }).execute();
      const b = await submit('living-allowance', '90');
      const keys = (await t.database.db.selectFrom('jobs').select('key').where('key', 'like', `%${b}%`).orderBy('run_at').execute()).map((j) => j.key);
      assert.deepEqual(keys, [`reminder:${b}:7`, `reminder:${b}:12`, `escalate:${b}`], 'reminder days from the deployment settings');
      await api.call('POST', `/api/v1/requests/${b}/claim`, cw(2));
      clock.advanceDays(14);
      await worker.runDue();
      const r = await t.database.db.selectFrom('aid_requests').selectAll().where('id', '=', b).executeTakeFirstOrThrow();
      assert.equal(r.status, 'claimed');
      assert.equal(r.claimed_by_org, w.charities[1]!.id, 'B: A has an overdue record, C let this one lapse');
      assert.equal(r.assignment_round, 1);
      const ev = await t.database.db.selectFrom('request_events').select(['event', 'details']).where('request_id', '=', b).orderBy('id').execute();
      assert.deepEqual(ev.map((e) => e.event), ['submitted', 'claimed', 'reminder', 'reminder', 'escalated', 'reassigned']);
      assert.deepEqual(ev.at(-1)!.details, { mode: 'automatic', from: w.charities[2]!.id, round: 1 });
      const inbox = await api.call('GET', '/api/v1/notifications', cw(1));
      assert.ok(inbox.body.items.some((n: { template: string; requestId: string }) => n.template === 'request.reassigned.assignee' && n.requestId === b));
    });

    test('the ministry and the holding charity\'s field visitor read the case, audited; the queue lists what the charity holds', async () => {
      const id = await submit('washing-machine');
      await api.call('POST', `/api/v1/requests/${id}/claim`, cw(1));
      const visitor = await api.call('GET', `/api/v1/requests/${id}/case?purpose=home-visit`, w.charities[1]!.visitor.token);
      assert.equal(visitor.status, 200);
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, w.charities[0]!.visitor.token)).status, 403);
      const ministry = await api.call('GET', `/api/v1/requests/${id}/case?purpose=oversight-review`, w.supervisor.token);
      assert.equal(ministry.status, 200);
      assert.ok(ministry.body.timeline.some((e: { event: string; orgId?: string }) => e.event === 'claimed' && e.orgId === w.charities[1]!.id), 'the ministry sees which charity');
      assert.ok(visitor.body.timeline.every((e: { orgId?: string }) => e.orgId === undefined), 'charities are not shown organisation IDs');
      const reads = await t.database.db.selectFrom('audit_log').select(['actor_org', 'actor_role', 'reason']).where('subject_id', '=', id).where('action', '=', 'personal_data.read').orderBy('seq').execute();
      assert.deepEqual(reads.map((r) => [r.actor_role, r.reason]), [['field_visitor', 'home-visit'], ['ministry_supervisor', 'oversight-review']]);
      const queue = await api.call('GET', '/api/v1/queue', cw(1));
      const item = queue.body.items.find((x: { id: string }) => x.id === id);
      assert.equal(item.status, 'claimed');
      assert.equal(item.overdue, false);
      assert.equal(item.daysLeft, 14);
      assert.equal((await api.call('GET', '/api/v1/queue', w.supervisor.token)).status, 403);
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/release`, cw(1), { reason: 'Back to the pool for the next test.' })).status, 200);
    });

    test('oversight: pending, claimed, overdue, escalated, median hours to act, share within the deadline', async () => {
      // A: lost the food basket, rejects the medical aid one day after taking it. B: holds the living allowance (new
      // deadline in 14 days). C: approved the food basket at once and lost the living allowance.
      // In every pool: the released washing machine and the student fees.
      const open = await submit('student-fees', '25');
      const c = await submit('medical-aid', '40');
      await api.call('POST', `/api/v1/requests/${c}/claim`, cw(0));
      clock.advanceDays(1);
      assert.equal((await api.call('POST', `/api/v1/requests/${c}/reject`, cw(0), { reason: 'Covered by public health insurance.' })).status, 200);
      const res = await api.call('GET', '/api/v1/oversight/charities', w.supervisor.token);
      assert.equal(res.status, 200);
      const row = (i: number) => res.body.items.find((x: { orgId: string }) => x.orgId === w.charities[i]!.id);
      assert.deepEqual(row(0), { orgId: w.charities[0]!.id, name: 'Charity A', pending: 2, claimed: 0, overdue: 0, escalated: 1, decided: 1, medianHoursToAct: 24, shareWithinDeadline: 0.5 });
      assert.deepEqual(row(1), { orgId: w.charities[1]!.id, name: 'Charity B', pending: 2, claimed: 1, overdue: 0, escalated: 0, decided: 0, medianHoursToAct: null, shareWithinDeadline: null });
      assert.deepEqual(row(2), { orgId: w.charities[2]!.id, name: 'Charity C', pending: 2, claimed: 0, overdue: 0, escalated: 1, decided: 1, medianHoursToAct: 0, shareWithinDeadline: 0.5 });
      // Past B's deadline, before the worker has run, it is overdue.
      clock.advanceDays(14);
      const late = await api.call('GET', '/api/v1/oversight/charities', w.supervisor.token);
      assert.equal(late.body.items.find((x: { orgId: string }) => x.orgId === w.charities[1]!.id).overdue, 1);
      assert.equal((await api.call('GET', '/api/v1/queue', cw(1))).body.items[0].overdue, true);
      void open;
      assert.equal((await api.call('GET', '/api/v1/oversight/charities', cw(0))).status, 403);
    });
  });
}
