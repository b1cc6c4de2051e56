/**
 * On a real PostgreSQL server: a request referred from a need score is offered first to the
 * inviting charity. During the offer, the offered charity and two others claim at the same
 * instant: only the offered one can win, the others are refused (forbidden, firstOffer) whatever
 * the order. After the offer, the three claim at once again on a new request: exactly one wins.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { declarationVersionOf, registerFamily } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { scoreAndRefer, type NeedFacts } from '../../src/modules/scoring/score-and-refer.js';
import { Problem } from '../../src/shared/problem.js';

const HOUR = 3_600_000;

describe('the first offer under concurrent claims (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 12, charities: 3 });
  const clock = pg.clock;

  const referred = async () => {
    const actor = pg.w.charities[0]!.caseworker.actor;
    const fam = await registerFamily(pg.db, pg.dep, pg.w, actor);
    const facts: NeedFacts = {
      regionCode: [...pg.dep.regions.values()].find((r) => r.level === 1)!.code,
      members: [{ age: 50, disability: true, chronicIllness: false, relation: 'head' }, { age: 9, disability: false, chronicIllness: false, relation: 'child' }],
      monthlyIncomeMinor: 40_000, housing: 'rented', monthlyRentMinor: 30_000, debtsMinor: 0, monthlyDebtRepaymentMinor: 0,
    };
    const declarationVersionId = await declarationVersionOf(pg.db, pg.w, fam.householdId);
    const r = await inTx(pg.db, actor, (trx) => scoreAndRefer(trx, pg.dep, { householdId: fam.householdId, declarationVersionId, facts, aidTypeCodes: ['refrigerator'], offeredToOrgId: pg.w.charities[1]!.id, actor }, clock.now()));
    assert.equal(r.requestIds.length, 1);
    return r.requestIds[0]!;
  };
  const race = (id: string, at: Date) =>
    allAtOnce(pg.w.charities.map((c) => async () => {
      const actor = c.caseworker.actor;
      return { org: c.id, r: await inTx(pg.db, actor, (trx) => claimRequest(trx, actor, id, at)) };
    }));
  const stateOf = (id: string) => pg.db.selectFrom('aid_requests').select(['status', 'claimed_by_org']).where('id', '=', id).executeTakeFirstOrThrow();
  const claimEvents = (id: string) => pg.db.selectFrom('request_events').select('org_id').where('request_id', '=', id).where('event', '=', 'claimed').execute();

  for (const round of [1, 2, 3]) {
    test(`round ${round}: during the offer only the offered charity wins; the two others are refused for the first offer`, async () => {
      const id = await referred();
      const outcomes = await race(id, new Date(clock.now().getTime() + 1 * HOUR));
      const won = outcomes.flatMap((o) => (o.ok ? [o.v.org] : []));
      assert.deepEqual(won, [pg.w.charities[1]!.id]);
      const lost = outcomes.filter((o) => !o.ok);
      assert.equal(lost.length, 2);
      for (const l of lost) assert.ok(!l.ok && l.e instanceof Problem && l.e.slug === 'forbidden' && l.e.extensions.firstOffer === true, String(!l.ok && l.e));
      assert.deepEqual(await stateOf(id), { status: 'claimed', claimed_by_org: pg.w.charities[1]!.id });
      assert.deepEqual(await claimEvents(id), [{ org_id: pg.w.charities[1]!.id }]);
    });

    test(`round ${round}: after the offer exactly one of the three wins, the others 409 already-claimed`, async () => {
      const id = await referred();
      const outcomes = await race(id, new Date(clock.now().getTime() + 73 * HOUR));
      const won = outcomes.flatMap((o) => (o.ok ? [o.v.org] : []));
      assert.equal(won.length, 1);
      const lost = outcomes.filter((o) => !o.ok);
      assert.equal(lost.length, 2);
      for (const l of lost) assert.ok(!l.ok && l.e instanceof Problem && l.e.slug === 'already-claimed', String(!l.ok && l.e));
      assert.deepEqual(await stateOf(id), { status: 'claimed', claimed_by_org: won[0] });
      assert.deepEqual(await claimEvents(id), [{ org_id: won[0] }]);
    });
  }
});
