/**
 * On a real PostgreSQL server: a registration that loses the race for a person (the unique index
 * household_members_one_active refuses its insert once the other registration commits) is still a
 * 409 and still leaves the trace of the lookup it answered, naming the household the person is now
 * in; and one user's simultaneous lookups on many connections get exactly their quota of answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { registerHouseholdTraced, removeMember } from '../../src/modules/registry/registry.service.js';
import { Refused } from '../../src/modules/registry/lookups.js';

describe('lookup traces under concurrency on PostgreSQL', () => {
  let t: TestDb;
  let w: World;
  let fam: Family;
  let api: Api;
  before(async () => {
    t = await freshDatabase('postgres', { poolSize: 30 });
    w = await makeWorld(t.database.db, t.dep, { charities: 2 });
    fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
    api = await makeApi(t);
  });
  after(async () => {
    await api.app.close();
    await t.close();
  });

  /** Waits until some transaction of this database waits for a lock. */
  async function someoneWaits() {
    for (let i = 0; i < 2000; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
                                          where not l.granted and a.datname = current_database()`.execute(t.database.db);
      if (r.rows[0]!.n > 0) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.fail('the second registration never waited for the first');
  }

  test('the registration that loses the race for a member is refused 409 and its trace names the household that won', async () => {
    // The son leaves his family: he is known to the registry but a member of no household.
    const son = fam.members[2]!;
    const [sonRow] = await t.database.db.selectFrom('persons').select('id').where('national_id', '=', son.nationalId).execute();
    const ministry = w.supervisor.actor;
    await inTx(t.database.db, ministry, (trx) => removeMember(trx, ministry, fam.householdId, sonRow!.id, 'Moved out', new Date()));

    const region = [...t.dep.regions.keys()][0]!;
    const input = (head: string) => ({ regionCode: region, members: [{ nationalId: son.nationalId, fullName: son.fullName, birthDate: son.birthDate ?? null, relation: 'head' as const }, { nationalId: head, fullName: 'زوجة', relation: 'spouse' as const }] });
    const a = w.charities[0]!.caseworker.actor;
    const b = w.charities[1]!.caseworker.actor;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first!: () => void;
    const firstInserted = new Promise<void>((r) => (first = r));
    const winner = inTx(t.database.db, a, async (trx) => {
      const r = await registerHouseholdTraced(trx, a, t.dep, input(w.nextId('2007-01-01')));
      first();
      await held; // the membership is written, not committed
      return r;
    });
    await firstInserted;
    const loser = inTx(t.database.db, b, (trx) => registerHouseholdTraced(trx, b, t.dep, input(w.nextId('2007-02-02'))));
    await someoneWaits(); // B's insert waits on the unique index for A's transaction
    release();
    const won = await winner;
    assert.ok(!(won instanceof Refused));
    const lost = await loser;
    assert.ok(lost instanceof Refused, 'the loser is refused');
    assert.equal(lost.problem.slug, 'member-of-other-household');
    assert.match(lost.problem.message, /at the same moment/, 'refused by the unique index, not by the check before it');

    const traces = await t.database.db.selectFrom('audit_log').select(['actor_org', 'household_id', 'reason', 'details']).where('action', '=', 'registry.lookup').execute();
    assert.deepEqual(traces, [{ actor_org: b.orgId, household_id: won.id, reason: 'household-registration', details: { via: 'registration', found: true } }]);
    const byB = await t.database.db.selectFrom('households').select('id').where('created_by_org', '=', b.orgId).execute();
    assert.deepEqual(byB, [], "the loser's household was undone");
  });

  test("one user's simultaneous lookups on many connections get exactly the quota of answers", async () => {
    await sql`update deployment set settings = settings || '{"lookup_quota_hour": 5}'::jsonb`.execute(t.database.db);
    const cw = w.charities[1]!.admin;
    const id = fam.members[0]!.nationalId;
    const results = await Promise.all(
      Array.from({ length: 24 }, () => api.call('GET', `/api/v1/households/lookup?nationalId=${id}&purpose=aid-check`, cw.token)),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(19).fill(429)]);
    const n = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'registry.lookup' and actor_user = ${cw.actor.userId}`.execute(t.database.db);
    assert.equal(n.rows[0]!.n, 5);
  });
});
