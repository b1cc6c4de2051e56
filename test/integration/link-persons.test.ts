/**
 * Two records of one person linked (registry/link-persons.ts), on every engine: the merged record's
 * grants and requests become the kept one's, its household place is settled both ways, the merge is
 * audited, the no-duplicate rule refuses a merge that would give a household the same aid twice
 * (nothing written), a merged record is refused again and read-only, and its national ID lands on
 * the survivor. The route's refusals of bad input, and who may merge.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registeredSince, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Actor } from '../../src/kernel/actor.js';
import type { Relation } from '../../src/db/schema.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { findHouseholdByNationalId, linkPersons, registerHousehold, removeMember } from '../../src/modules/registry/registry.service.js';
import { householdsRepository } from '../../src/modules/registry/registry.repository.js';
import { refused } from '../support/refused.js';

/** The database's own refusal, with its SQLSTATE and constraint. */
async function dbRefused(p: Promise<unknown>, code: string, constraint: string) {
  await assert.rejects(p, (e: { code?: string; constraint?: string }) => {
    assert.equal(e.code, code);
    assert.equal(e.constraint, constraint);
    return true;
  });
}

const REASON = 'Same person: the national ID was mistyped at registration.';

for (const engine of engines()) {
  describe(`two records of one person linked (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep);
      api = await makeApi(t, clock);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const db = () => t.database.db;
    const ministry = () => w.ministryAdmin.actor;
    const charity = (c: number) => w.charities[c]!.caseworker.actor;

    /** A household of these people (the first is the head), registered by charity `c`; the persons' ids in order. */
    async function household(c: number, people: { relation: Relation; birthDate?: string }[]) {
      const members = people.map((p, i) => {
        const birthDate = p.birthDate ?? (i === 0 ? '1975-01-20' : '2008-09-15');
        return { nationalId: w.nextId(birthDate), fullName: i === 0 ? 'محمد عبدالله الكندري' : 'أحمد محمد الكندري', birthDate, relation: p.relation };
      });
      const h = await inTx(db(), charity(c), (trx) => registerHousehold(trx, charity(c), t.dep, { regionCode: [...t.dep.regions.values()].find((r) => r.level === 1)!.code, members }));
      await registeredSince(db(), h.id, '2024-01-01T09:00:00Z');
      const persons = await db().selectFrom('persons').select(['id', 'national_id']).where('national_id', 'in', members.map((m) => m.nationalId)).execute();
      return { householdId: h.id, ids: members.map((m) => persons.find((p) => p.national_id === m.nationalId)!.id), nationalIds: members.map((m) => m.nationalId) };
    }
    const grant = (c: number, nationalId: string, aidTypeCode: string) => inTx(db(), charity(c), (trx) => grantAid(trx, charity(c), t.dep, clock, { beneficiaryNationalId: nationalId, aidTypeCode, ...(aidTypeCode === 'medical-aid' ? { amount: '50' } : {}) }));
    const request = (c: number, nationalId: string, aidTypeCode: string) => inTx(db(), charity(c), (trx) => submitRequest(trx, charity(c), t.dep, clock, { beneficiaryNationalId: nationalId, aidTypeCode, justification: 'The family asked for it.' }));
    const link = (actor: Actor, keepId: string, mergeId: string, reason = REASON) => inTx(db(), actor, (trx) => linkPersons(trx, actor, { keepId, mergeId, reason }, clock.now()));
    const person = (id: string) => db().selectFrom('persons').select(['merged_into', 'merged_at', 'merged_by']).where('id', '=', id).executeTakeFirstOrThrow();
    const activeIn = async (personId: string) => (await db().selectFrom('household_members').select(['household_id', 'relation']).where('person_id', '=', personId).where('active', '=', true).execute());
    const mergeAudits = (id: string) => db().selectFrom('audit_log').select(['household_id', 'reason', 'details', 'subject_id', 'actor_user']).where('action', '=', 'person.merge').where('subject_id', '=', id).orderBy('seq').execute();

    test('A in a household: B\'s grant and request move to A and A\'s household, B leaves its household, the merge is audited in both', async () => {
      const a = await household(0, [{ relation: 'head' }, { relation: 'child' }]);
      const b = await household(1, [{ relation: 'head' }, { relation: 'child' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      const g = await grant(1, b.nationalIds[0]!, 'washing-machine');
      const r = await request(1, b.nationalIds[0]!, 'medical-aid');

      const out = await link(ministry(), A, B);
      assert.deepEqual(out, { personId: A, mergedId: B, householdId: a.householdId, grantsMoved: 1, requestsMoved: 1 });

      const moved = await db().selectFrom('grants').select(['person_id', 'household_id']).where('id', '=', g.id).executeTakeFirstOrThrow();
      assert.deepEqual(moved, { person_id: A, household_id: a.householdId });
      const movedRequest = await db().selectFrom('aid_requests').select(['person_id', 'household_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
      assert.deepEqual(movedRequest, { person_id: A, household_id: a.householdId });
      assert.deepEqual(await activeIn(B), [], 'B is in no household');
      assert.deepEqual((await activeIn(A)).map((m) => m.household_id), [a.householdId], 'A stays where A was');
      assert.deepEqual((await activeIn(b.ids[1]!)).map((m) => m.household_id), [b.householdId], 'B\'s household keeps its other members');
      const p = await person(B);
      assert.equal(p.merged_into, A);
      assert.equal(p.merged_by, ministry().userId);
      assert.equal(p.merged_at?.toISOString(), clock.now().toISOString());

      const audits = await mergeAudits(A);
      assert.deepEqual(audits.map((e) => e.household_id).sort(), [a.householdId, b.householdId].sort(), 'each household\'s trail records it');
      for (const e of audits) {
        assert.equal(e.reason, REASON);
        assert.equal(e.actor_user, ministry().userId);
        assert.deepEqual(e.details, { keepId: A, mergeId: B, fromHouseholdId: b.householdId, householdId: a.householdId, grantsMoved: 1, requestsMoved: 1 });
        assert.doesNotMatch(JSON.stringify(e.details), new RegExp(`${a.nationalIds[0]}|${b.nationalIds[0]}|الكندري`), 'no national ID or name in the details');
      }
    });

    test('B the last member of its household (A registered again): the household\'s own aid moves to A\'s household; with others left in it, it stays', async () => {
      const a = await household(0, [{ relation: 'head' }, { relation: 'child' }]);
      const alone = await household(1, [{ relation: 'head' }]);
      const householdGrant = (c: number, householdId: string, aidTypeCode: string) => inTx(db(), charity(c), (trx) => grantAid(trx, charity(c), t.dep, clock, { householdId, aidTypeCode }));
      const g = await householdGrant(1, alone.householdId, 'food-basket');
      const out = await link(ministry(), a.ids[0]!, alone.ids[0]!);
      assert.equal(out.grantsMoved, 1);
      assert.equal((await db().selectFrom('grants').select('household_id').where('id', '=', g.id).executeTakeFirstOrThrow()).household_id, a.householdId);
      // The no-duplicate rule now sees it in A's household: a second food basket there is refused.
      await refused(householdGrant(0, a.householdId, 'food-basket'), 'duplicate-aid');

      const c = await household(0, [{ relation: 'head' }]);
      const shared = await household(1, [{ relation: 'head' }, { relation: 'child' }]);
      const kept = await householdGrant(1, shared.householdId, 'food-basket');
      assert.equal((await link(ministry(), c.ids[0]!, shared.ids[0]!)).grantsMoved, 0);
      assert.equal((await db().selectFrom('grants').select('household_id').where('id', '=', kept.id).executeTakeFirstOrThrow()).household_id, shared.householdId, 'the household keeps its aid: its child is still in it');
    });

    test('A in no household: A takes B\'s place (B\'s relation) in B\'s household; B\'s grant stays in that household, now A\'s', async () => {
      const a = await household(0, [{ relation: 'head' }, { relation: 'child' }]);
      const A = a.ids[1]!;
      await inTx(db(), charity(0), (trx) => removeMember(trx, charity(0), a.householdId, A, 'Moved out to live alone.', clock.now()));
      const b = await household(1, [{ relation: 'head' }, { relation: 'child' }]);
      const B = b.ids[0]!;
      const g = await grant(1, b.nationalIds[0]!, 'refrigerator');

      const out = await link(ministry(), A, B);
      assert.equal(out.householdId, b.householdId);
      assert.equal(out.grantsMoved, 1);
      assert.deepEqual(await activeIn(A), [{ household_id: b.householdId, relation: 'head' }], 'A is the head of B\'s household now');
      assert.deepEqual(await activeIn(B), []);
      assert.deepEqual(await db().selectFrom('grants').select(['person_id', 'household_id']).where('id', '=', g.id).executeTakeFirstOrThrow(), { person_id: A, household_id: b.householdId });
      assert.equal((await person(B)).merged_into, A);
      assert.deepEqual((await mergeAudits(A)).map((e) => e.household_id), [b.householdId]);
    });

    test('the same aid group twice in A\'s household inside the window: 409 merge-conflicts-aid, and nothing of the merge is written', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      await grant(0, a.nationalIds[0]!, 'refrigerator');
      const g = await grant(1, b.nationalIds[0]!, 'fridge-freezer'); // the same exclusivity group
      const auditsBefore = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

      const p = await refused(link(ministry(), A, B), 'merge-conflicts-aid');
      assert.equal(p.status, 409);
      assert.equal(p.extensions.conflict, 'grant');
      assert.equal(p.extensions.householdId, a.householdId);
      assert.match(p.message, /Revoke one of the two grants/);

      assert.deepEqual(await db().selectFrom('grants').select(['person_id', 'household_id']).where('id', '=', g.id).executeTakeFirstOrThrow(), { person_id: B, household_id: b.householdId });
      assert.deepEqual((await activeIn(B)).map((m) => m.household_id), [b.householdId]);
      assert.equal((await person(B)).merged_into, null);
      assert.deepEqual(await mergeAudits(A), []);
      const auditsAfter = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(auditsAfter.n), Number(auditsBefore.n), 'no audit entry either');
    });

    test('an open request of one aid group in both records: 409 merge-conflicts-aid naming the open request, nothing written', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      await request(0, a.nationalIds[0]!, 'medical-aid');
      const r = await request(1, b.nationalIds[0]!, 'medical-aid');
      const p = await refused(link(ministry(), A, B), 'merge-conflicts-aid');
      assert.equal(p.extensions.conflict, 'open-request');
      assert.match(p.message, /Withdraw or decide one of the two requests/);
      assert.deepEqual(await db().selectFrom('aid_requests').select(['person_id', 'household_id']).where('id', '=', r.id).executeTakeFirstOrThrow(), { person_id: B, household_id: b.householdId });
      assert.equal((await person(B)).merged_into, null);
      assert.deepEqual(await mergeAudits(A), []);
    });

    test('both records in one household: B\'s grant becomes A\'s there, B\'s membership ends, one audit entry', async () => {
      const h = await household(0, [{ relation: 'head' }, { relation: 'child' }]);
      const [A, B] = h.ids as [string, string];
      const g = await grant(0, h.nationalIds[1]!, 'washing-machine');
      const out = await link(ministry(), A, B);
      assert.deepEqual(out, { personId: A, mergedId: B, householdId: h.householdId, grantsMoved: 1, requestsMoved: 0 });
      assert.deepEqual(await db().selectFrom('grants').select(['person_id', 'household_id']).where('id', '=', g.id).executeTakeFirstOrThrow(), { person_id: A, household_id: h.householdId });
      assert.deepEqual(await activeIn(B), []);
      assert.deepEqual(await activeIn(A), [{ household_id: h.householdId, relation: 'head' }]);
      assert.equal((await mergeAudits(A)).length, 1);
    });

    test('a merged record is refused again, as the one kept and as the one merged; the same person twice is a 400', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const c = await household(2, [{ relation: 'head' }]);
      const [A, B, C] = [a.ids[0]!, b.ids[0]!, c.ids[0]!];
      await link(ministry(), A, B);
      const again = await refused(link(ministry(), A, B), 'person-merged');
      assert.deepEqual([again.extensions.personId, again.extensions.mergedInto], [B, A]);
      await refused(link(ministry(), C, B), 'person-merged');
      await refused(link(ministry(), B, C), 'person-merged');
      assert.equal((await person(C)).merged_into, null, 'C was not merged into a merged record');
      assert.equal((await mergeAudits(A)).length, 2, 'only the first merge was audited (once per household)');
      const self = await refused(link(ministry(), A, A), 'validation');
      assert.equal(self.extensions.field, 'mergeId');
      await refused(link(ministry(), A, randomUUID()), 'not-found');
    });

    test('a charity may not merge, even two people of a household it registered: 403 and nothing written', async () => {
      const a = await household(0, [{ relation: 'head' }, { relation: 'child' }]);
      const [A, B] = a.ids as [string, string];
      await refused(link(charity(0), A, B), 'forbidden');
      assert.equal((await person(B)).merged_into, null);
      assert.equal((await activeIn(B)).length, 1);
    });

    test('the merged record\'s national ID lands on the survivor: a lookup finds A\'s household, a registration is A, never a new person', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      await link(ministry(), A, B);
      const bId = b.nationalIds[0]!;

      const hit = await inTx(db(), ministry(), (trx) => findHouseholdByNationalId(trx, ministry(), t.dep, bId, 'aid-check', clock.now()));
      assert.deepEqual(hit, { registered: true, householdId: a.householdId });
      const known = await inTx(db(), ministry(), (trx) => householdsRepository.findPersonsByNationalIds(trx, t.dep.idScheme, [bId]));
      assert.deepEqual(known, [{ id: A, national_id: bId, active_household_id: a.householdId }]);

      const personsBefore = await db().selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const cw = charity(2);
      const p = await refused(
        inTx(db(), cw, (trx) => registerHousehold(trx, cw, t.dep, { regionCode: [...t.dep.regions.values()].find((r) => r.level === 1)!.code, members: [{ nationalId: bId, fullName: 'محمد عبدالله الكندري', birthDate: '1975-01-20', relation: 'head' }] })),
        'member-of-other-household',
      );
      assert.equal(p.extensions.field, 'members[0].nationalId', 'the survivor is a member of A\'s household: refused as A');
      const personsAfter = await db().selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(personsAfter.n), Number(personsBefore.n), 'no new person for the merged ID');

      // Signing in with the merged record's national ID, the applicant reads the kept record's household.
      const { token } = await applicantAccount(db(), w, { nationalId: bId });
      const mine = await api.call('GET', '/api/v1/me/household', token);
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.equal(mine.body.id, a.householdId);
    });

    test('the database itself keeps a merged record read-only and refuses a person merged into itself', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      await link(ministry(), A, B);
      await dbRefused(db().updateTable('persons').set({ full_name: 'Someone else' }).where('id', '=', B).execute(), '55000', 'persons_merged_read_only');
      await dbRefused(db().updateTable('persons').set({ merged_into: null, merged_at: null, merged_by: null }).where('id', '=', B).execute(), '55000', 'persons_merged_read_only');
      await dbRefused(db().insertInto('household_members').values({ household_id: a.householdId, person_id: B, relation: 'child' }).execute(), '55000', 'persons_merged_read_only');
      const c = await household(2, [{ relation: 'head' }]);
      await dbRefused(db().updateTable('persons').set({ merged_into: c.ids[0]!, merged_at: new Date(), merged_by: ministry().userId }).where('id', '=', c.ids[0]!).execute(), '23514', 'persons_not_merged_into_itself');
    });

    test('POST /persons/:id/merge: the survivor for the ministry (no-store), 403 for a charity, 400 for bad input, 404 for an unknown record', async () => {
      const a = await household(0, [{ relation: 'head' }]);
      const b = await household(1, [{ relation: 'head' }]);
      const [A, B] = [a.ids[0]!, b.ids[0]!];
      const url = `/api/v1/persons/${A}/merge`;
      const token = w.ministryAdmin.token;

      const bad: [string, unknown, string][] = [
        ['no reason', { mergeId: B }, 'reason'],
        ['a short reason', { mergeId: B, reason: 'same' }, 'reason'],
        ['a reason too long', { mergeId: B, reason: 'x'.repeat(501) }, 'reason'],
        ['no mergeId', { reason: REASON }, 'mergeId'],
        ['a mergeId that is no UUID', { mergeId: 'B', reason: REASON }, 'mergeId'],
        ['an unknown field', { mergeId: B, reason: REASON, keep: true }, ''],
      ];
      for (const [what, body, field] of bad) {
        const res = await api.call('POST', url, token, body);
        assert.equal(res.status, 400, what);
        assert.equal(res.body.type, '/problems/validation', what);
        if (field) assert.match(JSON.stringify(res.body), new RegExp(field), what);
      }
      const self = await api.call('POST', url, token, { mergeId: A, reason: REASON });
      assert.deepEqual([self.status, self.body.type, self.body.field], [400, '/problems/validation', 'mergeId']);
      const unknown = await api.call('POST', url, token, { mergeId: randomUUID(), reason: REASON });
      assert.deepEqual([unknown.status, unknown.body.type], [404, '/problems/not-found']);
      const unknownKeep = await api.call('POST', `/api/v1/persons/${randomUUID()}/merge`, token, { mergeId: B, reason: REASON });
      assert.equal(unknownKeep.status, 404);
      const byCharity = await api.call('POST', url, w.charities[0]!.admin.token, { mergeId: B, reason: REASON });
      assert.deepEqual([byCharity.status, byCharity.body.type], [403, '/problems/forbidden']);
      assert.equal((await person(B)).merged_into, null, 'nothing merged by a refused call');

      const ok = await api.call('POST', url, w.supervisor.token, { mergeId: B, reason: REASON });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, { personId: A, mergedId: B, householdId: a.householdId, grantsMoved: 0, requestsMoved: 0 });
      assert.match(String(ok.headers['cache-control']), /no-store/);
      assert.equal((await person(B)).merged_into, A);
      const again = await api.call('POST', url, token, { mergeId: B, reason: REASON });
      assert.deepEqual([again.status, again.body.type], [409, '/problems/person-merged']);
    });
  });
}
