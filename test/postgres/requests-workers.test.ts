/**
 * On a real PostgreSQL server: two worker PROCESSES (each with two concurrent loops) run the due
 * reminders, then the due escalations, of 40 requests on one database. Each reminder and each
 * escalation happens exactly once: one timeline event, the right number of messages, every job
 * done once, and the work shared between the processes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';

const CHILD = fileURLToPath(new URL('./requests-worker.child.ts', import.meta.url));
const DAY = 86_400_000;
const N = 40;

function runWorkerProcess(url: string, now: Date, startAt: number, name: string): Promise<{ done: number; failed: number; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, now.toISOString(), String(startAt), '2', name], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker ${name} exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`worker ${name} printed: ${out} ${err}`));
      }
    });
  });
}

describe('two worker processes on one database (PostgreSQL)', () => {
  let t: TestDb;
  let w: World;
  const t0 = new Date('2026-07-01T08:00:00Z');
  const clock = new ManualClock(t0);
  const ids: string[] = [];
  const claimed = new Set<string>();

  before(async () => {
    t = await freshDatabase('postgres');
    w = await makeWorld(t.database.db, t.dep, { charities: 3 });
    const admin = w.ministryAdmin.actor;
    for (let i = 0; i < N; i++) {
      const fam = await registerFamily(t.database.db, t.dep, w, admin);
      const r = await inTx(t.database.db, admin, (trx) => submitRequest(trx, admin, t.dep, clock, { householdId: fam.householdId, aidTypeCode: i % 2 ? 'food-basket' : 'washing-machine', justification: 'Needed.' }));
      ids.push(r.id);
      if (i % 2 === 0) {
        const cw = w.charities[i % 3]!.caseworker.actor;
        await inTx(t.database.db, cw, (trx) => claimRequest(trx, cw, r.id, clock.now()));
        claimed.add(r.id);
      }
    }
  });
  after(() => t.close());

  const count = async (table: 'request_events' | 'notifications', where: { event?: string; template?: string }, requestId: string) => {
    let q = t.database.db.selectFrom(table as 'request_events').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', requestId);
    if (where.event) q = q.where('event', '=', where.event);
    if (where.template) q = (q as any).where('template', '=', where.template);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  async function race(now: Date) {
    const startAt = Date.now() + 4000;
    const [a, b] = await Promise.all([runWorkerProcess(t.url!, now, startAt, 'A'), runWorkerProcess(t.url!, now, startAt, 'B')]);
    assert.deepEqual([a.errors, b.errors], [[], []]);
    assert.equal(a.failed + b.failed, 0);
    return [a, b] as const;
  }

  test('day 10: each reminder is sent exactly once', async () => {
    const [a, b] = await race(new Date(t0.getTime() + 10 * DAY + 3_600_000));
    assert.equal(a.done + b.done, N, 'one reminder job per request, each run once');
    assert.ok(a.done > 0 && b.done > 0, `both processes took jobs (A ${a.done}, B ${b.done})`);
    for (const id of ids) {
      assert.equal(await count('request_events', { event: 'reminder' }, id), 1, `one reminder event for ${id}`);
      if (claimed.has(id)) assert.equal(await count('notifications', { template: 'request.reminder.claimant' }, id), 1);
      else assert.equal(await count('notifications', { template: 'request.reminder.pool' }, id), 3, 'one message to each suitable charity');
    }
    const doneBy = await t.database.db.selectFrom('jobs').select(['done_by', 'status']).where('kind', '=', 'request.reminder').execute();
    assert.equal(doneBy.length, N);
    assert.ok(doneBy.every((j) => j.status === 'done'));
    assert.deepEqual(new Set(doneBy.map((j) => j.done_by!.slice(0, 1))), new Set(['A', 'B']));
  });

  test('day 14: each escalation happens exactly once', async () => {
    const [a, b] = await race(new Date(t0.getTime() + 14 * DAY + 3_600_000));
    assert.equal(a.done + b.done, N);
    for (const id of ids) {
      assert.equal(await count('request_events', { event: 'escalated' }, id), 1, `one escalation for ${id}`);
      assert.equal(await count('notifications', { template: 'request.escalated.ministry' }, id), 1);
      assert.equal(await count('notifications', { template: 'request.escalated.lost' }, id), claimed.has(id) ? 1 : 0);
      assert.equal(await count('request_events', { event: 'reminder' }, id), 1, 'no reminder repeated');
    }
    const statuses = await t.database.db.selectFrom('aid_requests').select('status').where('id', 'in', ids).execute();
    assert.ok(statuses.every((s) => s.status === 'escalated'));
    const audits = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'request.escalate').executeTakeFirstOrThrow();
    assert.equal(Number(audits.n), N);
    // And a third pair of processes finds nothing left to do.
    const [c, d] = await race(new Date(t0.getTime() + 30 * DAY));
    assert.equal(c.done + d.done, 0);
  });
});
