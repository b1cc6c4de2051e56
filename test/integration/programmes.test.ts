/**
 * Programmes end to end over HTTP, on both engines: the ministry defines a monthly cash programme,
 * its criteria as data (a refused rule names where it is wrong), publishes them and opens the
 * programme in one region; an applicant elsewhere is refused with region-not-open; an applicant
 * in the region is decided at once, the decision keeping the rule's version and its reasons in
 * Arabic, Persian and English; a refused applicant appeals, and whoever decided the case cannot
 * decide the appeal (the service says so, and the database refuses it written straight); the
 * monthly cycle is computed, approved by someone else, paid through the grant path, and a second
 * run gives no second grant; a zakat programme pays only a household in the zakat categories,
 * even when a grant is written straight into the table; the what-if counts gains and losses with
 * small counts suppressed; a training programme's enrolment ends "employed" and shows in the kardex.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, declaredFacts, makeWorld, registeredSince, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { monthlyCyclesJob, programmesJobHandlers } from '../../src/modules/programmes/benefit-cycle.js';
import { askRefresh, refreshJobHandlers } from '../../src/modules/programmes/refresh-facts.js';
import { systemClock } from '../../src/kernel/clock.js';
import { inTx, setActor } from '../../src/kernel/transaction.js';

const LIMIT = { '<=': [{ var: 'incomePerMemberMinor' }, 35_000] };

for (const engine of engines()) {
  describe(`programmes (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let open: string;
    let closed: string;
    let poor: Family;
    let richer: Family;
    let far: Family;
    let poorToken: string;
    let richerToken: string;
    let farToken: string;
    /** Five more households like `poor`, so that the figures of monitoring are not suppressed. */
    const neighbours: string[] = [];
    let programmeId: string;
    const minister = () => w.ministryAdmin.token;
    const count = async (q: string) => Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(t.database.db)).rows[0]!.n);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 1 });
      api = await makeApi(t);
      const level1 = [...t.dep.regions.values()].filter((r) => r.level === 1);
      open = level1[0]!.code;
      closed = level1[1]!.code;
      const cw = w.charities[0]!.caseworker.actor;
      poor = await registerFamily(t.database.db, t.dep, w, cw, open);
      richer = await registerFamily(t.database.db, t.dep, w, cw, open);
      far = await registerFamily(t.database.db, t.dep, w, cw, closed);
      // Registered last month: this month's benefit is dated the first of the month.
      const lastMonth = new Date(Date.now() - 40 * 86_400_000).toISOString();
      for (const f of [poor, richer, far]) await registeredSince(t.database.db, f.householdId, lastMonth);
      // Three members each: 90 KWD a month is 30 per member (under 35); 300 is 100 per member.
      await declaredFacts(t.database.db, w, poor.householdId, { monthlyIncomeMinor: 90_000, members: 3 });
      await declaredFacts(t.database.db, w, richer.householdId, { monthlyIncomeMinor: 300_000, members: 3 });
      await declaredFacts(t.database.db, w, far.householdId, { monthlyIncomeMinor: 60_000, members: 3 });
      poorToken = (await applicantAccount(t.database.db, w, { nationalId: poor.members[0]!.nationalId }, 'ar')).token;
      richerToken = (await applicantAccount(t.database.db, w, { nationalId: richer.members[0]!.nationalId }, 'fa')).token;
      farToken = (await applicantAccount(t.database.db, w, { nationalId: far.members[0]!.nationalId }, 'en')).token;
      for (let i = 0; i < 5; i++) {
        const f = await registerFamily(t.database.db, t.dep, w, cw, open);
        await registeredSince(t.database.db, f.householdId, lastMonth);
        await declaredFacts(t.database.db, w, f.householdId, { monthlyIncomeMinor: 60_000 + i * 3_000, members: 3 });
        neighbours.push((await applicantAccount(t.database.db, w, { nationalId: f.members[0]!.nationalId }, 'en')).token);
      }
      // The facts snapshot the what-if (and the projection a publish records) reads.
      await inTx(t.database.db, w.ministryAdmin.actor, (trx) => sql`select programmes_refresh_facts(null)`.execute(trx));
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('the ministry defines a programme; a rule with an unknown fact is refused where it is wrong; the draft is published and the programme opened in one region', async () => {
      const created = await api.call('POST', '/api/v1/programmes', minister(), {
        code: 'monthly-cash', kind: 'cash', aidTypeCode: 'monthly-benefit', funding: 'general',
        names: { en: 'Monthly cash assistance', ar: 'المساعدة النقدية الشهرية', fa: 'کمک نقدی ماهانه' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      programmeId = created.body.id;
      assert.equal(created.body.status, 'draft');

      const early = await api.call('POST', `/api/v1/programmes/${programmeId}/status`, minister(), { status: 'active' });
      assert.equal(early.status, 409, 'no criteria in force yet');

      const bad = await api.call('PUT', `/api/v1/programmes/${programmeId}/criteria`, minister(), { rule: { and: [LIMIT, { '<': [{ var: 'salary' }, 3] }] }, benefit: { baseMinor: 50_000, perMemberMinor: 10_000 } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.type, '/problems/invalid-rule');
      assert.match(bad.body.path, /^\/and\/1/);

      const charityTry = await api.call('PUT', `/api/v1/programmes/${programmeId}/criteria`, w.charities[0]!.admin.token, { rule: LIMIT, benefit: { baseMinor: 1, perMemberMinor: 1 } });
      assert.equal(charityTry.status, 403, "a charity does not edit the ministry's programme");

      const saved = await api.call('PUT', `/api/v1/programmes/${programmeId}/criteria`, minister(), { rule: LIMIT, benefit: { baseMinor: 50_000, perMemberMinor: 10_000, capMinor: 120_000 } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.draft.version, 1);
      assert.equal(saved.body.current, null);
      const published = await api.call('POST', `/api/v1/programmes/${programmeId}/criteria/publish`, minister());
      assert.equal(published.body.current.version, 1);
      assert.equal(published.body.draft, null);

      assert.equal((await api.call('PUT', `/api/v1/programmes/${programmeId}/regions/${open}`, minister(), { phase: 1, capacityHouseholds: 100, budget: '5000.000' })).status, 200);
      assert.equal((await api.call('PUT', `/api/v1/programmes/${programmeId}/regions/${closed}`, minister(), { phase: 2 })).status, 200);
      const opened = await api.call('POST', `/api/v1/programmes/${programmeId}/phases/open`, minister(), { phase: 1 });
      assert.deepEqual(opened.body.regions.map((r: { regionCode: string; openedAt: string | null }) => [r.regionCode, r.openedAt !== null]), [[open, true], [closed, false]]);
      assert.equal((await api.call('POST', `/api/v1/programmes/${programmeId}/status`, minister(), { status: 'active' })).body.status, 'active');

      // A published version is never rewritten, even straight in the database.
      await assert.rejects(
        inTx(t.database.db, w.ministryAdmin.actor, (trx) => sql`update programme_versions set rule = 'true'::jsonb where programme_id = ${programmeId}::uuid and version = 1`.execute(trx)),
        /programme_versions_frozen|cannot change/,
      );
    });

    test('an applicant whose region is not open yet is refused with region-not-open, and sees the programme as not open', async () => {
      const r = await api.call('POST', `/api/v1/programmes/${programmeId}/applications`, farToken);
      assert.equal(r.status, 409);
      assert.equal(r.body.type, '/problems/region-not-open');
      assert.equal(r.body.regionCode, closed);
      const mine = await api.call('GET', '/api/v1/me/programmes', farToken);
      assert.equal(mine.body.programmes[0].open, false);
      assert.equal(mine.body.programmes[0].mayQualify, null);
      assert.equal(await count(`select count(*) as n from programme_applications where household_id = '${far.householdId}'`), 0);
    });

    test('an applicant in the region is decided at once: the decision keeps the version and the reasons in ar, fa and en', async () => {
      const check = await api.call('GET', '/api/v1/me/programmes', poorToken);
      assert.equal(check.body.programmes[0].mayQualify, true);

      const r = await api.call('POST', `/api/v1/programmes/${programmeId}/applications`, poorToken);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.status, 'eligible');
      assert.equal(r.body.enrolled, true);
      assert.equal(r.body.decision.version, 1);
      assert.equal(r.body.decision.byRule, true);
      // The applicant reads Arabic.
      assert.match(r.body.decision.reasons[0].text, /دخل الفرد 30\.000 KWD ضمن الحد البالغ 35\.000 KWD/);

      const stored = (await sql<{ version: number; reasons: { texts: Record<string, string> }[] }>`
        select version, reasons from eligibility_decisions where household_id = ${poor.householdId}::uuid`.execute(t.database.db)).rows;
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.version, 1);
      assert.equal(stored[0]!.reasons[0]!.texts.en, 'income per member 30.000 KWD is within the limit of 35.000 KWD');
      assert.match(stored[0]!.reasons[0]!.texts.fa!, /درآمد سرانه 30\.000 KWD در حد مجاز 35\.000 KWD است/);

      const again = await api.call('POST', `/api/v1/programmes/${programmeId}/applications`, poorToken);
      assert.equal(again.status, 409, 'one open application per household and programme');
      for (const token of neighbours) assert.equal((await api.call('POST', `/api/v1/programmes/${programmeId}/applications`, token)).body.enrolled, true);
    });

    let refusedId: string;
    test('a refusal, reviewed by hand, is appealed; whoever decided the case cannot decide the appeal; another reviewer overturns it', async () => {
      const r = await api.call('POST', `/api/v1/programmes/${programmeId}/applications`, richerToken);
      assert.equal(r.body.status, 'refused');
      assert.equal(r.body.enrolled, false);
      assert.match(r.body.decision.reasons[0].text, /درآمد سرانه 100\.000 KWD از حد مجاز 35\.000 KWD بیشتر است/);
      refusedId = r.body.id;

      // The supervisor confirms the refusal by hand: the case is now theirs.
      const reviewed = await api.call('POST', `/api/v1/applications/${refusedId}/review`, w.supervisor.token, { eligible: false, note: 'Income confirmed with the employer.' });
      assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
      assert.equal(reviewed.body.decision.byRule, false);

      const appeal = await api.call('POST', `/api/v1/applications/${refusedId}/appeal`, richerToken, { reason: 'My husband lost his job last month.', documents: [{ name: 'termination-letter.pdf' }] });
      assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
      assert.equal(appeal.body.status, 'appealed');
      const appealId = appeal.body.appeal.id;
      assert.equal(appeal.body.appeal.overdue, false);

      // A document attached: a PDF is taken (the same file twice is kept once); a file that is no PDF, JPEG or PNG is not.
      const upload = (token: string, name: string, content: Buffer) => {
        const boundary = 'mizan-test-boundary';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
          content, Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return api.app.inject({ method: 'POST', url: `/api/v1/appeals/${appealId}/documents`, headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      };
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const up = await upload(richerToken, 'termination-letter.pdf', pdf);
      assert.equal(up.statusCode, 201, up.body);
      assert.equal(up.json().contentType, 'application/pdf');
      assert.equal((await upload(richerToken, 'again.pdf', pdf)).json().id, up.json().id, 'the same file once');
      const exe = await upload(richerToken, 'letter.pdf', Buffer.from('MZ\x90\x00 not a document'));
      assert.equal(exe.statusCode, 400);
      assert.equal((await upload(poorToken, 'x.pdf', pdf)).statusCode, 404, "another applicant's appeal");
      const listed = await api.call('GET', '/api/v1/appeals?status=open', minister());
      assert.deepEqual(listed.body[0].appeal.files.map((f: { name: string }) => f.name), ['termination-letter.pdf']);
      const reads = await count(`select count(*) as n from audit_log where action = 'personal_data.read' and details->>'documentId' = '${up.json().id}'`);
      const got = await api.app.inject({ method: 'GET', url: `/api/v1/appeals/${appealId}/documents/${up.json().id}`, headers: { authorization: `Bearer ${minister()}` } });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers['content-type'], 'application/pdf');
      assert.deepEqual(got.rawPayload, pdf);
      assert.equal(await count(`select count(*) as n from audit_log where action = 'personal_data.read' and details->>'documentId' = '${up.json().id}'`), reads + 1, 'a staff read is audited');

      const same = await api.call('POST', `/api/v1/appeals/${appealId}/decision`, w.supervisor.token, { outcome: 'upheld', note: 'Still above the limit.' });
      assert.equal(same.status, 409);
      assert.equal(same.body.type, '/problems/same-reviewer');

      // Written straight into the table as the application role, the database refuses it too.
      await assert.rejects(
        inTx(t.database.db, w.supervisor.actor, (trx) => sql`update programme_appeals set status = 'upheld', decided_by = ${w.supervisor.actor.userId}::uuid, decided_at = now() where id = ${appealId}::uuid`.execute(trx)),
        /programme_appeals_other_reviewer|decided by the person who decided/,
      );

      const other = await api.call('POST', `/api/v1/appeals/${appealId}/decision`, minister(), { outcome: 'overturned', note: 'The job loss is documented.' });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      assert.equal(other.body.status, 'overturned');
      assert.equal(other.body.enrolled, true);
      assert.equal(other.body.appeal.status, 'overturned');
      assert.equal((await api.call('POST', `/api/v1/appeals/${appealId}/decision`, minister(), { outcome: 'upheld', note: 'Changed my mind.' })).status, 409);
    });

    test('the monthly cycle: computed, approved by someone else, paid through the grant path; run again it pays nobody twice', async () => {
      const month = new Date().toISOString().slice(0, 7);
      const preview = await api.call('POST', `/api/v1/programmes/${programmeId}/cycles`, minister(), { period: month });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.status, 'preview');
      assert.equal(preview.body.households, 7);
      // 50 + 3 × 10 = 80 KWD for each of seven households of three.
      assert.equal(preview.body.total, '560.000');

      const self = await api.call('POST', `/api/v1/cycles/${preview.body.id}/approve`, minister());
      assert.equal(self.status, 409);
      assert.equal(self.body.type, '/problems/four-eyes');
      // Over the region's budget per period: not approved until the budget or the formula changes.
      await api.call('PUT', `/api/v1/programmes/${programmeId}/regions/${open}`, minister(), { phase: 1, capacityHouseholds: 100, budget: '100.000' });
      const over = await api.call('POST', `/api/v1/cycles/${preview.body.id}/approve`, w.supervisor.token);
      assert.equal(over.status, 409);
      assert.equal(over.body.type, '/problems/over-budget');
      assert.deepEqual(over.body.regions, [open]);
      const seen = await api.call('GET', `/api/v1/cycles/${preview.body.id}`, minister());
      assert.deepEqual(seen.body.regions, [{ regionCode: open, households: 7, total: '560.000', budget: '100.000', overBudget: true }]);
      await api.call('PUT', `/api/v1/programmes/${programmeId}/regions/${open}`, minister(), { phase: 1, capacityHouseholds: 100, budget: '5000.000' });
      const recomputed = await api.call('POST', `/api/v1/programmes/${programmeId}/cycles`, minister(), { period: month });
      assert.equal(recomputed.body.id, preview.body.id, 'a preview is computed again, in place');
      assert.equal(recomputed.body.total, '560.000');
      const approved = await api.call('POST', `/api/v1/cycles/${preview.body.id}/approve`, w.supervisor.token);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));

      const worker = new JobWorker(t.database.db, { clock: systemClock, handlers: programmesJobHandlers(t.dep) });
      await worker.runDue();
      const paid = await api.call('GET', `/api/v1/cycles/${preview.body.id}`, minister());
      assert.equal(paid.body.status, 'paid');
      assert.deepEqual(paid.body.outcomes, [{ outcome: 'granted', households: 7, total: '560.000' }]);
      assert.equal(await count(`select count(*) as n from grants where programme_id = '${programmeId}' and amount_minor = 80000 and aid_type_code = 'monthly-benefit'`), 7);

      // The same period again: the same cycle; the job again: nothing more.
      const again = await api.call('POST', `/api/v1/programmes/${programmeId}/cycles`, minister(), { period: month });
      assert.equal(again.body.id, preview.body.id);
      await sql`update benefit_cycles set status = 'approved' where id = ${preview.body.id}::uuid`.execute(t.database.db);
      await sql`update jobs set status = 'pending', run_at = now() where kind = 'programmes.pay-cycle'`.execute(t.database.db);
      await worker.runDue();
      assert.equal(await count(`select count(*) as n from grants where programme_id = '${programmeId}'`), 7);
      assert.equal(await count(`select count(*) as n from audit_log where action = 'grant.create' and details->>'programmeId' = '${programmeId}'`), 7);
    });

    test('monitoring: this month, the version in force, what it projected against enrolled and paid, per region; small counts suppressed', async () => {
      const m = await api.call('GET', `/api/v1/programmes/${programmeId}/monitoring`, minister());
      assert.equal(m.status, 200, JSON.stringify(m.body));
      const month = m.body.months.at(-1);
      assert.equal(month.month, new Date().toISOString().slice(0, 7));
      assert.equal(month.version, 1);
      // Published with the limit of 35 per member: poor, far and the five neighbours were projected.
      assert.equal(month.projected.households, 7);
      assert.equal(month.enrolled, 7);
      assert.equal(month.entered, 7);
      assert.equal(month.left, 0);
      assert.deepEqual(month.paid, { households: 7, amount: '560.000' });
      assert.deepEqual(month.appeals, { lodged: null, upheld: 0, overturned: null }, 'one appeal, overturned: suppressed');
      const here = month.regions.find((r: { regionCode: string }) => r.regionCode === open);
      assert.equal(here.enrolled, 7);
      const there = month.regions.find((r: { regionCode: string }) => r.regionCode === closed);
      assert.equal(there.projected.households, null, 'one household projected there: suppressed');
      assert.equal(there.projected.budget, null);
    });

    test('zakat goes only to households in the zakat categories: grant_aid refuses, and so does the table written straight', async () => {
      const zakat = await api.call('PUT', '/api/v1/zakat/categories', minister(), { rule: { '<': [{ var: 'incomePerMemberMinor' }, 50_000] }, note: 'The poor and the needy' });
      assert.equal(zakat.status, 200, JSON.stringify(zakat.body));
      const p = await api.call('POST', '/api/v1/programmes', minister(), {
        code: 'zakat-relief', kind: 'cash', aidTypeCode: 'living-allowance', funding: 'zakat', names: { en: 'Zakat relief', ar: 'إغاثة الزكاة', fa: 'کمک زکات' },
      });
      const zid = p.body.id;
      await api.call('PUT', `/api/v1/programmes/${zid}/criteria`, minister(), { rule: true, benefit: { baseMinor: 40_000, perMemberMinor: 0 } });
      await api.call('POST', `/api/v1/programmes/${zid}/criteria/publish`, minister());
      await api.call('POST', `/api/v1/programmes/${zid}/status`, minister(), { status: 'active' });

      const standing = await api.call('GET', `/api/v1/households/${richer.householdId}/zakat`, minister());
      assert.equal(standing.body.entitled, false);
      assert.match(standing.body.reasons[0].text, /income per member 100\.000 KWD is not below the limit of 50\.000 KWD/);
      assert.equal((await api.call('GET', `/api/v1/households/${poor.householdId}/zakat`, minister())).body.entitled, true);

      const ministry = w.ministryAdmin.actor;
      const item = (householdId: string) => ({ userId: ministry.userId, orgId: ministry.orgId, role: ministry.role, aidTypeCode: 'living-allowance', householdId, amountMinor: 40_000, currency: 'KWD', programmeId: zid, at: new Date().toISOString() });
      const outcomes = await inTx(t.database.db, ministry, (trx) => sql<{ r_outcome: string }>`select r_outcome from grant_aid(${JSON.stringify([item(richer.householdId), item(poor.householdId)])}::jsonb)`.execute(trx));
      assert.deepEqual(outcomes.rows.map((r) => r.r_outcome), ['zakat-not-entitled', 'granted']);

      // Straight into grants as the application role, with the ministry's context: refused.
      const straight = (householdId: string) =>
        inTx(t.database.db, ministry, async (trx) => {
          await setActor(trx, ministry);
          await sql`insert into grants (household_id, org_id, aid_type_code, form, amount_minor, currency, granted_on, created_by, programme_id)
                    values (${householdId}::uuid, ${ministry.orgId}::uuid, 'living-allowance', 'cash', 1000, 'KWD', current_date - 100, ${ministry.userId}::uuid, ${zid}::uuid)`.execute(trx);
        });
      await assert.rejects(straight(richer.householdId), /zakat/);
      assert.equal(await count(`select count(*) as n from grants where programme_id = '${zid}' and household_id = '${richer.householdId}'`), 0);
    });

    test('the what-if: a higher limit gains the richer household, counts of 1 to 4 are suppressed, nothing is stored', async () => {
      const before = await count('select count(*) as n from eligibility_decisions');
      await inTx(t.database.db, w.ministryAdmin.actor, (trx) => sql`select programmes_refresh_facts(null)`.execute(trx));
      const r = await api.call('POST', `/api/v1/programmes/${programmeId}/what-if`, minister(), { rule: { '<=': [{ var: 'incomePerMemberMinor' }, 150_000] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.version, 1);
      assert.equal(r.body.households, 8);
      // Now: poor, far and the five neighbours pass (20 to 26 per member); proposed: all eight. One gains: suppressed.
      assert.equal(r.body.now.households, 7);
      assert.equal(r.body.proposed.households, 8);
      assert.equal(r.body.proposed.persons, 24);
      assert.equal(r.body.gain, null);
      assert.equal(r.body.lose, 0);
      assert.equal(r.body.suppressedBelow, 5);
      assert.equal(await count('select count(*) as n from eligibility_decisions'), before);
      const charity = await api.call('POST', `/api/v1/programmes/${programmeId}/what-if`, w.charities[0]!.caseworker.token, {});
      assert.equal(charity.status, 403);
    });

    test('a training programme: enrolment, outcome "employed", shown in the household\'s kardex', async () => {
      const p = await api.call('POST', '/api/v1/programmes', minister(), {
        code: 'tailoring-course', kind: 'service', serviceKind: 'training', aidTypeCode: 'vocational-training', funding: 'general', names: { en: 'Tailoring course', ar: 'دورة خياطة', fa: 'دوره خیاطی' },
      });
      assert.equal(p.status, 201, JSON.stringify(p.body));
      const id = p.body.id;
      await api.call('PUT', `/api/v1/programmes/${id}/criteria`, minister(), { rule: { '>=': [{ var: 'members' }, 1] } });
      await api.call('POST', `/api/v1/programmes/${id}/criteria/publish`, minister());
      await api.call('PUT', `/api/v1/programmes/${id}/regions/${open}`, minister(), { phase: 1, capacityHouseholds: 1 });
      await api.call('POST', `/api/v1/programmes/${id}/phases/open`, minister(), { phase: 1 });
      await api.call('POST', `/api/v1/programmes/${id}/status`, minister(), { status: 'active' });
      const a = await api.call('POST', `/api/v1/programmes/${id}/applications`, poorToken);
      assert.equal(a.body.enrolled, true);
      // One place in the region: the next eligible household waits, eligible but not enrolled.
      const b = await api.call('POST', `/api/v1/programmes/${id}/applications`, richerToken);
      assert.equal(b.body.status, 'eligible');
      assert.equal(b.body.enrolled, false);

      // Room for more in the region: the next applicant is enrolled.
      await api.call('PUT', `/api/v1/programmes/${id}/regions/${open}`, minister(), { phase: 1, capacityHouseholds: 5 });
      assert.equal((await api.call('POST', `/api/v1/programmes/${id}/applications`, neighbours[0]!)).body.enrolled, true);

      const enrolments = (await sql<{ id: string; household_id: string }>`select id, household_id from enrolments where programme_id = ${id}::uuid order by since`.execute(t.database.db)).rows;
      const enrolment = enrolments.find((e) => e.household_id === poor.householdId)!.id;
      const other = enrolments.find((e) => e.household_id !== poor.householdId)!.id;
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const session = await api.call('POST', `/api/v1/programmes/${id}/sessions`, minister(), { regionCode: open, title: 'Morning group', place: 'Community centre', startsOn: yesterday, endsOn: today, capacity: 1 });
      assert.equal(session.status, 201, JSON.stringify(session.body));
      assert.equal((await api.call('POST', `/api/v1/enrolments/${enrolment}/session`, minister(), { sessionId: session.body.id })).status, 200);
      const full = await api.call('POST', `/api/v1/enrolments/${other}/session`, minister(), { sessionId: session.body.id });
      assert.equal(full.status, 409);
      assert.equal(full.body.type, '/problems/session-full');
      assert.deepEqual((await api.call('GET', `/api/v1/programmes/${id}/sessions`, minister())).body.map((s: { placed: number }) => s.placed), [1]);
      await api.call('PUT', `/api/v1/enrolments/${enrolment}/attendance`, minister(), { onDay: yesterday, present: false });
      const att = await api.call('PUT', `/api/v1/enrolments/${enrolment}/attendance`, minister(), { onDay: today, present: true });
      assert.deepEqual(att.body, { enrolmentId: enrolment, days: 2, present: 1 });
      const outside = await api.call('PUT', `/api/v1/enrolments/${enrolment}/attendance`, minister(), { onDay: '2020-01-01', present: true });
      assert.equal(outside.status, 400, 'a day outside the session');

      assert.equal((await api.call('POST', `/api/v1/enrolments/${enrolment}/follow-up`, minister(), { note: 'Too early.' })).status, 409, 'followed up once ended');
      const o = await api.call('POST', `/api/v1/enrolments/${enrolment}/outcome`, w.supervisor.token, { status: 'employed' });
      assert.equal(o.status, 200, JSON.stringify(o.body));
      assert.equal(o.body.status, 'employed');
      assert.equal(o.body.followUpOn, new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
      assert.equal((await api.call('POST', `/api/v1/enrolments/${enrolment}/follow-up`, minister(), { note: 'Still at the tailor shop.' })).status, 200);
      const kardex = await api.call('GET', `/api/v1/households/${poor.householdId}/history`, minister());
      assert.equal(kardex.status, 200, JSON.stringify(kardex.body));
      const training = kardex.body.programmes.find((x: { code: string }) => x.code === 'tailoring-course');
      assert.equal(training.status, 'employed');
      assert.equal(training.session.title, 'Morning group');
      assert.deepEqual(training.attendance, { days: 2, present: 1 });
      assert.equal(training.followUpNote, 'Still at the tailor shop.');
    });

    test('the facts snapshot is refreshed in batches by a job: a changed declaration reaches the what-if', async () => {
      await sql`update declaration_versions set facts = jsonb_set(facts, '{incomes,0,monthlyAmountMinor}', '900000') where household_id = ${far.householdId}::uuid`.execute(t.database.db);
      const stale = (await sql<{ v: string }>`select income_per_member_minor as v from household_facts where household_id = ${far.householdId}::uuid`.execute(t.database.db)).rows[0]!.v;
      assert.equal(Number(stale), 20_000);
      const asked = await inTx(t.database.db, w.ministryAdmin.actor, (trx) => askRefresh(trx, w.ministryAdmin.actor, new Date(), 3));
      assert.equal(asked.refreshing, true);
      const again = await api.call('POST', '/api/v1/programmes/facts/refresh', minister(), {});
      assert.equal(again.status, 202);
      assert.equal(await count(`select count(*) as n from jobs where kind = 'programmes.refresh-facts'`), 1, 'one refresh at a time');
      await new JobWorker(t.database.db, { clock: systemClock, handlers: refreshJobHandlers() }).runDue();
      // Eight households and a few more: batches of three, each its own job.
      assert.ok(await count(`select count(*) as n from jobs where kind = 'programmes.refresh-facts' and status = 'done'`) >= 3);
      const fresh = (await sql<{ v: string }>`select income_per_member_minor as v from household_facts where household_id = ${far.householdId}::uuid`.execute(t.database.db)).rows[0]!.v;
      assert.equal(Number(fresh), 300_000);
      const status = await api.call('GET', '/api/v1/programmes/facts/status', minister());
      assert.equal(status.body.refreshing, false);
      assert.equal(status.body.rows, await count('select count(*) as n from households'));
    });

    test("the first of the month: every active programme with a formula gets the month's preview, computed by the system; next month's is scheduled", async () => {
      const now = new Date();
      const month = now.toISOString().slice(0, 7);
      await monthlyCyclesJob.schedule(t.database.db, { key: `monthly-cycles:${month}`, payload: { month }, runAt: now }, now);
      await new JobWorker(t.database.db, { clock: systemClock, handlers: programmesJobHandlers(t.dep) }).runDue();
      const cycles = (await sql<{ code: string; status: string; created_by: string | null }>`
        select p.code, c.status, c.created_by from benefit_cycles c join programmes p on p.id = c.programme_id order by p.code`.execute(t.database.db)).rows;
      assert.deepEqual(cycles.map((c) => [c.code, c.status, c.created_by === null]), [['monthly-cash', 'paid', false], ['zakat-relief', 'preview', true]], 'a paid cycle is left as it is; a programme without a formula (the course) has none');
      const [y, m] = month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      assert.equal(await count(`select count(*) as n from jobs where key = 'monthly-cycles:${next}' and status = 'pending'`), 1);
    });
  });
}
