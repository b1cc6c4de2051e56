/**
 * On a real PostgreSQL server: 20 charities claim one request at the same instant, each on its own
 * connection. Exactly one claim wins; the 19 others are refused with 409 already-claimed; the
 * timeline and the audit trail record one claim. Repeated over several requests.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { registerFamily } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { Problem } from '../../src/shared/problem.js';

describe('20 charities racing to claim one request (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 30, charities: 20 });
  const clock = pg.clock;

  for (const round of [1, 2, 3, 4, 5]) {
    test(`round ${round}: exactly one claim, 19 × 409 already-claimed`, async () => {
      const admin = pg.w.ministryAdmin.actor;
      const fam = await registerFamily(pg.db, pg.dep, pg.w, admin);
      const request = await inTx(pg.db, admin, (trx) => submitRequest(trx, admin, pg.dep, clock, { householdId: fam.householdId, aidTypeCode: 'refrigerator', justification: 'Needed.' }));

      const outcomes = await allAtOnce(
        pg.w.charities.map((c) => async () => {
          const actor = c.caseworker.actor;
          return { org: c.id, r: await inTx(pg.db, actor, (trx) => claimRequest(trx, actor, request.id, clock.now())) };
        }),
      );
      const won = outcomes.flatMap((o) => (o.ok ? [o.v.org] : []));
      const lost = outcomes.filter((o) => !o.ok);
      assert.equal(won.length, 1);
      assert.equal(lost.length, 19);
      for (const l of lost) assert.ok(!l.ok && l.e instanceof Problem && l.e.slug === 'already-claimed', String(!l.ok && l.e));

      const row = await pg.db.selectFrom('aid_requests').select(['status', 'claimed_by_org']).where('id', '=', request.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'claimed', claimed_by_org: won[0] });
      const events = await pg.db.selectFrom('request_events').select(['event', 'org_id']).where('request_id', '=', request.id).where('event', '=', 'claimed').execute();
      assert.deepEqual(events, [{ event: 'claimed', org_id: won[0] }]);
      const audits = await pg.db.selectFrom('audit_log').select('actor_org').where('subject_id', '=', request.id).where('action', '=', 'request.claim').execute();
      assert.deepEqual(audits, [{ actor_org: won[0] }]);
    });
  }
});
