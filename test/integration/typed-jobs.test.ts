/**
 * Typed jobs, on every engine: a job kind is defined once with the schema of its payload; the
 * worker checks the payload of each job it takes against that schema, and a job whose payload does
 * not match is failed at once with the schema's complaint, never retried, and its effect never runs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { defineJob } from '../../src/modules/jobs/define-job.js';
import { jobsRepository } from '../../src/modules/jobs/jobs.repository.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { organisationsRepository } from '../../src/modules/registry/registry.repository.js';
import { escalationJob, reminderJob, requestJobHandlers } from '../../src/modules/requests/deadline.js';

for (const engine of engines()) {
  describe(`typed jobs (${engine})`, () => {
    let t: TestDb;
    let ministryId: string;
    const clock = new ManualClock(new Date('2026-02-01T00:00:00Z'));
    const effects = async (marker: string) => (await t.database.db.selectFrom('notifications').select('id').where('template', '=', marker).execute()).length;

    // A job whose effect is one outbox row named by its payload.
    const markJob = defineJob({
      kind: 'test.mark',
      payload: Type.Object({ marker: Type.String({ minLength: 1 }), times: Type.Integer({ minimum: 1, maximum: 3 }) }, { additionalProperties: false }),
      run: async (trx, payload) => {
        for (let i = 0; i < payload.times; i++) {
          await trx.insertInto('notifications').values({ recipient_org: ministryId, recipient_user: null, template: payload.marker, params: '{}', locale: 'en', request_id: null, created_at: clock.now(), read_at: null }).execute();
        }
      },
    });
    const handlers = { [markJob.kind]: markJob.handler(undefined) };

    before(async () => {
      t = await freshDatabase(engine);
      ministryId = (await organisationsRepository.ministry(t.database.db)).id;
    });
    after(() => t.close());

    test('a job scheduled through its definition runs with its payload checked and typed', async () => {
      assert.equal(await markJob.schedule(t.database.db, { key: 'mark:ok', payload: { marker: 'typed-ok', times: 2 }, runAt: clock.now() }, clock.now()), true);
      const row = await jobsRepository.findByKey(t.database.db, 'mark:ok');
      assert.equal(row!.kind, 'test.mark');
      assert.deepEqual(await new JobWorker(t.database.db, { clock, handlers }).runDue(), { done: 1, failed: 0 });
      assert.equal(await effects('typed-ok'), 2);
      assert.equal((await jobsRepository.findByKey(t.database.db, 'mark:ok'))!.status, 'done');
    });

    test('a job row with a malformed payload is refused when taken: failed at once with the schema\'s complaint, its effect never run, never retried', async () => {
      // Written past the definition, as an older release or a hand-made row would.
      await jobsRepository.schedule(t.database.db, { key: 'mark:bad', kind: 'test.mark', payload: { marker: 'typed-bad', times: 'many' }, runAt: clock.now(), maxAttempts: 5 }, clock.now());
      const errors: unknown[] = [];
      const worker = new JobWorker(t.database.db, { clock, handlers, onError: (_job, e) => errors.push(e) });
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 1 });
      assert.equal(await effects('typed-bad'), 0, 'the effect never ran');
      const row = await jobsRepository.findByKey(t.database.db, 'mark:bad');
      assert.equal(row!.status, 'failed', 'given up at once, though four attempts were left');
      assert.equal(row!.attempts, 1);
      assert.match(row!.last_error!, /payload of this "test\.mark" job does not match its schema: \/times must be integer/);
      assert.equal(errors.length, 1);
      clock.advanceMs(7 * 86_400_000);
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 0 }, 'not taken again');
      assert.equal(await effects('typed-bad'), 0);
    });

    test('the request deadline jobs check their payloads: an escalation naming no request by its UUID is failed and escalates nothing', async () => {
      await jobsRepository.schedule(t.database.db, { key: 'escalate:bad', kind: escalationJob.kind, payload: { requestId: 'not-a-uuid', round: 0 }, runAt: clock.now() }, clock.now());
      await jobsRepository.schedule(t.database.db, { key: 'reminder:bad', kind: reminderJob.kind, payload: { requestId: '3f1c2a4e-1111-4111-8111-111111111111', round: 0 }, runAt: clock.now() }, clock.now());
      const worker = new JobWorker(t.database.db, { clock, handlers: requestJobHandlers(t.dep) });
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 2 });
      const escalate = await jobsRepository.findByKey(t.database.db, 'escalate:bad');
      assert.equal(escalate!.status, 'failed');
      assert.match(escalate!.last_error!, /"request\.escalate" job .*\/requestId/);
      const remind = await jobsRepository.findByKey(t.database.db, 'reminder:bad');
      assert.equal(remind!.status, 'failed');
      assert.match(remind!.last_error!, /required properties day/);
      const audit = await t.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'request.escalate').execute();
      assert.equal(audit.length, 0, 'nothing escalated');
    });
  });
}
