/**
 * On a real PostgreSQL server: 20 charities claim one request at the same instant, each on its own
 * connection. Exactly one claim wins; the 19 others are refused with 409 already-claimed; the
 * timeline and the audit trail record one claim. Repeated over several requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { Problem } from '../../src/shared/problem.js';

describe('20 charities racing to claim one request (PostgreSQL)', () => {
  let t: TestDb;
  let w: World;
  const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
  before(async () => {
    t = await freshDatabase('postgres', { poolSize: 30 });
    w = await makeWorld(t.database.db, t.dep, { charities: 20 });
  });
  after(() => t.close());

  for (const round of [1, 2, 3, 4, 5]) {
    test(`round ${round}: exactly one claim, 19 × 409 already-claimed`, async () => {
      const admin = w.ministryAdmin.actor;
      const fam = await registerFamily(t.database.db, t.dep, w, admin);
      const request = await inTx(t.database.db, admin, (trx) => submitRequest(trx, admin, t.dep, clock, { householdId: fam.householdId, aidTypeCode: 'refrigerator', justification: 'Needed.' }));

      let go!: () => void;
      const gate = new Promise<void>((r) => (go = r));
      const attempts = w.charities.map(async (c) => {
        await gate;
        const actor = c.caseworker.actor;
        return inTx(t.database.db, actor, (trx) => claimRequest(trx, actor, request.id, clock.now())).then(
          (r) => ({ ok: true as const, org: c.id, r }),
          (e: unknown) => ({ ok: false as const, org: c.id, e }),
        );
      });
      go();
      const outcomes = await Promise.all(attempts);
      const won = outcomes.filter((o) => o.ok);
      const lost = outcomes.filter((o) => !o.ok);
      assert.equal(won.length, 1);
      assert.equal(lost.length, 19);
      for (const l of lost) assert.ok(!l.ok && l.e instanceof Problem && l.e.slug === 'already-claimed', String(!l.ok && l.e));

      const row = await t.database.db.selectFrom('aid_requests').select(['status', 'claimed_by_org']).where('id', '=', request.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'claimed', claimed_by_org: won[0]!.org });
      const events = await t.database.db.selectFrom('request_events').select(['event', 'org_id']).where('request_id', '=', request.id).where('event', '=', 'claimed').execute();
      assert.deepEqual(events, [{ event: 'claimed', org_id: won[0]!.org }]);
      const audits = await t.database.db.selectFrom('audit_log').select('actor_org').where('subject_id', '=', request.id).where('action', '=', 'request.claim').execute();
      assert.deepEqual(audits, [{ actor_org: won[0]!.org }]);
    });
  }
});
