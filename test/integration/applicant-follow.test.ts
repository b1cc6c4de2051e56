/**
 * The applicant follows their request, on every engine: the request's detail and timeline in the
 * applicant's words (the charity named, never a staff member, no other household's request), a
 * message for each claim, decision, escalation and reassignment that links to the request, and
 * "who viewed my data" with purpose codes, newest first, one entry per viewing session.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { audit } from '../../src/modules/audit/audit.service.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';
import { VIEWING_SESSION_MS } from '../../src/modules/kardex/access-log.js';

const MINUTE = 60_000;
type Step = { at: string; step: string; organisation: string | null; reason: string | null };
type Notice = { template: string; requestId: string | null; params: Record<string, unknown>; text: string; to: string };
type Entry = { at: string; firstAt: string; views: number; action: string; organisation: { name: string } | null; reason: string | null; purpose: string | null };

for (const engine of engines()) {
  describe(`the applicant follows their request (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-05-03T08:00:00Z'));
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

    async function familyWithApplicant(locale: 'ar' | 'fa' | 'en'): Promise<Family & { token: string }> {
      const fam = await registerFamily(t.database.db, t.dep, w, w.ministryAdmin.actor);
      const { token } = await applicantAccount(t.database.db, w, fam.members[0]!, locale);
      return { ...fam, token };
    }
    const submit = async (token: string, aidTypeCode: string) => {
      const r = await api.call('POST', '/api/v1/requests', token, { aidTypeCode, justification: 'We need this to get by.' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const inbox = async (token: string, requestId: string): Promise<Notice[]> =>
      ((await api.call('GET', '/api/v1/notifications', token)).body.items as Notice[]).filter((n) => n.requestId === requestId);
    const staffNames = async () => (await t.database.db.selectFrom('users').select(['id', 'display_name']).where('role', '!=', 'applicant').execute()).flatMap((u) => [u.id, ...(u.display_name ? [u.display_name] : [])]);

    test('claimed → studied → rejected: the applicant reads each step by charity, the reason, that a new request may be sent, and a message for the claim and the decision', async () => {
      const fam = await familyWithApplicant('ar');
      const id = await submit(fam.token, 'refrigerator');
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0))).status, 200);
      clock.advanceMs(MINUTE);
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 200);
      assert.equal((await api.call('PUT', `/api/v1/requests/${id}/assessment`, cw(0), { notes: 'Visited the family.', documents: [] })).status, 200);
      assert.equal((await api.call('PUT', `/api/v1/requests/${id}/assessment`, cw(0), { notes: 'Visited the family twice.', documents: ['visit.pdf'] })).status, 200);
      const reason = 'The income certificate is missing; please attach it.';
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/reject`, cw(0), { reason })).status, 200);

      const d = await api.call('GET', `/api/v1/requests/mine/${id}`, fam.token);
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(d.body.request.id, id);
      assert.equal(d.body.request.status, 'rejected');
      assert.equal(d.body.request.decisionReason, reason);
      const steps = d.body.timeline as Step[];
      assert.deepEqual(steps.map((s) => s.step), ['submitted', 'claimed', 'studied', 'rejected'], 'the case read is not a step; two assessments are one');
      const charity = w.charities[0]!.name;
      assert.deepEqual(steps.map((s) => s.organisation), [null, charity, charity, charity]);
      assert.equal(steps[3]!.reason, reason);
      assert.deepEqual(steps.slice(0, 3).map((s) => s.reason), [null, null, null]);
      assert.equal(d.body.mayRequestAgain, true);
      const text = JSON.stringify(d.body);
      for (const s of await staffNames()) assert.ok(!text.includes(s), 'no staff member is named or identified');

      const notes = await inbox(fam.token, id);
      assert.deepEqual(notes.map((n) => n.template), ['request.rejected.applicant', 'request.claimed.applicant']);
      assert.match(notes[0]!.text, /لم تتم الموافقة/);
      for (const n of notes) assert.deepEqual(Object.keys(n.params), ['aidType'], 'codes only in the stored params');

      // An open request of the same group means a new one cannot be sent yet.
      const again = await submit(fam.token, 'fridge-freezer');
      assert.equal((await api.call('GET', `/api/v1/requests/mine/${id}`, fam.token)).body.mayRequestAgain, false);
      assert.deepEqual(((await api.call('GET', `/api/v1/requests/mine/${again}`, fam.token)).body.timeline as Step[]).map((s) => s.step), ['submitted']);
    });

    test("another household's request is not found, and staff have no applicant's detail", async () => {
      const fam = await familyWithApplicant('en');
      const other = await familyWithApplicant('en');
      const id = await submit(fam.token, 'washing-machine');
      const stranger = await api.call('GET', `/api/v1/requests/mine/${id}`, other.token);
      assert.equal(stranger.status, 404);
      assert.equal(stranger.body.type, '/problems/not-found');
      assert.equal((await api.call('GET', `/api/v1/requests/mine/${id}`, cw(0))).status, 403);
    });

    test('escalated → reassigned → approved: a message for each, the new charity named, the lapsed one not', async () => {
      clock.set('2026-06-01T08:00:00Z');
      const fam = await familyWithApplicant('fa');
      const id = await submit(fam.token, 'vocational-training');
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0))).status, 200);
      clock.advanceDays(15);
      await worker.runDue();
      await worker.runDue();
      const esc = await inbox(fam.token, id);
      assert.equal(esc[0]!.template, 'request.escalated.applicant');
      assert.match(esc[0]!.text, /وزارتخانه/);
      clock.advanceMs(MINUTE);
      const re = await api.call('POST', `/api/v1/requests/${id}/reassign`, w.supervisor.token, { orgId: w.charities[1]!.id });
      assert.equal(re.status, 200, JSON.stringify(re.body));
      const after = await inbox(fam.token, id);
      assert.equal(after[0]!.template, 'request.reassigned.applicant');
      assert.ok(!after[0]!.text.includes(w.charities[1]!.name), 'the message names no charity');
      clock.advanceMs(MINUTE);
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/approve`, cw(1), {})).status, 201);

      const d = await api.call('GET', `/api/v1/requests/mine/${id}`, fam.token);
      const steps = d.body.timeline as Step[];
      assert.deepEqual(steps.map((s) => s.step), ['submitted', 'claimed', 'escalated', 'reassigned', 'approved']);
      assert.deepEqual(steps.map((s) => s.organisation), [null, w.charities[0]!.name, null, w.charities[1]!.name, w.charities[1]!.name]);
      assert.deepEqual((await inbox(fam.token, id)).map((n) => n.template), ['request.approved.applicant', 'request.reassigned.applicant', 'request.escalated.applicant', 'request.claimed.applicant']);
    });

    test('who viewed my data: purpose codes, newest first, one entry for reloads in one session, older free text as written', async () => {
      clock.set('2026-07-01T08:00:00Z');
      const fam = await familyWithApplicant('ar');
      const id = await submit(fam.token, 'medical-aid');
      assert.equal((await api.call('POST', `/api/v1/requests/${id}/claim`, cw(0))).status, 200);
      // Four reloads of the case within minutes of each other: one viewing session.
      for (let i = 0; i < 4; i++) {
        assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 200);
        clock.advanceMs(5 * MINUTE);
      }
      // A visit for another purpose, then the case again after a long pause: two more entries.
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case?purpose=home-visit`, cw(0))).status, 200);
      clock.advanceMs(VIEWING_SESSION_MS + MINUTE);
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case`, cw(0))).status, 200);
      clock.advanceMs(MINUTE);
      // An entry written before purposes were codes.
      await inTx(t.database.db, w.supervisor.actor, (trx) => audit(trx, w.supervisor.actor, { action: 'personal_data.read', subjectType: 'household', subjectId: fam.householdId, householdId: fam.householdId, reason: 'annual review', at: clock.now() }));
      assert.equal((await api.call('GET', `/api/v1/requests/${id}/case?purpose=just%20looking`, cw(0))).status, 400, 'a purpose outside the list is refused');

      const reads = await t.database.db.selectFrom('audit_log').select('reason').where('action', '=', 'personal_data.read').where('household_id', '=', fam.householdId).execute();
      assert.equal(reads.length, 7, 'the audit trail keeps every read');
      assert.deepEqual([...new Set(reads.map((r) => r.reason))].sort(), ['annual review', 'case-study', 'home-visit']);

      const log = await api.call('GET', '/api/v1/me/access-log', fam.token);
      assert.equal(log.status, 200, JSON.stringify(log.body));
      const items = log.body.items as Entry[];
      const viewsOfData = items.filter((e) => e.action === 'personal_data.read');
      assert.deepEqual(viewsOfData.map((e) => [e.purpose, e.reason, e.views]), [
        [null, 'annual review', 1],
        ['case-study', null, 1],
        ['home-visit', null, 1],
        ['case-study', null, 4],
      ]);
      const session = viewsOfData[3]!;
      assert.equal(new Date(session.at).getTime() - new Date(session.firstAt).getTime(), 15 * MINUTE, 'the session runs from the first reload to the last');
      assert.equal(session.organisation?.name, w.charities[0]!.name);
      const times = items.map((e) => new Date(e.at).getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      assert.ok(items.some((e) => e.action === 'request.claim' && e.views === 1), 'other actions are listed one by one');
    });
  });
}
