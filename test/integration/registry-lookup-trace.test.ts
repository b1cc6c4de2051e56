/**
 * Lookups leave a trace, on every engine: every answer to "is this national ID registered?" (the
 * lookup route, a registration refused because a member is elsewhere, a grant by national ID) is
 * audited with its purpose and shown in the person's "who viewed my data"; the lookup needs a
 * purpose; each user has a quota per hour and per day, counted from the audit trail; the ministry
 * sees lookups per charity per day, found and not found, with the flag of unusual volumes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';

for (const engine of engines()) {
  describe(`national-ID lookups leave a trace (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let fam: Family;
    let applicantToken: string;
    const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));

    const settings = (s: Record<string, number>) => sql`update deployment set settings = settings || ${JSON.stringify(s)}::jsonb`.execute(t.database.db);
    const lookups = async () =>
      (await t.database.db.selectFrom('audit_log').select(['actor_user', 'actor_org', 'household_id', 'subject_id', 'reason', 'details']).where('action', '=', 'registry.lookup').orderBy('seq').execute());
    const accessLog = async () => {
      const res = await api.call('GET', '/api/v1/me/access-log', applicantToken);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items as { at: string; action: string; organisation: { name: string; kind: string } | null; role: string | null; purpose: string | null; reason: string | null }[];
    };
    const lookup = (token: string, nationalId: string, purpose = 'aid-check') => api.call('GET', `/api/v1/households/lookup?nationalId=${nationalId}&purpose=${purpose}`, token);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      api = await makeApi(t, clock);
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      applicantToken = (await applicantAccount(t.database.db, w, fam.members[0]!, 'ar')).token;
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('a lookup without a purpose, or with one not in the list, is refused 400 and leaves nothing', async () => {
      const cw = w.charities[1]!.caseworker.token;
      const none = await api.call('GET', `/api/v1/households/lookup?nationalId=${fam.members[2]!.nationalId}`, cw);
      assert.equal(none.status, 400, JSON.stringify(none.body));
      assert.equal(none.body.type, '/problems/validation');
      assert.match(String(none.headers['content-type']), /application\/problem\+json/);
      const odd = await lookup(cw, fam.members[2]!.nationalId, 'curiosity');
      assert.equal(odd.status, 400);
      assert.deepEqual(await lookups(), []);
    });

    test("another charity's lookup is shown in the person's access log: the organisation by name, its role and the purpose, not the staff member", async () => {
      const cw = w.charities[1]!.caseworker;
      const res = await lookup(cw.token, fam.members[2]!.nationalId, 'aid-check');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { registered: true, householdId: null });
      const nobody = await lookup(cw.token, w.nextId('1990-05-05'), 'own-inquiry');
      assert.deepEqual(nobody.body, { registered: false });

      const entries = await lookups();
      assert.equal(entries.length, 2);
      assert.deepEqual(entries.map((e) => [e.actor_user, e.household_id, e.reason, (e.details as { found: boolean }).found]), [
        [cw.actor.userId, fam.householdId, 'aid-check', true],
        [cw.actor.userId, null, 'own-inquiry', false],
      ]);
      assert.ok(!JSON.stringify(entries).includes(fam.members[2]!.nationalId), 'the national ID is not written to the audit trail');

      const log = await accessLog();
      const seen = log.filter((i) => i.action === 'registry.lookup');
      assert.equal(seen.length, 1, 'the lookup that found nobody is nobody\'s');
      assert.deepEqual(seen[0], { at: seen[0]!.at, firstAt: seen[0]!.at, views: 1, action: 'registry.lookup', subjectType: 'person', organisation: { name: w.charities[1]!.name, kind: 'charity' }, role: 'caseworker', reason: null, purpose: 'aid-check' });
      assert.equal(new Date(seen[0]!.at).toISOString(), clock.now().toISOString());
      assert.ok(!JSON.stringify(log).includes(cw.actor.userId) && !JSON.stringify(log).includes('c1_caseworker'), 'the staff member is not named');
    });

    test('a registration refused because a member is elsewhere is still a 409, writes no household, and is shown in the access log', async () => {
      const before = await accessLog();
      const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from households`.execute(t.database.db)).rows[0]!.n);
      const households = await count();
      const res = await api.call('POST', '/api/v1/households', w.charities[2]!.caseworker.token, {
        regionCode: [...t.dep.regions.keys()][0],
        members: [
          { nationalId: w.nextId('1979-02-02'), fullName: 'رجل جديد', birthDate: '1979-02-02', relation: 'head' },
          { nationalId: fam.members[1]!.nationalId, fullName: 'فاطمة علي العنزي', birthDate: '1980-06-02', relation: 'spouse' },
        ],
      });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.type, '/problems/member-of-other-household');
      assert.equal(res.body.householdId, undefined, 'the other household is not named to a charity that may not see it');
      assert.equal(await count(), households, 'the refused registration wrote no household');
      const log = await accessLog();
      assert.equal(log.length, before.length + 1);
      const shown = log.find((i) => i.purpose === 'household-registration')!;
      assert.deepEqual(shown, { at: shown.at, firstAt: shown.at, views: 1, action: 'registry.lookup', subjectType: 'person', organisation: { name: w.charities[2]!.name, kind: 'charity' }, role: 'caseworker', reason: null, purpose: 'household-registration' });
      const last = (await lookups()).at(-1)!;
      assert.deepEqual(last.details, { via: 'registration', found: true });
    });

    test('a grant by national ID refused after the beneficiary was found is traced with the purpose aid-delivery', async () => {
      const before = (await lookups()).length;
      const res = await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { beneficiaryNationalId: fam.members[0]!.nationalId, aidTypeCode: 'rent-assistance' });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const unknown = await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { beneficiaryNationalId: w.nextId('1970-01-01'), aidTypeCode: 'food-basket' });
      assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
      const traced = (await lookups()).slice(before);
      assert.deepEqual(traced.map((e) => [e.household_id, e.reason, e.details]), [
        [fam.householdId, 'aid-delivery', { via: 'grant', found: true }],
        [null, 'aid-delivery', { via: 'grant', found: false }],
      ]);
      const log = await accessLog();
      assert.ok(log.some((i) => i.purpose === 'aid-delivery'), 'the traced lookup is shown to the person');
    });

    test('an exception asked by national ID is traced with the purpose exception-request, also when refused', async () => {
      const before = (await lookups()).length;
      const cw = w.charities[1]!.caseworker.token;
      const body = (id: string) => ({ beneficiaryNationalId: id, aidTypeCode: 'food-basket', reason: 'The pantry was flooded last week', documentRef: 'DOC-77' });
      assert.equal((await api.call('POST', '/api/v1/exceptions', cw, body(fam.members[1]!.nationalId))).status, 201);
      const unknown = await api.call('POST', '/api/v1/exceptions', cw, body(w.nextId('1969-03-03')));
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.type, '/problems/unknown-reference');
      const traced = (await lookups()).slice(before);
      assert.deepEqual(traced.map((e) => [e.household_id, e.reason, e.details]), [
        [fam.householdId, 'exception-request', { via: 'exception', found: true }],
        [null, 'exception-request', { via: 'exception', found: false }],
      ]);
    });

    test('a request submitted by staff by national ID is traced with the purpose aid-request, also when refused', async () => {
      const before = (await lookups()).length;
      const res = await api.call('POST', '/api/v1/requests', w.charities[2]!.caseworker.token, { beneficiaryNationalId: fam.members[1]!.nationalId, aidTypeCode: 'food-basket', justification: 'The family asked at our office' });
      assert.equal(res.status, 403, 'a household this charity may not see: the refusal says it is registered');
      const traced = (await lookups()).slice(before);
      assert.deepEqual(traced.map((e) => [e.actor_org, e.household_id, e.reason, e.details]), [[w.charities[2]!.id, fam.householdId, 'aid-request', { via: 'request', found: true }]]);
      assert.ok((await accessLog()).some((i) => i.purpose === 'aid-request'), 'the traced lookup is shown to the person');
    });

    test('the quota per user per hour and per day: 429 naming it, while a user of another charity still gets answers', async () => {
      await settings({ lookup_quota_hour: 3, lookup_quota_day: 5 });
      clock.set('2026-03-11T08:00:00Z');
      const a = w.charities[0]!.admin.token;
      const b = w.charities[2]!.admin.token;
      const id = fam.members[0]!.nationalId;
      for (let i = 0; i < 3; i++) assert.equal((await lookup(a, id)).status, 200);
      const over = await lookup(a, id);
      assert.equal(over.status, 429, JSON.stringify(over.body));
      assert.equal(over.body.type, '/problems/rate-limited');
      assert.deepEqual(over.body.quota, { window: 'hour', limit: 3, settings: 'lookup_quota_hour' });
      assert.equal((await lookup(b, id)).status, 200, 'another user of another charity is not limited by it');
      // Over the quota, a registration that would reveal a member elsewhere is refused before anything is looked up.
      const reg = await api.call('POST', '/api/v1/households', a, { regionCode: [...t.dep.regions.keys()][0], members: [{ nationalId: fam.members[1]!.nationalId, fullName: 'فاطمة', relation: 'head' }] });
      assert.equal(reg.status, 429);
      const mine = (await lookups()).filter((e) => e.actor_user === w.charities[0]!.admin.actor.userId);
      assert.equal(mine.length, 3, 'refused lookups leave no entry and are not counted');

      clock.advanceMs(61 * 60_000);
      assert.equal((await lookup(a, id)).status, 200, 'a new hour');
      assert.equal((await lookup(a, id)).status, 200);
      const day = await lookup(a, id);
      assert.equal(day.status, 429);
      assert.deepEqual(day.body.quota, { window: 'day', limit: 5, settings: 'lookup_quota_day' });
      clock.advanceDays(1);
      assert.equal((await lookup(a, id)).status, 200, 'a new day');
      await settings({ lookup_quota_hour: 60, lookup_quota_day: 300 });
    });

    test('the ministry sees lookups per charity per day, found and not found, and the flag of unusual volumes', async () => {
      await settings({ lookup_flag_minimum: 5, lookup_flag_factor: 3 });
      const [A, B, C] = w.charities;
      const found = fam.members.map((m) => m.nationalId);
      const days = ['2026-06-01', '2026-06-02', '2026-06-03'];
      const on = async (day: string, token: string, nFound: number, nNobody: number) => {
        clock.set(`${day}T10:00:00Z`);
        for (let i = 0; i < nFound; i++) assert.equal((await lookup(token, found[i % found.length]!)).body.registered, true);
        for (let i = 0; i < nNobody; i++) assert.equal((await lookup(token, w.nextId('1991-01-01'))).body.registered, false);
      };
      await on(days[0]!, A!.caseworker.token, 1, 1);
      await on(days[1]!, A!.caseworker.token, 1, 1);
      await on(days[2]!, A!.caseworker.token, 2, 2);
      await on(days[2]!, A!.admin.token, 2, 1); // A: 7 that day, by two of its staff
      await on(days[2]!, B!.caseworker.token, 7, 0);
      await on(days[2]!, C!.caseworker.token, 0, 1);

      const res = await api.call('GET', `/api/v1/oversight/lookups?from=${days[0]}&to=${days[2]}`, w.supervisor.token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.rule, { factor: 3, minimum: 5, historyDays: 28 });
      const rows = res.body.items.map((i: Record<string, unknown>) => [i.name, i.day, i.lookups, i.found, i.notFound, i.ownMedian, i.peerMedian, i.flagged, i.reasons]);
      assert.deepEqual(rows, [
        [A!.name, days[0], 2, 1, 1, null, null, false, []],
        [A!.name, days[1], 2, 1, 1, 2, null, false, []],
        // 7 > 3 × 2 (its own busy days) but not > 3 × 4 (the median of B's 7 and C's 1)
        [A!.name, days[2], 7, 4, 3, 2, 4, true, ['own-history']],
        // no history of its own; 7 is not > 3 × 4 (A's 7 and C's 1)
        [B!.name, days[2], 7, 7, 0, null, 4, false, []],
        // below the minimum
        [C!.name, days[2], 1, 0, 1, null, 7, false, []],
      ]);

      const peers = await api.call('GET', `/api/v1/oversight/lookups?from=${days[2]}&to=${days[2]}`, w.ministryAdmin.token);
      assert.equal(peers.body.items.length, 3, 'the history before `from` is used, not listed');
      assert.equal(peers.body.items[0].ownMedian, 2);

      await on('2026-06-04', B!.caseworker.token, 7, 0);
      await on('2026-06-04', C!.caseworker.token, 0, 2);
      const steady = await api.call('GET', '/api/v1/oversight/lookups?from=2026-06-04&to=2026-06-04', w.supervisor.token);
      assert.deepEqual(steady.body.items.map((i: { name: string; flagged: boolean; reasons: string[] }) => [i.name, i.flagged, i.reasons]), [
        [B!.name, true, ['peers']],
        [C!.name, false, []],
      ], 'far above the other charities of the day, though not above its own history');

      assert.equal((await api.call('GET', '/api/v1/oversight/lookups', A!.admin.token)).status, 403);
      const backwards = await api.call('GET', `/api/v1/oversight/lookups?from=${days[2]}&to=${days[0]}`, w.supervisor.token);
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.type, '/problems/validation');
    });
  });
}
