/**
 * An import's rows without a valid national ID are searched against the registry (import-job.ts,
 * the search phase; matching's findCandidatesOfMany), on every engine: a row with a registered
 * person's name, birth date and phone but a national ID with a wrong check digit gets that person as
 * its likely person, shown to the charity by score only (API, CSV report); a namesake born another
 * year in another region gets none, nor does a row without a name; linking the row (PATCH
 * linkLikelyPerson) makes it "already registered" — no second person, the charity a referrer, the
 * person invited and the reveal audited — and bad links are problem+json; an import whose search is
 * interrupted mid-chunk resumes after the last committed row: no row searched twice, none skipped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { intakeHarness, type IntakeHarness } from './intake-helpers.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { JobWorker, type JobHandler } from '../../src/modules/jobs/worker.js';
import { intakeJobHandlers, importJob } from '../../src/modules/intake/import-job.js';
import { sweepBatch } from '../../src/modules/matching/match-sweep.js';
import { findCandidatesOfMany, reviewThreshold } from '../../src/modules/matching/find-candidates.js';
import { prepareRecord } from '../../src/modules/matching/person-record.js';

const badCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

for (const engine of engines()) {
  describe(`intake rows without a valid national ID searched against the registry (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let fam: Family;
    let h: IntakeHarness;
    let personOf: Record<string, string> = {};
    let importId = '';
    let regions: string[] = [];
    const db = () => t.database.db;
    const rowsOf = async (id: string) =>
      (await sql<{ row_no: number; verdict: string | null; likely_person: string | null; likely_score: number | null; person_id: string | null }>`
        select row_no, verdict, likely_person, likely_score, person_id from import_rows where import_id = ${id}::uuid order by row_no`.execute(db())).rows;
    const countOf = async (table: 'persons' | 'intake_referrals') => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(db(), t.dep, { charities: 2 });
      regions = [...t.dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
      // The family is registered by the second charity: the first does not know them.
      fam = await registerFamily(db(), t.dep, w, w.charities[1]!.caseworker.actor, regions[0]);
      const persons = await db().selectFrom('persons').select(['id', 'national_id']).execute();
      personOf = Object.fromEntries(persons.map((p) => [p.national_id, p.id]));
      h = await intakeHarness(t, { chunkRows: 2 });
      // The registry's persons in the match index, as the day's sweep puts them there.
      const swept = await inTx(db(), SYSTEM_ACTOR, (trx) => sweepBatch(trx, null, 500, h.clock.now()));
      assert.equal(swept.indexed, 3);
    });
    after(async () => {
      await h.close();
      await t.close();
    });

    test('the registered father typed with a wrong check digit gets him as likely person; the namesake and a row without a name get nobody', async () => {
      const token = w.charities[0]!.caseworker.token;
      const father = fam.members[0]!;
      const csv = [
        'Civil ID,Mobile,Name,Birth date,Region',
        `${badCheckDigit(father.nationalId)},50001111,${father.fullName},${father.birthDate},${regions[0]}`,
        `${badCheckDigit(w.nextId('1990-03-03'))},99007777,${father.fullName},1990-03-03,${regions[1]}`,
        `,99001237,,,`,
        `${w.nextId()},99001238,New Person,1988-01-01,${regions[0]}`,
      ].join('\r\n');
      const up = await h.upload(token, 'people.csv', csv);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      importId = up.body.id;
      const mapped = await h.call('PUT', `/api/v1/imports/${importId}/mapping`, token, { nationalId: 0, phone: 1, name: 2, birthDate: 3, region: 4 });
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
      await h.runJobs();
      const imp = await h.call('GET', `/api/v1/imports/${importId}`, token);
      assert.equal(imp.body.status, 'done');
      assert.deepEqual([imp.body.progress.accepted, imp.body.progress.waiting], [1, 3]);

      const rows = await rowsOf(importId);
      assert.deepEqual(rows.map((r) => [r.row_no, r.verdict, r.likely_person]), [
        [1, 'invalid-national-id', personOf[father.nationalId]],
        [2, 'invalid-national-id', null],
        [3, 'missing-field', null],
        [4, 'accepted', null],
      ]);
      const threshold = await inTx(db(), SYSTEM_ACTOR, (trx) => reviewThreshold(trx));
      assert.ok(rows[0]!.likely_score! >= threshold, `score ${rows[0]!.likely_score} at or above the review threshold ${threshold}`);
      // The namesake meets the father in the index (same names) but scores below the threshold.
      const namesake = prepareRecord({ id: 'namesake', idScheme: t.dep.idScheme, country: 'KW', fullName: father.fullName, birthDate: '1990-03-03', phone: '+96599007777', region: regions[1]! });
      const all = (await inTx(db(), SYSTEM_ACTOR, (trx) => findCandidatesOfMany(trx, [namesake], { threshold: -1000 })))[0]!.candidates;
      const met = all.find((c) => c.personId === personOf[father.nationalId]);
      assert.ok(met && met.score < threshold, `the namesake is a candidate below the threshold (${met?.score} < ${threshold})`);
      // Searching proposes; it decides nothing: no person linked, none created.
      assert.equal(rows[0]!.person_id, null);
      assert.equal(await countOf('persons'), 3);

      // The charity reads the score, never who the person is.
      const api = await h.call('GET', `/api/v1/imports/${importId}/rows?verdict=waiting`, token);
      assert.equal(api.status, 200);
      assert.deepEqual(api.body.items.map((r: any) => [r.rowNo, r.likelyScore === null ? null : typeof r.likelyScore]), [[1, 'number'], [2, null], [3, null]]);
      assert.ok(Math.abs(api.body.items[0].likelyScore - rows[0]!.likely_score!) < 1e-3);
      const text = JSON.stringify(api.body);
      assert.ok(!text.includes(personOf[father.nationalId]!) && !text.includes(father.nationalId), 'neither the person nor their national ID is shown');
      const csvReport = await h.call('GET', `/api/v1/imports/${importId}/report.csv?lang=en`, token);
      assert.equal(csvReport.status, 200);
      const lines = String(csvReport.body).split('\r\n');
      assert.match(lines[1]!, /the check digit does not match; may be a person already registered \(score \d+\.\d\)/);
      assert.doesNotMatch(lines[2]!, /may be a person/);
      const ar = await h.call('GET', `/api/v1/imports/${importId}/report.csv?lang=ar`, token);
      assert.match(String(ar.body).split('\r\n')[1]!, /قد يكون شخصًا مسجلًا من قبل \(الدرجة \d+\.\d\)/);
    });

    test('linking the row to the likely person: already registered, no second person, the charity a referrer, invited and audited', async () => {
      const token = w.charities[0]!.caseworker.token;
      const father = fam.members[0]!;
      const persons = await countOf('persons');
      const referrals = await countOf('intake_referrals');
      const invitedBefore = h.invited.length;

      const res = await h.call('PATCH', `/api/v1/imports/${importId}/rows/1`, token, { linkLikelyPerson: true });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.verdict, 'already-registered');
      assert.equal(res.body.likelyScore, null);
      assert.ok(!JSON.stringify(res.body).includes(father.nationalId));

      const row = (await rowsOf(importId))[0]!;
      assert.equal(row.person_id, personOf[father.nationalId]);
      assert.equal(await countOf('persons'), persons, 'never a second person');
      assert.equal(await countOf('intake_referrals'), referrals + 1);
      const ref = await db().selectFrom('intake_referrals').selectAll().where('national_id', '=', father.nationalId).execute();
      assert.deepEqual(ref.map((r) => [r.org_id, r.first_import_id, r.first_row_no, r.first_referrer]), [[w.charities[0]!.id, importId, 1, false]]);
      assert.deepEqual(h.invited.slice(invitedBefore).map((i) => [i.nationalId, i.phone, i.orgId]), [[father.nationalId, '+96550001111', w.charities[0]!.id]]);
      const imp = await h.call('GET', `/api/v1/imports/${importId}`, token);
      assert.deepEqual([imp.body.progress.accepted, imp.body.progress.waiting, imp.body.progress.rowsApplied], [2, 2, 4]);
      const reveal = await db().selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.read').where('subject_id', '=', personOf[father.nationalId]!).execute();
      assert.equal(reveal.length, 1);
      assert.deepEqual([reveal[0]!.actor_org, reveal[0]!.household_id, reveal[0]!.reason], [w.charities[0]!.id, fam.householdId, 'import-link']);
      assert.equal((await db().selectFrom('audit_log').select('seq').where('action', '=', 'import.link-row').execute()).length, 1);
      const report = await h.call('GET', `/api/v1/imports/${importId}/report.csv?lang=en`, token);
      assert.match(String(report.body).split('\r\n')[1]!, /Already registered: linked to the existing person,linked by your charity to the registered person/);
    });

    test('bad links are problem+json and change nothing', async () => {
      const token = w.charities[0]!.caseworker.token;
      const referrals = await countOf('intake_referrals');
      const refused = async (rowNo: number, body: unknown, status: number, type: string, as = token) => {
        const r = await h.call('PATCH', `/api/v1/imports/${importId}/rows/${rowNo}`, as, body);
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.type, `/problems/${type}`);
        assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      };
      await refused(2, { linkLikelyPerson: true }, 409, 'no-likely-person');
      await refused(1, { linkLikelyPerson: true }, 409, 'invalid-state');
      await refused(4, { linkLikelyPerson: true }, 409, 'invalid-state');
      await refused(2, { linkLikelyPerson: true, nationalId: '123' }, 400, 'validation');
      await refused(2, { linkLikelyPerson: false }, 400, 'validation');
      // Another charity cannot link the first one's row.
      await refused(2, { linkLikelyPerson: true }, 404, 'not-found', w.charities[1]!.caseworker.token);
      assert.equal(await countOf('intake_referrals'), referrals);
      assert.deepEqual((await rowsOf(importId)).slice(1, 3).map((r) => r.verdict), ['invalid-national-id', 'missing-field']);
    });

    test('a search interrupted mid-chunk resumes after the last committed row: no row searched twice, none skipped', async () => {
      const token = w.charities[0]!.caseworker.token;
      const [mother, child] = [fam.members[1]!, fam.members[2]!];
      const csv = [
        'Civil ID,Mobile,Name,Birth date,Region',
        `${badCheckDigit(mother.nationalId)},99002222,${mother.fullName},${mother.birthDate},${regions[0]}`,
        `${badCheckDigit(child.nationalId)},99003333,${child.fullName},${child.birthDate},${regions[0]}`,
      ].join('\r\n');
      const up = await h.upload(token, 'two.csv', csv);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      const id = up.body.id as string;
      await h.call('PUT', `/api/v1/imports/${id}/mapping`, token, { nationalId: 0, phone: 1, name: 2, birthDate: 3, region: 4 });
      const onAccepted = async (_trx: unknown, items: unknown[]) => items.length;
      const handlers = intakeJobHandlers({ dep: t.dep, settings: h.settings, onAccepted, chunkRows: 1 });
      const worker = new JobWorker(db(), { clock: h.clock, handlers });
      const matchedThrough = async () => (await db().selectFrom('imports').select('matched_through').where('id', '=', id).executeTakeFirstOrThrow()).matched_through;
      // One chunk at a time until the search's first chunk (row 1) is committed.
      for (let i = 0; i < 20 && (await matchedThrough()) !== 1; i++) assert.equal((await worker.runDue(1)).done, 1);
      assert.equal(await matchedThrough(), 1);
      let rows = await rowsOf(id);
      assert.deepEqual(rows.map((r) => r.likely_person), [personOf[mother.nationalId], null]);
      // Row 1's finding is taken away: were row 1 searched again, it would come back.
      await sql`update import_rows set likely_person = null, likely_score = null where import_id = ${id}::uuid and row_no = 1`.execute(db());

      // The process dies in the middle of the next chunk: its work is rolled back.
      const real = handlers[importJob.kind]!;
      const dying: JobHandler = async (trx, job, ctx) => {
        await real(trx, job, ctx);
        throw new Error('killed');
      };
      const crashing = new JobWorker(db(), { clock: h.clock, handlers: { [importJob.kind]: dying } });
      assert.deepEqual(await crashing.runDue(1), { done: 0, failed: 1 });
      assert.equal(await matchedThrough(), 1);
      assert.deepEqual((await rowsOf(id)).map((r) => r.likely_person), [null, null]);

      // Restarted (the failed chunk is retried after its back-off): row 2 searched, row 1 not again.
      h.clock.advanceMs(3_600_000);
      for (let i = 0; i < 20; i++) if ((await worker.runDue()).done === 0) break;
      rows = await rowsOf(id);
      assert.deepEqual(rows.map((r) => r.likely_person), [null, personOf[child.nationalId]]);
      const imp = await db().selectFrom('imports').select(['status', 'matched_through']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([imp.status, imp.matched_through], ['done', 2]);
    });
  });
}
