/**
 * On a real PostgreSQL server: a merge of two records of one person (registry/link-persons.ts)
 * racing a grant of the same aid group to the kept person's household ends with exactly one of them
 * done and the household holding that group once — whichever commits first, the exclusion
 * constraint grants_no_duplicate_aid refuses the other (merge-conflicts-aid or duplicate-aid). Two
 * merges of one pair in opposite directions lock in the order of the ids: one wins, the other is
 * refused (person-merged), no deadlock.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { registeredSince } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import type { Actor } from '../../src/kernel/actor.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { linkPersons, registerHousehold } from '../../src/modules/registry/registry.service.js';
import { Problem } from '../../src/shared/problem.js';

const REASON = 'Same person: the national ID was mistyped at registration.';

describe('a merge racing a grant of the same aid (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 50, charities: 3 });
  const clock = pg.clock;
  const ministry = () => pg.w.ministryAdmin.actor;
  const charity = (c: number) => pg.w.charities[c]!.caseworker.actor;

  /** A household of one head registered by charity `c`: its id, the person's id and national ID. */
  async function single(c: number) {
    const nationalId = pg.w.nextId('1975-01-20');
    const region = [...pg.dep.regions.values()].find((r) => r.level === 1)!.code;
    const h = await inTx(pg.db, charity(c), (trx) => registerHousehold(trx, charity(c), pg.dep, { regionCode: region, members: [{ nationalId, fullName: 'محمد عبدالله الكندري', birthDate: '1975-01-20', relation: 'head' }] }));
    await registeredSince(pg.db, h.id, '2024-01-01T08:00:00Z');
    const p = await pg.db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirstOrThrow();
    return { householdId: h.id, personId: p.id, nationalId };
  }
  /** A and B, and B already holding a refrigerator in B's household. */
  async function pair() {
    const a = await single(0);
    const b = await single(1);
    await inTx(pg.db, charity(1), (trx) => grantAid(trx, charity(1), pg.dep, clock, { beneficiaryNationalId: b.nationalId, aidTypeCode: 'refrigerator' }));
    return { a, b };
  }
  const merge = (a: { personId: string }, b: { personId: string }, actor: Actor = ministry()) => inTx(pg.db, actor, (trx) => linkPersons(trx, actor, { keepId: a.personId, mergeId: b.personId, reason: REASON }, clock.now()));
  const grantTo = (c: number, nationalId: string) => inTx(pg.db, charity(c), (trx) => grantAid(trx, charity(c), pg.dep, clock, { beneficiaryNationalId: nationalId, aidTypeCode: 'fridge-freezer' }));
  const refrigeratorsOf = async (householdId: string) =>
    (await pg.db.selectFrom('grants').select('id').where('household_id', '=', householdId).where('group_code', '=', 'refrigerator').where('status', '=', 'active').execute()).length;
  const mergedInto = async (id: string) => (await pg.db.selectFrom('persons').select('merged_into').where('id', '=', id).executeTakeFirstOrThrow()).merged_into;
  const slugOf = (o: { ok: boolean; e?: unknown }) => (o.ok ? 'ok' : o.e instanceof Problem ? o.e.slug : `not a Problem: ${String(o.e)}`);

  test('12 pairs at once, each a merge and two grants of the group to A\'s household from two charities: one of the three per pair, the group once', async () => {
    const pairs = [];
    for (let i = 0; i < 12; i++) pairs.push(await pair());
    const outcomes = await allAtOnce<unknown>(pairs.flatMap(({ a, b }) => [() => merge(a, b), () => grantTo(0, a.nationalId), () => grantTo(2, a.nationalId)]));
    let merges = 0;
    for (const [i, { a, b }] of pairs.entries()) {
      const [m, g1, g2] = outcomes.slice(3 * i, 3 * i + 3).map(slugOf);
      assert.equal([m, g1, g2].filter((s) => s === 'ok').length, 1, `pair ${i}: ${m}, ${g1}, ${g2}`);
      assert.ok(m === 'ok' || m === 'merge-conflicts-aid', `pair ${i}: the merge answered ${m}`);
      for (const g of [g1, g2]) assert.ok(g === 'ok' || g === 'duplicate-aid', `pair ${i}: a grant answered ${g}`);
      assert.equal(await refrigeratorsOf(a.householdId), 1, `pair ${i}: A's household holds the group once`);
      if (m === 'ok') {
        merges++;
        assert.equal(await mergedInto(b.personId), a.personId);
        assert.equal(await refrigeratorsOf(b.householdId), 0, 'B\'s grant moved with B');
      } else {
        assert.equal(await mergedInto(b.personId), null, 'a refused merge wrote nothing');
        assert.equal(await refrigeratorsOf(b.householdId), 1, 'B\'s grant stayed where it was');
      }
    }
    const audits = await pg.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'person.merge').where('subject_id', 'in', pairs.map((p) => p.a.personId)).execute();
    assert.equal(audits.length, merges * 2, 'each merge that was done is audited in both households, the refused ones not at all');
  });

  test('held open against each other: a merge first makes the grant wait and fail; a grant first makes the merge wait and fail', async () => {
    for (const first of ['merge', 'grant'] as const) {
      const { a, b } = await pair();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let done!: () => void;
      const firstDone = new Promise<void>((r) => (done = r));
      // The first writer does its work, then keeps its transaction open until released.
      const firstTx = first === 'merge'
        ? inTx(pg.db, ministry(), async (trx) => {
          await linkPersons(trx, ministry(), { keepId: a.personId, mergeId: b.personId, reason: REASON }, clock.now());
          done();
          await held;
        })
        : inTx(pg.db, charity(0), async (trx) => {
          await grantAid(trx, charity(0), pg.dep, clock, { beneficiaryNationalId: a.nationalId, aidTypeCode: 'fridge-freezer' });
          done();
          await held;
        });
      await firstDone;
      let settled = false;
      const second = (first === 'merge' ? grantTo(2, a.nationalId) : merge(a, b)).then(
        () => 'ok',
        (e: unknown) => (e instanceof Problem ? e.slug : `not a Problem: ${String(e)}`),
      ).finally(() => (settled = true));
      // The second writer waits on the first's row (the exclusion constraint), not on a timer:
      // a query of pg_locks shows it waiting before the first commits.
      for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise((r) => setImmediate(r));
      assert.equal(settled, false, `${first} first: the second writer waits for the first to commit`);
      release();
      await firstTx;
      assert.equal(await second, first === 'merge' ? 'duplicate-aid' : 'merge-conflicts-aid');
      assert.equal(await refrigeratorsOf(a.householdId), 1);
      assert.equal(await mergedInto(b.personId), first === 'merge' ? a.personId : null);
    }
  });

  test('two merges of one pair in opposite directions at once: one is done, the other refused person-merged, no deadlock', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await single(0);
      const b = await single(1);
      const outcomes = await allAtOnce([() => merge(a, b), () => merge(b, a)]);
      const slugs = outcomes.map(slugOf).sort();
      assert.deepEqual(slugs, ['ok', 'person-merged'], `round ${round}`);
      const merged = [await mergedInto(a.personId), await mergedInto(b.personId)];
      assert.equal(merged.filter((m) => m !== null).length, 1, 'exactly one record points at the other');
    }
  });

  /** Is some session waiting for a lock (the second writer behind the first)? */
  async function waiting(): Promise<boolean> {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(pg.db);
    return (r.rows[0]?.n ?? 0) > 0;
  }
});
