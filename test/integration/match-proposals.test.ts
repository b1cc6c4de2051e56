/**
 * Person matching proposes, the ministry decides (matching/match-sweep.ts, find-candidates.ts,
 * list-proposals.ts, decide-proposal.ts), on every engine, in an Iranian deployment: a sweep over a
 * small registry with two planted near-duplicates (one person typed twice: ي for ی, the birth day
 * and month swapped, one wrong digit in the national code) proposes exactly those two pairs, never
 * the namesake, the son or the strangers; the list is the ministry's only and audited as a reveal of
 * both persons; 'different' is remembered (the pair found again is not proposed again); 'same'
 * merges through the registry (the grant moves); a decided proposal is 409; bad bodies are 400.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registeredSince, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { personsForMatching, registerHousehold } from '../../src/modules/registry/registry.service.js';
import { matchingJobHandlers, startMatchSweep } from '../../src/modules/matching/match-sweep.js';
import { findCandidates, preparePerson } from '../../src/modules/matching/find-candidates.js';
import { validateNationalId } from '../../src/shared/identity/national-id.js';

const REASON = 'Reviewed both records against the civil registry.';

for (const engine of engines()) {
  describe(`match proposals reviewed by the ministry (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    const ids: Record<string, string> = {};
    const nationalIds: Record<string, string> = {};
    let applicantToken = '';

    const db = () => t.database.db;
    const charity = (c: number) => w.charities[c]!.caseworker.actor;
    const region = () => [...t.dep.regions.values()].find((r) => r.level === 1)!.code;

    /** A valid national code and another valid one a single digit away from it (the mistyped one). */
    function idWithTypo(): [string, string] {
      for (;;) {
        const id = w.nextId();
        for (let i = 0; i < 9; i++) {
          for (let d = 0; d <= 9; d++) {
            const typo = id.slice(0, i) + String(d) + id.slice(i + 1);
            if (typo !== id && validateNationalId(t.dep.idScheme, typo).valid) return [id, typo];
          }
        }
      }
    }

    async function household(c: number, members: { key: string; nationalId?: string; fullName: string; birthDate: string; sex: 'F' | 'M'; relation: 'head' | 'spouse' | 'child' }[]) {
      for (const m of members) nationalIds[m.key] = m.nationalId ?? w.nextId(m.birthDate);
      const h = await inTx(db(), charity(c), (trx) =>
        registerHousehold(trx, charity(c), t.dep, { regionCode: region(), members: members.map((m) => ({ nationalId: nationalIds[m.key]!, fullName: m.fullName, birthDate: m.birthDate, sex: m.sex, relation: m.relation })) }));
      await registeredSince(db(), h.id, '2024-01-01T09:00:00Z');
      const rows = await db().selectFrom('persons').select(['id', 'national_id']).where('national_id', 'in', members.map((m) => nationalIds[m.key]!)).execute();
      for (const m of members) ids[m.key] = rows.find((r) => r.national_id === nationalIds[m.key])!.id;
      return h.id;
    }

    const pair = (x: string, y: string) => [ids[x]!, ids[y]!].sort().join('|');
    const proposals = () => db().selectFrom('match_proposals').selectAll().orderBy('score', 'desc').execute();
    const proposalOf = async (x: string, y: string) => (await proposals()).find((p) => `${p.person_a}|${p.person_b}` === pair(x, y))!;
    const sweep = async () => {
      clock.advanceDays(1);
      await startMatchSweep(db(), clock.now(), { limit: 3 });
      return worker.runDue();
    };

    before(async () => {
      t = await freshDatabase(engine, { country: 'IR' });
      w = await makeWorld(t.database.db, t.dep);
      api = await makeApi(t, clock);
      worker = new JobWorker(t.database.db, { clock, handlers: matchingJobHandlers() });

      const [mehdi, mehdiTypo] = idWithTypo();
      const [fatemeh, fatemehTypo] = idWithTypo();
      // The first records, by charity 0: Mehdi with his son, Fatemeh.
      await household(0, [
        { key: 'mehdi', nationalId: mehdi, fullName: 'مهدی رحیمی', birthDate: '1980-03-07', sex: 'M', relation: 'head' },
        { key: 'son', fullName: 'علی رحیمی', birthDate: '2005-02-11', sex: 'M', relation: 'child' },
      ]);
      await household(0, [{ key: 'fatemeh', nationalId: fatemeh, fullName: 'فاطمه حسینی', birthDate: '1985-04-12', sex: 'F', relation: 'head' }]);
      // The same two people typed again by charity 1: Arabic yeh (ي), day and month swapped, one digit wrong.
      await household(1, [{ key: 'mehdi2', nationalId: mehdiTypo, fullName: 'مهدي رحيمي', birthDate: '1980-07-03', sex: 'M', relation: 'head' }]);
      await household(1, [{ key: 'fatemeh2', nationalId: fatemehTypo, fullName: 'فاطمه حسيني', birthDate: '1985-12-04', sex: 'F', relation: 'head' }]);
      // Unrelated people: a namesake of Mehdi born elsewhen, a couple of strangers.
      await household(1, [{ key: 'namesake', fullName: 'مهدی رحیمی', birthDate: '1962-11-30', sex: 'M', relation: 'head' }]);
      await household(0, [
        { key: 'hasan', fullName: 'حسن کریمی', birthDate: '1990-05-05', sex: 'M', relation: 'head' },
        { key: 'zahra', fullName: 'زهرا کریمی', birthDate: '1992-08-21', sex: 'F', relation: 'spouse' },
      ]);
      applicantToken = (await applicantAccount(db(), w, { nationalId: nationalIds.hasan! })).token;
      // Charity 1 gave the second Mehdi record a washing machine.
      await inTx(db(), charity(1), (trx) => grantAid(trx, charity(1), t.dep, clock, { beneficiaryNationalId: nationalIds.mehdi2!, aidTypeCode: 'washing-machine' }));
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('a sweep in batches indexes every person and proposes exactly the two planted pairs, explained by levels and weights without a name', async () => {
      const run = await sweep();
      assert.equal(run.failed, 0);
      assert.ok(run.done >= 3, `the 8 persons took batches of 3, each its own job (${run.done} jobs)`);
      const indexed = await db().selectFrom('person_match_indexed').select('person_id').execute();
      assert.equal(indexed.length, Object.keys(ids).length, 'every registry person is indexed');

      const found = (await proposals()).map((p) => `${p.person_a}|${p.person_b}`).sort();
      assert.deepEqual(found, [pair('mehdi', 'mehdi2'), pair('fatemeh', 'fatemeh2')].sort(), 'the two planted pairs, not the namesake, the son or the strangers');
      const p = await proposalOf('mehdi', 'mehdi2');
      assert.equal(p.status, 'pending');
      assert.ok(p.person_a < p.person_b);
      const levels = Object.fromEntries((p.explanation as { parts: { field: string; level: string }[] }).parts.map((x) => [x.field, x.level]));
      assert.equal(levels.given, 'exact', 'ي and ی are one letter');
      assert.equal(levels.family, 'exact');
      assert.equal(levels.birth, 'swapped');
      const text = JSON.stringify((await proposals()).map((x) => x.explanation));
      assert.doesNotMatch(text, /\p{Script=Arabic}/u, 'no name in an explanation');
      for (const n of Object.values(nationalIds)) assert.ok(!text.includes(n), 'no national ID in an explanation');

      const next = await db().selectFrom('jobs').select(['key', 'run_at']).where('kind', '=', 'matching.sweep').where('status', '=', 'pending').execute();
      const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      assert.deepEqual(next.map((j) => [j.key, j.run_at.toISOString()]), [[`match-sweep:${tomorrow}:0`, `${tomorrow}T00:00:00.000Z`]], 'the last batch schedules tomorrow\'s sweep');

      const again = await sweep();
      assert.equal(again.failed, 0);
      assert.equal((await proposals()).length, 2, 'a second sweep finds no one new and proposes nothing twice');
    });

    test('only the ministry reads proposals: a charity and an applicant get 403, and row-level security shows a charity none', async () => {
      const url = '/api/v1/match/proposals';
      for (const token of [w.charities[0]!.admin.token, w.charities[1]!.caseworker.token, applicantToken]) {
        const res = await api.call('GET', url, token);
        assert.deepEqual([res.status, res.body.type], [403, '/problems/forbidden']);
      }
      const seen = await inTx(db(), charity(0), (trx) => trx.selectFrom('match_proposals').select('id').execute());
      assert.deepEqual(seen, [], 'a charity\'s transaction sees no proposal');
      const keys = await inTx(db(), charity(0), (trx) => trx.selectFrom('person_match_keys').select('person_id').execute());
      assert.deepEqual(keys, [], 'nor any blocking key');
    });

    test('the ministry\'s list shows both persons side by side with the explanation, and audits each person shown as a reveal', async () => {
      const before = await db().selectFrom('audit_log').select('seq').where('action', '=', 'personal_data.read').where('subject_type', '=', 'person').execute();
      const res = await api.call('GET', '/api/v1/match/proposals?status=pending&limit=10', w.supervisor.token);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.equal(res.body.items.length, 2);
      const mehdi = res.body.items.find((i: { personA: { personId: string } }) => [ids.mehdi, ids.mehdi2].includes(i.personA.personId));
      const names = [mehdi.personA.fullName, mehdi.personB.fullName].sort();
      assert.deepEqual(names, ['مهدي رحيمي', 'مهدی رحیمی'].sort());
      assert.ok(mehdi.score >= 5);
      assert.ok(mehdi.explanation.parts.some((x: { field: string; level: string }) => x.field === 'birth' && x.level === 'swapped'));
      assert.ok(mehdi.personA.householdId && mehdi.personA.region);

      const reveals = await db().selectFrom('audit_log').select(['subject_id', 'household_id', 'reason', 'actor_user', 'details']).where('action', '=', 'personal_data.read').where('subject_type', '=', 'person').orderBy('seq').execute();
      const added = reveals.slice(before.length);
      assert.deepEqual(added.map((a) => a.subject_id).sort(), [ids.mehdi, ids.mehdi2, ids.fatemeh, ids.fatemeh2].sort(), 'each person shown is one audit entry');
      for (const a of added) {
        assert.equal(a.reason, 'oversight-review');
        assert.equal(a.actor_user, w.supervisor.actor.userId);
        assert.ok(a.household_id, 'with the household it concerns');
      }
      const none = await api.call('GET', '/api/v1/match/proposals?status=same', w.supervisor.token);
      assert.deepEqual(none.body.items, []);
    });

    test('bad bodies are 400 naming the field, an unknown proposal 404, a charity 403; nothing is decided', async () => {
      const p = await proposalOf('fatemeh', 'fatemeh2');
      const url = `/api/v1/match/proposals/${p.id}/decision`;
      const token = w.ministryAdmin.token;
      const bad: [string, unknown, string][] = [
        ['no decision', { reason: REASON }, 'decision'],
        ['an unknown decision', { decision: 'maybe', reason: REASON }, 'decision'],
        ['no reason', { decision: 'different' }, 'reason'],
        ['a short reason', { decision: 'different', reason: 'no' }, 'reason'],
        ['a keepId that is no UUID', { decision: 'same', keepId: 'A', reason: REASON }, 'keepId'],
        ['an unknown field', { decision: 'different', reason: REASON, force: true }, ''],
      ];
      for (const [what, body, field] of bad) {
        const res = await api.call('POST', url, token, body);
        assert.equal(res.status, 400, what);
        assert.equal(res.body.type, '/problems/validation', what);
        if (field) assert.match(JSON.stringify(res.body), new RegExp(field), what);
      }
      const stranger = await api.call('POST', url, token, { decision: 'same', keepId: ids.hasan, reason: REASON });
      assert.deepEqual([stranger.status, stranger.body.type, stranger.body.field], [400, '/problems/validation', 'keepId'], 'the record kept is one of the pair');
      const unknown = await api.call('POST', `/api/v1/match/proposals/${randomUUID()}/decision`, token, { decision: 'different', reason: REASON });
      assert.deepEqual([unknown.status, unknown.body.type], [404, '/problems/not-found']);
      const byCharity = await api.call('POST', url, w.charities[0]!.admin.token, { decision: 'different', reason: REASON });
      assert.deepEqual([byCharity.status, byCharity.body.type], [403, '/problems/forbidden']);
      const byApplicant = await api.call('POST', url, applicantToken, { decision: 'different', reason: REASON });
      assert.equal(byApplicant.status, 403);
      const after = await proposalOf('fatemeh', 'fatemeh2');
      assert.equal(after.status, 'pending', 'nothing decided');
      assert.equal((await personsForMatching(db(), [ids.fatemeh2!]))[0]!.merged_into, null, 'nothing merged');
    });

    test('"different" is remembered: the pair found again by a new search is not proposed again; deciding twice is 409 match-decided', async () => {
      const p = await proposalOf('fatemeh', 'fatemeh2');
      const url = `/api/v1/match/proposals/${p.id}/decision`;
      const res = await api.call('POST', url, w.ministryAdmin.token, { decision: 'different', reason: REASON });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id: p.id, status: 'different', keptId: null, mergedId: null });
      const decided = await proposalOf('fatemeh', 'fatemeh2');
      assert.deepEqual([decided.status, decided.decided_by, decided.reason, decided.decided_at?.toISOString()], ['different', w.ministryAdmin.actor.userId, REASON, clock.now().toISOString()]);

      // The two records are indexed again (as when the engine is improved): the search finds the pair again…
      await db().deleteFrom('person_match_indexed').where('person_id', 'in', [ids.fatemeh!, ids.fatemeh2!]).execute();
      const record = preparePerson((await personsForMatching(db(), [ids.fatemeh2!]))[0]!);
      const found = await inTx(db(), SYSTEM_ACTOR, (trx) => findCandidates(trx, record, { threshold: 5 }));
      assert.deepEqual(found.candidates.map((c) => c.personId), [ids.fatemeh], 'the search still finds the pair');
      const run = await sweep();
      assert.equal(run.failed, 0);
      // …and the sweep proposes nothing: the decision stands.
      const rows = (await proposals()).filter((x) => `${x.person_a}|${x.person_b}` === pair('fatemeh', 'fatemeh2'));
      assert.deepEqual(rows.map((x) => [x.id, x.status]), [[p.id, 'different']]);
      assert.equal((await db().selectFrom('person_match_indexed').select('person_id').where('person_id', 'in', [ids.fatemeh!, ids.fatemeh2!]).execute()).length, 2, 'the sweep did index them again');

      const twice = await api.call('POST', url, w.supervisor.token, { decision: 'same', reason: REASON });
      assert.deepEqual([twice.status, twice.body.type, twice.body.decision], [409, '/problems/match-decided', 'different']);
      assert.equal((await personsForMatching(db(), [ids.fatemeh2!]))[0]!.merged_into, null, 'no merge after a refusal');
    });

    test('"same" merges through the registry: the grant moves to the kept record\'s household, the proposal is marked, a second decision is 409', async () => {
      const p = await proposalOf('mehdi', 'mehdi2');
      const url = `/api/v1/match/proposals/${p.id}/decision`;
      const res = await api.call('POST', url, w.supervisor.token, { decision: 'same', keepId: ids.mehdi, reason: REASON });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id: p.id, status: 'same', keptId: ids.mehdi, mergedId: ids.mehdi2 });

      const [kept] = await personsForMatching(db(), [ids.mehdi!]);
      const [merged] = await personsForMatching(db(), [ids.mehdi2!]);
      assert.equal(merged!.merged_into, ids.mehdi);
      const grants = await db().selectFrom('grants').select(['person_id', 'household_id']).where('aid_type_code', '=', 'washing-machine').execute();
      assert.deepEqual(grants, [{ person_id: ids.mehdi, household_id: kept!.household_id }], 'the grant is the kept record\'s, in its household');
      assert.equal((await proposalOf('mehdi', 'mehdi2')).status, 'same');
      const decisions = await db().selectFrom('audit_log').select(['details', 'reason']).where('action', '=', 'match.decide').where('subject_id', '=', p.id).execute();
      assert.deepEqual(decisions.map((d) => d.reason), [REASON]);
      assert.equal((await db().selectFrom('audit_log').select('seq').where('action', '=', 'person.merge').where('subject_id', '=', ids.mehdi!).execute()).length >= 1, true, 'the registry audited the merge');
      assert.deepEqual(await db().selectFrom('person_match_keys').select('kind').where('person_id', '=', ids.mehdi2!).execute(), [], 'the merged record leaves the search');

      const twice = await api.call('POST', url, w.ministryAdmin.token, { decision: 'different', reason: REASON });
      assert.deepEqual([twice.status, twice.body.type], [409, '/problems/match-decided']);
      assert.equal((await proposalOf('mehdi', 'mehdi2')).status, 'same');
    });
  });
}
