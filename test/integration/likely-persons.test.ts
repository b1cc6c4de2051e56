/**
 * "This may be someone already registered" at registration, through the API, on every engine: a
 * member typed under another valid national ID (mistyped, check digit and all) and a name typed on the other keyboard is
 * refused with the registered person it may be, shown to a charity that may not see that person's
 * household only as name, birth year, the ID's last three digits and region, and the showing is
 * traced; `sameAs` registers the member as that record (no second person), `notSameAs` as typed;
 * a `sameAs` the search does not name is refused; a different person is not warned about; the
 * persons a registration writes are found by the next one without a sweep; a person whose data
 * changes is indexed again by the next sweep.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, mistypedValid, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { LOOKUP_ACTION } from '../../src/modules/registry/lookups.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { sweepBatch } from '../../src/modules/matching/match-sweep.js';

for (const engine of engines()) {
  describe(`registration warns of a person already registered under another ID (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let region: string;
    const clock = new ManualClock(new Date('2026-05-01T10:00:00Z'));
    const persons = async () => Number((await t.database.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    // Registered by charity A: a head and a mother who later leaves the household (unattached).
    const mother = { birthDate: '1962-03-14', fullName: 'زينب حسين الكندري', sex: 'F' as const };
    let motherId: string;
    let motherNationalId: string;
    let householdA: string;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t, clock);
      region = [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
      motherNationalId = w.nextId(mother.birthDate);
      const reg = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, {
        regionCode: region,
        members: [
          { nationalId: w.nextId('1960-07-01'), fullName: 'يوسف خالد المطيري', birthDate: '1960-07-01', sex: 'M', relation: 'head' },
          { nationalId: motherNationalId, ...mother, relation: 'parent' },
        ],
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      householdA = reg.body.id;
      const person = await t.database.db.selectFrom('persons').select('id').where('national_id', '=', motherNationalId).executeTakeFirstOrThrow();
      motherId = person.id;
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    // Charity B types her under another valid ID, her name on a Persian keyboard (ی ک), no hamza.
    const typedMother = () => ({ nationalId: mistypedValid(t.dep.idScheme, motherNationalId), fullName: 'زینب حسین الکندری', birthDate: mother.birthDate, sex: 'F', relation: 'head' });

    test('a member who may be a registered person in another household: refused with the person, traced, nothing written', async () => {
      const b = w.charities[1]!;
      const before = await persons();
      const r = await api.call('POST', '/api/v1/households', b.caseworker.token, { regionCode: region, members: [typedMother()] });
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.type.split('/').pop(), 'possible-duplicate-person');
      const [m] = r.body.matches;
      assert.equal(m.field, 'members[0].nationalId');
      assert.equal(m.member, 0);
      assert.equal(m.candidates[0].personId, motherId);
      assert.equal(m.candidates[0].fullName, mother.fullName, 'the name as registered');
      assert.equal(m.candidates[0].birthYear, 1962);
      assert.equal(m.candidates[0].nationalIdEnd, motherNationalId.slice(-3));
      assert.equal(m.candidates[0].inHousehold, true);
      assert.ok(!JSON.stringify(r.body).includes(motherNationalId), 'never the whole registered ID');
      assert.ok(!JSON.stringify(r.body).includes(householdA), 'nor the household of a charity that may not see it');
      assert.equal(await persons(), before, 'no record made');
      const traces = await t.database.db.selectFrom('audit_log').select(['subject_id', 'household_id', 'details']).where('action', '=', LOOKUP_ACTION).where('actor_org', '=', b.caseworker.actor.orgId).execute();
      assert.ok(traces.some((x) => x.subject_id === motherId && x.household_id === householdA && (x.details as { via?: string }).via === 'likely-match'), 'the showing is traced for her to see');
    });

    test('sameAs for a person in another household meets the one-household rule; once she has left, it links her record', async () => {
      const b = w.charities[1]!;
      const linkedBody = { regionCode: region, members: [{ ...typedMother(), sameAs: motherId }] };
      const elsewhere = await api.call('POST', '/api/v1/households', b.caseworker.token, linkedBody);
      assert.equal(elsewhere.status, 409);
      assert.equal(elsewhere.body.type.split('/').pop(), 'member-of-other-household');

      const left = await api.call('DELETE', `/api/v1/households/${householdA}/members/${motherId}`, w.charities[0]!.caseworker.token, { reason: 'moved to her daughter' });
      assert.equal(left.status, 204, JSON.stringify(left.body));
      const before = await persons();
      const r = await api.call('POST', '/api/v1/households', b.caseworker.token, linkedBody);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(await persons(), before, 'no second record of her');
      const member = await t.database.db.selectFrom('household_members').select('person_id').where('household_id', '=', r.body.id).where('active', '=', true).execute();
      assert.deepEqual(member.map((x) => x.person_id), [motherId]);
      const kept = await t.database.db.selectFrom('persons').select(['national_id', 'full_name']).where('id', '=', motherId).executeTakeFirstOrThrow();
      assert.deepEqual(kept, { national_id: motherNationalId, full_name: mother.fullName }, 'the record kept as registered');
    });

    test('a sameAs the search does not name is refused; notSameAs registers the member as typed', async () => {
      const b = w.charities[1]!;
      const other = await t.database.db.selectFrom('persons').select('id').where('id', '!=', motherId).executeTakeFirstOrThrow();
      const stranger = { nationalId: w.nextId(mother.birthDate), fullName: 'زینب حسین الکندری', birthDate: mother.birthDate, sex: 'F', relation: 'head' };
      const forged = await api.call('POST', '/api/v1/households', b.caseworker.token, { regionCode: region, members: [{ ...stranger, sameAs: other.id }] });
      assert.equal(forged.status, 400, JSON.stringify(forged.body));
      assert.equal(forged.body.field, 'members[0].sameAs');

      const warned = await api.call('POST', '/api/v1/households', b.caseworker.token, { regionCode: region, members: [stranger] });
      assert.equal(warned.status, 409);
      const before = await persons();
      const r = await api.call('POST', '/api/v1/households', b.caseworker.token, { regionCode: region, members: [{ ...stranger, notSameAs: [motherId] }] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(await persons(), before + 1, 'a new record, as typed');
    });

    test('a different person is not warned about; a member just registered is found by the next registration without a sweep', async () => {
      const b = w.charities[1]!;
      const boy = { nationalId: w.nextId('2012-11-30'), fullName: 'عمر سالم العجمي', birthDate: '2012-11-30', sex: 'M', relation: 'head' };
      const first = await api.call('POST', '/api/v1/households', b.caseworker.token, { regionCode: region, members: [boy] });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const boyId = (await t.database.db.selectFrom('persons').select('id').where('national_id', '=', boy.nationalId).executeTakeFirstOrThrow()).id;

      const household = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, {
        regionCode: region,
        members: [{ nationalId: w.nextId('1971-05-05'), fullName: 'ناصر فهد الرشيدي', birthDate: '1971-05-05', sex: 'M', relation: 'head' }],
      });
      assert.equal(household.status, 201, 'a different person: no warning');
      const added = await api.call('POST', `/api/v1/households/${household.body.id}/members`, w.charities[0]!.caseworker.token, {
        ...boy,
        nationalId: mistypedValid(t.dep.idScheme, boy.nationalId),
        fullName: 'عمر سالم العجمى',
        relation: 'child',
      });
      assert.equal(added.status, 409, JSON.stringify(added.body));
      assert.equal(added.body.type.split('/').pop(), 'possible-duplicate-person');
      assert.equal(added.body.matches[0].field, 'nationalId');
      assert.equal(added.body.matches[0].candidates[0].personId, boyId);
    });
    test('a person whose name changes is no longer indexed until the next sweep writes their keys again', async () => {
      const db = t.database.db;
      const keysOf = async () => (await db.selectFrom('person_match_keys').select(['kind', 'value']).where('person_id', '=', motherId).orderBy('kind').orderBy('value').execute()).map((k) => `${k.kind} ${k.value}`);
      const indexed = async () => (await db.selectFrom('person_match_indexed').select('person_id').where('person_id', '=', motherId).execute()).length;
      assert.equal(await indexed(), 1);
      const before = await keysOf();
      await db.updateTable('persons').set({ phone: '+96599887766' }).where('id', '=', motherId).execute();
      assert.equal(await indexed(), 0, 'marked for the sweep');
      await inTx(db, SYSTEM_ACTOR, (trx) => sweepBatch(trx, null, 5000, clock.now()));
      assert.equal(await indexed(), 1);
      const after = await keysOf();
      assert.ok(after.some((k) => k.startsWith('ph ') && !before.includes(k)), 'the new phone is a key');
      await db.updateTable('persons').set({ nationality: 'KW' }).where('id', '=', motherId).execute();
      assert.equal(await indexed(), 1, 'what matching does not compare leaves the index alone');
    });
  });
}
