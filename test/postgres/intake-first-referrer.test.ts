/**
 * On a real PostgreSQL server: two charities importing the same new national IDs at the same
 * moment. The database decides who referred an ID first (intake_referrals_first, migration 0022,
 * in intake_apply_rows()): exactly one row of each ID is "accepted", the other charity's is
 * "already-invited" and that charity is added as a referrer. First with the two applying
 * transactions held open against each other (the second waits for the first), then with two
 * workers running both imports' chunks at once, the IDs in opposite orders (no deadlock).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { createImport } from '../../src/modules/intake/create-import.js';
import { setMapping } from '../../src/modules/intake/set-mapping.js';
import { intakeJobHandlers } from '../../src/modules/intake/import-job.js';
import { intakeRepository } from '../../src/modules/intake/intake.repository.js';
import type { IntakeSettings, OnAccepted } from '../../src/modules/intake/intake-settings.js';

describe('two charities importing the same new IDs at once (PostgreSQL)', () => {
  let t: TestDb;
  let w: World;
  const dir = mkdtempSync(join(tmpdir(), 'mizan-first-referrer-'));
  const settings: IntakeSettings = { dir: join(dir, 'imports'), maxBytes: 10 * 1024 * 1024, maxRows: 100_000 };
  const noInvites: OnAccepted = async (_trx, items) => items.length;

  before(async () => {
    t = await freshDatabase('postgres', { poolSize: 12 });
    w = await makeWorld(t.database.db, t.dep, { charities: 2 });
  });
  after(async () => {
    await t.close();
  });

  let files = 0;
  /** An import of these IDs by this charity, mapped and queued. */
  async function queued(actor: Actor, ids: string[]) {
    const file = join(dir, `people-${++files}.csv`);
    writeFileSync(file, ['Civil ID,Mobile', ...ids.map((id, i) => `${id},${99_000_000 + files * 10_000 + i}`)].join('\n') + '\n');
    const created = await createImport(t.database.db, t.dep, actor, file, 'people.csv', settings, new Date());
    await inTx(t.database.db, actor, (trx) => setMapping(trx, actor, created.import.id, { nationalId: 0, phone: 1 }, new Date()));
    return created.import.id;
  }

  const verdicts = async (importId: string) =>
    (await sql<{ national_id: string; verdict: string }>`select national_id, verdict from import_rows where import_id = ${importId}::uuid order by row_no`.execute(t.database.db)).rows;

  const referrals = async (ids: string[]) =>
    (await sql<{ national_id: string; orgs: number; firsts: number }>`
      select national_id, count(*)::int as orgs, count(*) filter (where first_referrer)::int as firsts
        from intake_referrals where national_id = any (${ids}::text[]) group by national_id order by national_id`.execute(t.database.db)).rows;

  test('the second applying transaction waits for the first, then finds the IDs taken: accepted once, already-invited once', async () => {
    const [a, b] = w.charities;
    const ids = [w.nextId(), w.nextId(), w.nextId()];
    const impA = await queued(a!.caseworker.actor, ids);
    const impB = await queued(b!.caseworker.actor, ids);
    // Stage both (one chunk each holds the whole file); their applying chunks are left to the test.
    const worker = new JobWorker(t.database.db, { clock: systemClock, handlers: intakeJobHandlers({ dep: t.dep, settings, onAccepted: noInvites }) });
    await worker.runDue(2);
    for (const id of [impA, impB]) assert.equal((await intakeRepository.byId(t.database.db, id))!.status, 'applying');

    // Every ID of the file, in one range.
    const all = { from: [...ids].sort()[0]!, through: [...ids].sort().at(-1)! };
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appliedA!: () => void;
    const aApplied = new Promise<void>((r) => (appliedA = r));
    const txA = inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
      const counts = await intakeRepository.apply(trx, impA, all, true);
      appliedA();
      await held;
      return counts;
    });
    await aApplied;
    let bDone = false;
    const txB = inTx(t.database.db, SYSTEM_ACTOR, (trx) => intakeRepository.apply(trx, impB, all, true)).finally(() => (bDone = true));
    // B is blocked on A's first referrals (a lock wait), not finished.
    for (let i = 0; i < 200; i++) {
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db);
      if (waiting.rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const blocked = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%intake_apply_rows%'`.execute(t.database.db);
    assert.equal(blocked.rows[0]!.n, 1, 'the second import waits for the first');
    assert.equal(bDone, false);
    release();
    assert.deepEqual(await txA, { accepted: 3, refused: 0, waiting: 0 });
    // already-invited counts as accepted in the import's progress (the person is referred)
    assert.deepEqual(await txB, { accepted: 3, refused: 0, waiting: 0 });

    assert.deepEqual((await verdicts(impA)).map((r) => r.verdict), ['accepted', 'accepted', 'accepted']);
    assert.deepEqual((await verdicts(impB)).map((r) => r.verdict), ['already-invited', 'already-invited', 'already-invited']);
    assert.deepEqual(await referrals(ids), [...ids].sort().map((national_id) => ({ national_id, orgs: 2, firsts: 1 })));
    const first = await sql<{ org_id: string }>`select distinct org_id from intake_referrals where national_id = any (${ids}::text[]) and first_referrer`.execute(t.database.db);
    assert.deepEqual(first.rows.map((r) => r.org_id), [a!.id]);
  });

  test('two workers running both imports at once, the IDs in opposite orders: each ID accepted exactly once, no chunk fails', async () => {
    const [a, b] = w.charities;
    const ids = Array.from({ length: 3_000 }, () => w.nextId());
    const impA = await queued(a!.caseworker.actor, ids);
    const impB = await queued(b!.caseworker.actor, [...ids].reverse());
    const failures: string[] = [];
    const handlers = intakeJobHandlers({ dep: t.dep, settings, onAccepted: noInvites, chunkRows: 250 });
    const workers = [1, 2].map((n) => new JobWorker(t.database.db, { clock: systemClock, handlers, name: `w${n}`, onError: (_j, e) => failures.push(String(e)) }));
    await Promise.all(workers.map(async (wk) => {
      for (let idle = 0; idle < 3;) {
        const r = await wk.runDue(1);
        if (r.done + r.failed === 0) {
          idle++;
          await new Promise((res) => setTimeout(res, 20));
        } else idle = 0;
      }
    }));
    assert.deepEqual(failures, []);
    for (const id of [impA, impB]) assert.equal((await intakeRepository.byId(t.database.db, id))!.status, 'done');

    const all = [...(await verdicts(impA)), ...(await verdicts(impB))];
    const byId = new Map<string, string[]>();
    for (const r of all) byId.set(r.national_id, [...(byId.get(r.national_id) ?? []), r.verdict]);
    assert.equal(byId.size, ids.length);
    for (const [id, v] of byId) assert.deepEqual(v.sort(), ['accepted', 'already-invited'], id);
    const refs = await referrals(ids);
    assert.equal(refs.length, ids.length);
    assert.ok(refs.every((r) => r.orgs === 2 && r.firsts === 1));
    // Each import's counts: all its rows referred (accepted or already-invited), none refused.
    for (const id of [impA, impB]) {
      const imp = (await intakeRepository.byId(t.database.db, id))!;
      assert.deepEqual([imp.accepted, imp.refused, imp.waiting, imp.rows_applied], [ids.length, 0, 0, ids.length]);
    }
  });
});
