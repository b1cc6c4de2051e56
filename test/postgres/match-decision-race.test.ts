/**
 * On a real PostgreSQL server: two ministry staff deciding one match proposal at the same moment,
 * one "same" and one "different" (matching/decide-proposal.ts). Exactly one decision wins and the
 * other is 409 match-decided (the proposal's row lock, then the conditional UPDATE of a pending
 * proposal); the records are merged exactly when "same" won, and the proposal says what won.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { registeredSince } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/kernel/actor.js';
import { registerHousehold } from '../../src/modules/registry/registry.service.js';
import { matchingRepository } from '../../src/modules/matching/matching.repository.js';
import { decideProposal } from '../../src/modules/matching/decide-proposal.js';
import { Problem } from '../../src/shared/problem.js';

const REASON = 'Reviewed both records against the civil registry.';

describe('two decisions of one match proposal at once (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 30, charities: 2 });
  const charity = (c: number) => pg.w.charities[c]!.caseworker.actor;

  async function single(c: number) {
    const nationalId = pg.w.nextId('1975-01-20');
    const region = [...pg.dep.regions.values()].find((r) => r.level === 1)!.code;
    const h = await inTx(pg.db, charity(c), (trx) => registerHousehold(trx, charity(c), pg.dep, { regionCode: region, members: [{ nationalId, fullName: 'محمد عبدالله الكندري', birthDate: '1975-01-20', relation: 'head' }] }));
    await registeredSince(pg.db, h.id, '2024-01-01T08:00:00Z');
    return (await pg.db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirstOrThrow()).id;
  }
  const decide = (actor: Actor, id: string, decision: 'same' | 'different') => inTx(pg.db, actor, (trx) => decideProposal(trx, actor, id, { decision, reason: REASON }, pg.clock.now()));
  const slugOf = (o: { ok: boolean; e?: unknown }) => (o.ok ? 'ok' : o.e instanceof Problem ? o.e.slug : `not a Problem: ${String(o.e)}`);

  test('10 proposals, each decided "same" and "different" at once by two staff: one decision each, the other 409 match-decided', async () => {
    const proposals: { id: string; a: string; b: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const [a, b] = [await single(0), await single(1)].sort() as [string, string];
      await inTx(pg.db, SYSTEM_ACTOR, (trx) => matchingRepository.propose(trx, { personA: a, personB: b, score: 12, explanation: { relatives: false, parts: [] }, at: pg.clock.now() }));
      const row = await pg.db.selectFrom('match_proposals').select('id').where('person_a', '=', a).where('person_b', '=', b).executeTakeFirstOrThrow();
      proposals.push({ id: row.id, a, b });
    }
    const outcomes = await allAtOnce<unknown>(proposals.flatMap((p) => [() => decide(pg.w.ministryAdmin.actor, p.id, 'same'), () => decide(pg.w.supervisor.actor, p.id, 'different')]));
    for (const [i, p] of proposals.entries()) {
      const [same, different] = outcomes.slice(2 * i, 2 * i + 2).map(slugOf);
      assert.deepEqual([same, different].sort(), ['match-decided', 'ok'], `proposal ${i}: ${same}, ${different}`);
      const row = await pg.db.selectFrom('match_proposals').select(['status', 'decided_by']).where('id', '=', p.id).executeTakeFirstOrThrow();
      const merged = (await pg.db.selectFrom('persons').select('merged_into').where('id', '=', p.b).executeTakeFirstOrThrow()).merged_into;
      if (same === 'ok') {
        assert.deepEqual([row.status, row.decided_by, merged], ['same', pg.w.ministryAdmin.actor.userId, p.a]);
      } else {
        assert.deepEqual([row.status, row.decided_by, merged], ['different', pg.w.supervisor.actor.userId, null], 'a "different" that won merged nothing');
      }
      const decisions = await pg.db.selectFrom('audit_log').select('seq').where('action', '=', 'match.decide').where('subject_id', '=', p.id).execute();
      assert.equal(decisions.length, 1, 'one decision audited');
    }
  });
});
