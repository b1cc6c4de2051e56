/**
 * On a real PostgreSQL server, at the same instant: applicants of one region applying together for
 * the last place of a programme (capacity 1) — one is enrolled, the others stay eligible and wait
 * (the region's row is locked while enrolments are counted); two runners paying one approved cycle
 * — every entitlement is recorded once, one grant each (entitlements locked, SKIP LOCKED, the
 * outcome written with its grant); two reviewers deciding one appeal — one decision stands.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { allAtOnce, postgresSuite } from '../support/postgres.js';
import { applicantAccount, declaredFacts, registeredSince, registerFamily } from '../support/fixtures.js';
import { openProgramme } from '../support/programmes.js';
import { inTx } from '../../src/kernel/transaction.js';
import type { Actor } from '../../src/kernel/actor.js';
import { applyToProgramme } from '../../src/modules/programmes/apply-to-programme.js';
import { approveCycle, payBatch, previewCycle, programmesJobHandlers } from '../../src/modules/programmes/benefit-cycle.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { systemClock } from '../../src/kernel/clock.js';
import { decideAppeal, lodgeAppeal } from '../../src/modules/programmes/appeals.js';

describe('programmes at the same instant (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 12, charities: 1 });
  const region = () => [...pg.dep.regions.values()].find((r) => r.level === 1)!.code;
  const count = async (q: string) => Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(pg.db)).rows[0]!.n);

  /** A registered, declared household in the region and its head's applicant actor. */
  const household = async (incomeMinor: number): Promise<{ householdId: string; actor: Actor }> => {
    const f = await registerFamily(pg.db, pg.dep, pg.w, pg.w.charities[0]!.caseworker.actor, region());
    await registeredSince(pg.db, f.householdId, new Date(Date.now() - 40 * 86_400_000).toISOString());
    await declaredFacts(pg.db, pg.w, f.householdId, { monthlyIncomeMinor: incomeMinor, members: 3 });
    const nationalId = f.members[0]!.nationalId;
    const { userId } = await applicantAccount(pg.db, pg.w, { nationalId });
    return { householdId: f.householdId, actor: { userId, orgId: null, orgKind: null, role: 'applicant', locale: 'en', nationalId } };
  };
  const apply = (a: Actor, programmeId: string) => () => inTx(pg.db, a, (trx) => applyToProgramme(trx, a, pg.dep, programmeId, new Date()));

  test('six applicants for one place: one enrolled, five eligible and waiting', async () => {
    const id = await openProgramme(pg.db, pg.dep, pg.w.ministryAdmin.actor, { code: 'one-place', kind: 'service', rule: true, regions: [{ code: region(), capacity: 1 }] });
    const applicants = await Promise.all(Array.from({ length: 6 }, () => household(60_000)));
    const outcomes = await allAtOnce(applicants.map((a) => apply(a.actor, id)));
    assert.ok(outcomes.every((o) => o.ok), JSON.stringify(outcomes.filter((o) => !o.ok).map((o) => !o.ok && String(o.e))));
    const enrolled = outcomes.filter((o) => o.ok && o.v.enrolled).length;
    assert.equal(enrolled, 1);
    assert.equal(await count(`select count(*) as n from enrolments where programme_id = '${id}' and status = 'active'`), 1);
    assert.equal(await count(`select count(*) as n from programme_applications where programme_id = '${id}' and status = 'eligible'`), 6);
  });

  test('two runners pay one cycle: every entitlement once, one grant each', async () => {
    const minister = pg.w.ministryAdmin.actor;
    const id = await openProgramme(pg.db, pg.dep, minister, { code: 'paid-twice', rule: true, benefit: { baseMinor: 10_000, perMemberMinor: 0 }, regions: [{ code: region() }] });
    const members = await Promise.all(Array.from({ length: 24 }, () => household(50_000)));
    for (const m of members) await apply(m.actor, id)();
    const month = new Date().toISOString().slice(0, 7);
    const cycle = await inTx(pg.db, minister, (trx) => previewCycle(trx, minister, pg.dep, id, month, new Date()));
    assert.equal(cycle.households, 24);
    const supervisor = pg.w.supervisor.actor;
    await inTx(pg.db, supervisor, (trx) => approveCycle(trx, supervisor, pg.dep, cycle.id, new Date()));
    const approver = { userId: supervisor.userId, orgId: supervisor.orgId!, role: supervisor.role };
    // Each runner pays batches of five until nothing is left, both at once.
    const runner = () => async () => {
      let batches = 0;
      while (await inTx(pg.db, supervisor, (trx) => payBatch(trx, pg.dep, cycle.id, approver, 5, new Date()))) batches++;
      return batches;
    };
    const outcomes = await allAtOnce([runner(), runner()]);
    assert.ok(outcomes.every((o) => o.ok), JSON.stringify(outcomes.map((o) => (o.ok ? o.v : String(o.e)))));
    assert.equal(await count(`select count(*) as n from grants where programme_id = '${id}'`), 24);
    assert.equal(await count(`select count(*) as n from entitlements where cycle_id = '${cycle.id}' and outcome = 'granted' and grant_id is not null`), 24);
    assert.equal(await count(`select count(distinct grant_id) as n from entitlements where cycle_id = '${cycle.id}'`), 24);
    assert.equal(await count(`select count(*) as n from benefit_cycles where id = '${cycle.id}' and status = 'paid'`), 1);
  });

  test('an approval starts two chains of batches, and one worker running two jobs at once pays them side by side, once each', async () => {
    const minister = pg.w.ministryAdmin.actor;
    const id = await openProgramme(pg.db, pg.dep, minister, { code: 'two-chains', rule: true, benefit: { baseMinor: 10_000, perMemberMinor: 0 }, regions: [{ code: region() }] });
    const members = await Promise.all(Array.from({ length: 6 }, () => household(50_000)));
    for (const m of members) await apply(m.actor, id)();
    const cycle = await inTx(pg.db, minister, (trx) => previewCycle(trx, minister, pg.dep, id, new Date().toISOString().slice(0, 7), new Date()));
    const supervisor = pg.w.supervisor.actor;
    await inTx(pg.db, supervisor, (trx) => approveCycle(trx, supervisor, pg.dep, cycle.id, new Date()));
    assert.equal(await count(`select count(*) as n from jobs where kind = 'programmes.pay-cycle' and payload->>'cycleId' = '${cycle.id}'`), 2, 'two chains');
    const r = await new JobWorker(pg.db, { clock: systemClock, handlers: programmesJobHandlers(pg.dep), concurrency: 2 }).runDue();
    assert.equal(r.failed, 0);
    assert.equal(await count(`select count(*) as n from grants where programme_id = '${id}'`), 6);
    assert.equal(await count(`select count(*) as n from benefit_cycles where id = '${cycle.id}' and status = 'paid'`), 1);
  });

  test('two reviewers decide one appeal: one decision stands, the other is a clean 409', async () => {
    const minister = pg.w.ministryAdmin.actor;
    const id = await openProgramme(pg.db, pg.dep, minister, { code: 'appealed', kind: 'service', rule: { '<': [{ var: 'incomePerMemberMinor' }, 1000] }, regions: [{ code: region() }] });
    const h = await household(300_000);
    const a = await apply(h.actor, id)();
    assert.equal(a.status, 'refused');
    const appealed = await inTx(pg.db, h.actor, (trx) => lodgeAppeal(trx, h.actor, a.id, { reason: 'Our income fell this month.' }, new Date()));
    const appealId = appealed.appeal!.id;
    const decide = (r: Actor, outcome: 'upheld' | 'overturned') => () => inTx(pg.db, r, (trx) => decideAppeal(trx, r, pg.dep, appealId, { outcome, note: 'Decided on the file.' }, new Date()));
    const outcomes = await allAtOnce([decide(minister, 'overturned'), decide(pg.w.supervisor.actor, 'upheld')]);
    assert.equal(outcomes.filter((o) => o.ok).length, 1, JSON.stringify(outcomes.map((o) => (o.ok ? o.v.status : String(o.e)))));
    const lost = outcomes.find((o) => !o.ok);
    assert.ok(lost && !lost.ok && /decided/.test(String(lost.e)), String(lost && !lost.ok && lost.e));
    const won = outcomes.find((o) => o.ok)!;
    const status = (await sql<{ status: string }>`select status from programme_appeals where id = ${appealId}::uuid`.execute(pg.db)).rows[0]!.status;
    assert.equal(won.ok && won.v.status, status);
    assert.equal(await count(`select count(*) as n from enrolments where programme_id = '${id}'`), status === 'overturned' ? 1 : 0);
  });
});
