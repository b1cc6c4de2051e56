/**
 * The registry's search weighs a name by how common it is among the indexed persons, on every
 * engine: once the sweep has counted the registry (person_match_counts), a record agreeing with a
 * person on a given name hundreds carry scores lower than one agreeing, with the same evidence
 * otherwise, on a rare given name; before any count both score alike. A phone many persons share
 * weighs less than a person's own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { sweepBatch } from '../../src/modules/matching/match-sweep.js';
import { findCandidates } from '../../src/modules/matching/find-candidates.js';
import { recountFrequencies } from '../../src/modules/matching/registry-frequencies.js';
import { prepareRecord } from '../../src/modules/matching/person-record.js';

for (const engine of engines()) {
  describe(`the registry's search weighs names by how common they are (${engine})`, () => {
    let t: TestDb;
    const at = new Date('2026-05-01T10:00:00Z');

    before(async () => {
      t = await freshDatabase(engine);
      // 1 200 persons: 400 called محمد, the others each a given name of their own; each their own
      // family name, except the two pairs below. Eight persons share one phone.
      await sql`insert into persons (id_scheme, national_id, full_name, name_key, compact_key, birth_date, sex, nationality, phone)
                select 'KW_CIVIL_ID', 'X' || g, n, n, n, date '1950-01-01' + g, 'M', 'KW', case when g <= 8 then '+96550000001' end
                  from generate_series(1, 1200) g,
                       lateral (select (case when g <= 400 then 'محمد' else 'اسم' || g end) || ' ' || 'سالم' || ' ' || 'عائلة' || g as n) x`.execute(t.database.db);
      await sql`insert into persons (id_scheme, national_id, full_name, name_key, compact_key, birth_date, sex, nationality, phone) values
                ('KW_CIVIL_ID', 'Y1', 'محمد ناصر العتيبي', 'a', 'a', '1980-04-04', 'M', 'KW', '+96551111111'),
                ('KW_CIVIL_ID', 'Y2', 'سلطان ناصر العتيبي', 'b', 'b', '1980-04-04', 'M', 'KW', '+96552222222')`.execute(t.database.db);
      await inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
        for (let after: string | null = null, full = true; full; ) ({ last: after, full } = await sweepBatch(trx, after, 500, at));
      });
    });
    after(async () => {
      await t.close();
    });

    // Each typed with the same evidence: the whole name, the birth year, another ID, no phone.
    const probe = (fullName: string) => prepareRecord({ id: `probe:${fullName}`, nationalId: '', fullName, birthDate: '1980-07-07', sex: 'M', country: 'KW' });
    const scoreOf = async (fullName: string, nationalId: string) => {
      const { candidates } = await inTx(t.database.db, SYSTEM_ACTOR, (trx) => findCandidates(trx, probe(fullName), { threshold: -1000 }));
      const id = (await t.database.db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirstOrThrow()).id;
      return candidates.find((c) => c.personId === id)!;
    };

    test('counted, a common given name agrees by chance more often and weighs less', async () => {
      const uncounted = [(await scoreOf('محمد ناصر العتيبي', 'Y1')).score, (await scoreOf('سلطان ناصر العتيبي', 'Y2')).score];
      assert.equal(uncounted[0], uncounted[1], 'before any count the two weigh alike');

      await inTx(t.database.db, SYSTEM_ACTOR, (trx) => recountFrequencies(trx, at));
      const common = await scoreOf('محمد ناصر العتيبي', 'Y1');
      const rare = await scoreOf('سلطان ناصر العتيبي', 'Y2');
      const given = (c: typeof common) => c.explanation.parts.find((p) => p.field === 'given')!.weight;
      assert.ok(given(common) < given(rare) - 3, `محمد (${given(common)}) weighs well under سلطان (${given(rare)})`);
      assert.ok(common.score < rare.score);
      const counts = await t.database.db.selectFrom('person_match_counts').select(['kind', 'n']).where((eb) => eb.or([eb('kind', '=', '*'), eb.and([eb('kind', '=', 'tg'), eb('value', '=', 'محمد')])])).orderBy('kind').execute();
      assert.deepEqual(counts.map((c) => [c.kind, c.n]), [['*', 1202], ['tg', 401]]);
    });

    test('a phone eight persons share weighs less than a person\'s own', async () => {
      const shared = prepareRecord({ id: 'probe:shared', fullName: 'اسم900 سالم عائلة900', birthDate: '1990-01-08', sex: 'M', phone: '+96550000001', country: 'KW' });
      const own = prepareRecord({ id: 'probe:own', fullName: 'محمد ناصر العتيبي', birthDate: '1980-04-04', sex: 'M', phone: '+96551111111', country: 'KW' });
      const phoneWeight = async (r: ReturnType<typeof prepareRecord>, nationalId: string) => {
        const id = (await t.database.db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirstOrThrow()).id;
        const { candidates } = await inTx(t.database.db, SYSTEM_ACTOR, (trx) => findCandidates(trx, r, { threshold: -1000 }));
        return candidates.find((c) => c.personId === id)!.explanation.parts.find((p) => p.field === 'phone')!.weight;
      };
      const mine = await phoneWeight(own, 'Y1');
      assert.ok(mine > 0);
      // Persons 1–8 share the phone: compare a holder, person 3.
      const theirs = await phoneWeight(shared, 'X3');
      assert.ok(theirs > 0 && theirs < mine, `shared ${theirs} < own ${mine}`);
    });
  });
}
