/**
 * The need model and the referral, on every engine: the ministry edits the model as new, audited
 * versions (a bad one refused naming the field, a stale one refused), previews a proposal without
 * saving; scoreAndRefer stores the score with its explanation and opens one request per aid type
 * with the score's priority, offered first to the inviting charity (its pool only, its claim
 * only, until the offer ends), skipping an aid type whose group is already open for the
 * household; the priority list orders by priority and shows why, with no personal data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, declarationVersionOf, makeWorld, registerFamily, type World } from '../support/fixtures.js';
import type { Actor } from '../../src/kernel/actor.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { scoreAndRefer, type NeedFacts } from '../../src/modules/scoring/score-and-refer.js';
import { listPool } from '../../src/modules/requests/pool.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { refused } from '../support/refused.js';

const HOUR = 3_600_000;

for (const engine of engines()) {
  describe(`need model and referral (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-04-01T08:00:00Z'));
    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      api = await makeApi(t, clock);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const region = () => [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
    const facts = (over: Partial<NeedFacts> = {}): NeedFacts => ({
      regionCode: region(),
      members: [
        { age: 45, disability: false, chronicIllness: true, relation: 'head' },
        { age: 41, disability: false, chronicIllness: false, relation: 'spouse' },
        { age: 12, disability: true, chronicIllness: false, relation: 'child' },
        { age: 6, disability: false, chronicIllness: false, relation: 'child' },
      ],
      monthlyIncomeMinor: 150_000,
      housing: 'rented',
      monthlyRentMinor: 90_000,
      debtsMinor: 2_000_000,
      monthlyDebtRepaymentMinor: 40_000,
      ...over,
    });
    const refer = async (householdId: string, aidTypeCodes: string[], offeredToOrgId: string | null, f = facts(), version?: string) => {
      const actor = w.charities[0]!.caseworker.actor;
      const declarationVersionId = version ?? (await declarationVersionOf(t.database.db, w, householdId));
      return inTx(t.database.db, actor, (trx) => scoreAndRefer(trx, t.dep, { householdId, declarationVersionId, facts: f, aidTypeCodes, offeredToOrgId, actor }, clock.now()));
    };
    const pool = (c: number, at = clock.now()) => {
      const actor = w.charities[c]!.caseworker.actor;
      return inTx(t.database.db, actor, (trx) => listPool(trx, actor, t.dep, { sort: 'priority', limit: 200 }, at));
    };

    test('the ministry reads the default model, saves a new audited version, and a stale or bad one is refused naming the field', async () => {
      const admin = w.ministryAdmin.token;
      const first = await api.call('GET', '/api/v1/need-model', admin);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.version, 1);
      assert.equal(first.body.national.povertyLineMinor, 120_000);
      const { version: _v, createdAt: _c, factors: _f, ...model } = first.body;

      const charity = await api.call('PUT', '/api/v1/need-model', w.charities[0]!.admin.token, { basedOnVersion: 1, ...model });
      assert.equal(charity.status, 403);

      const saved = await api.call('PUT', '/api/v1/need-model', admin, { basedOnVersion: 1, ...model, weights: { ...model.weights, disability: 20 }, regions: [{ code: region(), povertyLineMinor: 150_000, multiplier: 1.2 }] });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.version, 2);
      assert.equal((await api.call('GET', '/api/v1/need-model', admin)).body.weights.disability, 20);
      const audits = await t.database.db.selectFrom('audit_log').select(['action', 'subject_id', 'actor_user']).where('action', '=', 'need-model.update').execute();
      assert.deepEqual(audits, [{ action: 'need-model.update', subject_id: '2', actor_user: w.ministryAdmin.actor.userId }]);

      const stale = await api.call('PUT', '/api/v1/need-model', admin, { basedOnVersion: 1, ...model });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.currentVersion, 2);

      const badBands = await api.call('PUT', '/api/v1/need-model', admin, { basedOnVersion: 2, ...model, bands: [{ minScore: 0, priority: 0 }, { minScore: 60, priority: 2 }, { minScore: 50, priority: 3 }] });
      assert.equal(badBands.status, 400);
      assert.equal(badBands.body.field, 'bands[2].minScore');
      const badRegion = await api.call('PUT', '/api/v1/need-model', admin, { basedOnVersion: 2, ...model, regions: [{ code: 'XX-NOWHERE', povertyLineMinor: null, multiplier: 2 }] });
      assert.equal(badRegion.status, 400);
      assert.equal(badRegion.body.field, 'regions[0].code');
      const negative = await api.call('PUT', '/api/v1/need-model', admin, { basedOnVersion: 2, ...model, weights: { ...model.weights, income: -5 } });
      assert.equal(negative.status, 400);
      assert.equal(negative.body.errors[0].field, 'body.weights.income');
      const versions = await t.database.db.selectFrom('need_models').select('version').orderBy('version').execute();
      assert.deepEqual(versions.map((v) => v.version), [1, 2], 'nothing written by the refused edits');
    });

    test('a preview scores a sample household under the model in force and the proposal, saving nothing', async () => {
      const admin = w.ministryAdmin.token;
      const current = (await api.call('GET', '/api/v1/need-model', admin)).body;
      const { version: _v, createdAt: _c, factors: _f, ...model } = current;
      const proposal = { ...model, national: { ...model.national, multiplier: 1.5 }, regions: [] };
      const r = await api.call('POST', '/api/v1/need-model/preview', admin, { model: proposal, facts: facts() });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.active.modelVersion, current.version);
      assert.ok(r.body.proposed.score > r.body.active.score, `${r.body.active.score} → ${r.body.proposed.score}`);
      assert.ok(r.body.active.contributions.some((c: { factor: string; points: number }) => c.factor === 'disability' && c.points > 0));
      assert.equal((await api.call('GET', '/api/v1/need-model', admin)).body.version, current.version);
    });

    test('scoreAndRefer stores the score and opens the requests with its priority, offered first to the inviting charity, skipping an open group', async () => {
      const db = t.database.db;
      const cw0 = w.charities[0]!.caseworker.actor;
      const fam = await registerFamily(db, t.dep, w, cw0);
      // a food basket is already open for this household: the referral skips it
      await inTx(db, cw0, (trx) => submitRequest(trx, cw0, t.dep, clock, { householdId: fam.householdId, aidTypeCode: 'food-basket', justification: 'Needed now.' }));
      const inviter = w.charities[1]!;
      const declarationVersionId = await declarationVersionOf(db, w, fam.householdId);
      const r = await refer(fam.householdId, ['refrigerator', 'fridge-freezer', 'food-basket', 'medical-aid'], inviter.id, facts(), declarationVersionId);
      assert.ok(r.score.score > 0 && r.score.priority >= 1, JSON.stringify(r.score));
      assert.equal(r.score.modelVersion, 2);
      assert.equal(r.requestIds.length, 2);
      assert.deepEqual(r.skipped.map((s) => s.aidTypeCode).sort(), ['food-basket', 'fridge-freezer']);
      assert.ok(r.skipped.every((s) => s.reason === 'open-request-exists'));

      const rows = await db.selectFrom('aid_requests').select(['aid_type_code', 'priority', 'offered_to_org_id', 'offered_until', 'channel', 'status', 'justification']).where('id', 'in', r.requestIds).orderBy('aid_type_code').execute();
      assert.deepEqual(rows.map((x) => x.aid_type_code), ['medical-aid', 'refrigerator']);
      for (const x of rows) {
        assert.equal(x.priority, r.score.priority);
        assert.equal(x.offered_to_org_id, inviter.id);
        assert.equal(x.offered_until?.getTime(), clock.now().getTime() + 72 * HOUR);
        assert.equal(x.status, 'open');
        assert.equal(x.channel, 'intake');
        assert.match(x.justification, /^إقرار ذاتي/, 'in the deployment\'s language (Arabic in Kuwait)');
      }
      const stored = await db.selectFrom('need_scores').selectAll().where('declaration_version_id', '=', declarationVersionId).execute();
      assert.equal(stored.length, 1);
      assert.equal(Number(stored[0]!.score), r.score.score);
      assert.equal(stored[0]!.priority, r.score.priority);
      assert.deepEqual(stored[0]!.contributions, r.score.contributions);
      const links = await db.selectFrom('need_score_requests').select('request_id').where('need_score_id', '=', stored[0]!.id).execute();
      assert.deepEqual(links.map((l) => l.request_id).sort(), [...r.requestIds].sort());

      // the same version again: refused, nothing more written
      await refused(refer(fam.householdId, ['rent-assistance'], inviter.id, facts(), declarationVersionId), 'conflict');
      assert.equal((await db.selectFrom('aid_requests').select('id').where('household_id', '=', fam.householdId).where('aid_type_code', '=', 'rent-assistance').execute()).length, 0);

      // during the offer: in the inviter's pool only, and only the inviter may claim
      const ids = new Set(r.requestIds);
      const offered = (await pool(1)).items.filter((i) => ids.has(i.id));
      assert.equal(offered.length, 2);
      const until = (await db.selectFrom('aid_requests').select('offered_until').where('id', '=', r.requestIds[0]!).executeTakeFirstOrThrow()).offered_until!;
      for (const i of offered) assert.equal(i.offeredUntil, until.toISOString(), 'the inviter is told until when it is offered first');
      assert.equal((await pool(2)).items.filter((i) => ids.has(i.id)).length, 0);
      const other = w.charities[2]!.caseworker.actor;
      const p = await refused(inTx(db, other, (trx) => claimRequest(trx, other, r.requestIds[0]!, clock.now())), 'forbidden');
      assert.equal(p.extensions.firstOffer, true);
      assert.equal((await db.selectFrom('aid_requests').select('status').where('id', '=', r.requestIds[0]!).executeTakeFirstOrThrow()).status, 'open');

      // after the offer: every suitable charity sees them and may claim
      const later = new Date(clock.now().getTime() + 73 * HOUR);
      assert.equal((await pool(2, later)).items.filter((i) => ids.has(i.id) && i.offeredUntil === null).length, 2);
      assert.equal((await pool(1, later)).items.filter((i) => ids.has(i.id) && i.offeredUntil === null).length, 2, 'the offer has ended for the inviter too');
      const claimed = await inTx(db, other, (trx) => claimRequest(trx, other, r.requestIds[0]!, later));
      assert.equal(claimed.claimed_by_org, w.charities[2]!.id);
      // the deadline still counts from the submission as before the first offer
      assert.equal(claimed.deadline_at.getTime(), clock.now().getTime() + 14 * 86_400_000);
    });

    test('the first offer lasts first_offer_hours, and is not made to a charity that does not offer the aid type there', async () => {
      const db = t.database.db;
      await sql`update deployment set settings = settings || '{"first_offer_hours": 24}'::jsonb`.execute(db);
      try {
        const fam = await registerFamily(db, t.dep, w, w.charities[0]!.caseworker.actor);
        const r = await refer(fam.householdId, ['rent-assistance'], w.charities[1]!.id);
        const row = await db.selectFrom('aid_requests').select(['offered_until']).where('id', '=', r.requestIds[0]!).executeTakeFirstOrThrow();
        assert.equal(row.offered_until?.getTime(), clock.now().getTime() + 24 * HOUR);

        await db.deleteFrom('organisation_aid_types').where('org_id', '=', w.charities[1]!.id).where('aid_type_code', '=', 'student-fees').execute();
        const r2 = await refer(fam.householdId, ['student-fees'], w.charities[1]!.id, facts());
        const row2 = await db.selectFrom('aid_requests').select(['offered_to_org_id', 'offered_until']).where('id', '=', r2.requestIds[0]!).executeTakeFirstOrThrow();
        assert.deepEqual(row2, { offered_to_org_id: null, offered_until: null });
        assert.equal((await pool(2)).items.filter((i) => i.id === r2.requestIds[0]).length, 1, 'in every suitable pool at once');
      } finally {
        await sql`update deployment set settings = settings - 'first_offer_hours'`.execute(db);
      }
    });

    test('an applicant submitting their own declaration refers their own household, and no other', async () => {
      const db = t.database.db;
      const fam = await registerFamily(db, t.dep, w, w.charities[0]!.caseworker.actor);
      const other = await registerFamily(db, t.dep, w, w.charities[0]!.caseworker.actor);
      const head = fam.members[0]!;
      const account = await applicantAccount(db, w, head);
      const actor: Actor = { userId: account.userId, orgId: null, orgKind: null, role: 'applicant', locale: 'en', nationalId: head.nationalId };
      const run = async (householdId: string) => {
        const declarationVersionId = await declarationVersionOf(db, w, householdId);
        return inTx(db, actor, (trx) => scoreAndRefer(trx, t.dep, { householdId, declarationVersionId, facts: facts(), aidTypeCodes: ['medical-aid'], offeredToOrgId: w.charities[1]!.id, actor }, clock.now()));
      };
      const r = await run(fam.householdId);
      assert.equal(r.requestIds.length, 1);
      const row = await db.selectFrom('aid_requests').select(['submitted_by', 'submitted_by_org', 'offered_to_org_id']).where('id', '=', r.requestIds[0]!).executeTakeFirstOrThrow();
      assert.deepEqual(row, { submitted_by: account.userId, submitted_by_org: null, offered_to_org_id: w.charities[1]!.id });
      await refused(run(other.householdId), 'forbidden');
      assert.equal((await db.selectFrom('need_scores').select('id').where('household_id', '=', other.householdId).execute()).length, 0, 'nothing stored for the other household');
    });

    test('the priority list: most urgent first, why each has its priority, nothing personal; a charity sees its pool', async () => {
      const db = t.database.db;
      const cw0 = w.charities[0]!.caseworker.actor;
      const poorFam = await registerFamily(db, t.dep, w, cw0);
      const richFam = await registerFamily(db, t.dep, w, cw0);
      const poor = await refer(poorFam.householdId, ['washing-machine'], null, facts({ monthlyIncomeMinor: 0, housing: 'homeless', monthlyRentMinor: 0 }));
      const rich = await refer(richFam.householdId, ['washing-machine'], w.charities[1]!.id, facts({ monthlyIncomeMinor: 5_000_000, housing: 'owned', monthlyRentMinor: 0, debtsMinor: 0, monthlyDebtRepaymentMinor: 0, members: [{ age: 30, disability: false, chronicIllness: false, relation: 'head' }] }));
      assert.ok(poor.score.priority > rich.score.priority, `${poor.score.priority} > ${rich.score.priority}`);

      const list = await api.call('GET', `/api/v1/priority?region=${region()}&aidType=washing-machine`, w.ministryAdmin.token);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const ids = list.body.items.map((i: { id: string }) => i.id);
      assert.deepEqual(ids, [poor.requestIds[0], rich.requestIds[0]]);
      const top = list.body.items[0];
      assert.equal(top.score, poor.score.score);
      assert.equal(top.priority, poor.score.priority);
      assert.ok(top.why.length > 0 && top.why.every((c: { points: number }) => c.points > 0));
      assert.deepEqual(top.why.map((c: { points: number }) => c.points), [...top.why.map((c: { points: number }) => c.points)].sort((a: number, b: number) => b - a));
      assert.deepEqual(Object.keys(top).sort(), ['aidType', 'basket', 'deadlineAt', 'firstOfferUntil', 'householdSize', 'id', 'modelVersion', 'nationality', 'priority', 'region', 'score', 'submittedAt', 'why']);
      const text = JSON.stringify(list.body);
      for (const m of [...poorFam.members, ...richFam.members]) {
        assert.ok(!text.includes(m.nationalId) && !text.includes(m.fullName), 'no national ID or name in the list');
      }
      assert.ok(!text.includes(poorFam.householdId), 'no household id');
      const offerEnds = new Date(clock.now().getTime() + 72 * HOUR).toISOString();
      assert.deepEqual(list.body.items.map((i: { firstOfferUntil: string | null }) => i.firstOfferUntil), [null, offerEnds], 'the ministry sees which offer runs');

      // charity C sees the poor household's request (no offer) but not the rich one's (offered to B)
      const c = await api.call('GET', `/api/v1/priority?aidType=washing-machine`, w.charities[2]!.caseworker.token);
      assert.equal(c.status, 200);
      assert.deepEqual(c.body.items.map((i: { id: string }) => i.id), [poor.requestIds[0]]);
      assert.equal(c.body.items[0].score, poor.score.score, 'the explanation is shown in the pool, anonymously');
      const b = await api.call('GET', `/api/v1/priority?aidType=washing-machine`, w.charities[1]!.caseworker.token);
      assert.deepEqual(b.body.items.map((i: { id: string }) => i.id), [poor.requestIds[0], rich.requestIds[0]]);
      assert.deepEqual(b.body.items.map((i: { firstOfferUntil: string | null }) => i.firstOfferUntil), [null, offerEnds], 'B sees until when the request is its own');
      assert.equal(c.body.items[0].firstOfferUntil, null);
      assert.equal((await api.call('GET', '/api/v1/priority', w.charities[0]!.visitor.token)).status, 403);
    });
  });
}
