/**
 * The durable job queue, on every engine: deterministic keys collide instead of running twice; a
 * failing job's effect is rolled back and the job is retried with exponential backoff by the
 * clock; after the last attempt it stays failed with its error; a new worker (a restart) picks up
 * what is due. Also the notification catalogue renders in Arabic, Persian and English.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import type { Tx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { jobsRepository } from '../../src/modules/jobs/jobs.repository.js';
import { backoffMs, JobWorker, type JobHandler } from '../../src/modules/jobs/worker.js';
import { organisationsRepository } from '../../src/modules/registry/registry.repository.js';
import { MESSAGES, render, type MessageText } from '../../src/modules/notifications/messages.js';

for (const engine of engines()) {
  describe(`job queue (${engine})`, () => {
    let t: TestDb;
    let ministryId: string;
    const clock = new ManualClock(new Date('2026-02-01T00:00:00Z'));
    const effects = async (marker: string) =>
      (await t.database.db.selectFrom('notifications').select('id').where('template', '=', marker).execute()).length;
    // The effect of a test job: one outbox row with the job's marker.
    const effect = async (trx: Tx, marker: string) => {
      await trx.insertInto('notifications').values({ recipient_org: ministryId, recipient_user: null, template: marker, params: '{}', locale: 'en', request_id: null, created_at: clock.now(), read_at: null }).execute();
    };
    let failuresLeft = 0;
    const handlers: Record<string, JobHandler> = {
      'test.effect': (trx, job) => effect(trx, String(job.payload.marker)),
      'test.flaky': async (trx, job) => {
        await effect(trx, String(job.payload.marker));
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('the mail server is down');
        }
      },
      'test.broken': async () => {
        throw new Error('always broken');
      },
    };

    before(async () => {
      t = await freshDatabase(engine);
      ministryId = (await organisationsRepository.ministry(t.database.db)).id;
    });
    after(() => t.close());

    test('scheduling the same key twice keeps one job; it runs once however often workers run', async () => {
      const job = { key: 'test:once', kind: 'test.effect', payload: { marker: 'once' }, runAt: clock.now() };
      assert.equal(await jobsRepository.schedule(t.database.db, job, clock.now()), true);
      assert.equal(await jobsRepository.schedule(t.database.db, { ...job, runAt: new Date(clock.now().getTime() + 1000) }, clock.now()), false);
      const worker = new JobWorker(t.database.db, { clock, handlers, name: 'w1' });
      assert.deepEqual(await worker.runDue(), { done: 1, failed: 0 });
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 0 });
      assert.deepEqual(await new JobWorker(t.database.db, { clock, handlers, name: 'w2' }).runDue(), { done: 0, failed: 0 });
      assert.equal(await effects('once'), 1);
      const row = await jobsRepository.findByKey(t.database.db, 'test:once');
      assert.equal(row!.status, 'done');
      assert.equal(row!.done_by, 'w1');
      // Done jobs are not rescheduled by the same key.
      assert.equal(await jobsRepository.schedule(t.database.db, job, clock.now()), false);
    });

    test('a job not yet due waits for the clock; a new worker (after a restart) picks it up', async () => {
      await jobsRepository.schedule(t.database.db, { key: 'test:later', kind: 'test.effect', payload: { marker: 'later' }, runAt: new Date(clock.now().getTime() + 3_600_000) }, clock.now());
      assert.deepEqual(await new JobWorker(t.database.db, { clock, handlers }).runDue(), { done: 0, failed: 0 });
      clock.advanceMs(3_600_000);
      assert.deepEqual(await new JobWorker(t.database.db, { clock, handlers }).runDue(), { done: 1, failed: 0 });
      assert.equal(await effects('later'), 1);
    });

    test('a failing attempt is rolled back and retried with exponential backoff', async () => {
      failuresLeft = 2;
      const worker = new JobWorker(t.database.db, { clock, handlers });
      await jobsRepository.schedule(t.database.db, { key: 'test:flaky', kind: 'test.flaky', payload: { marker: 'flaky' }, runAt: clock.now() }, clock.now());
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 1 });
      let row = await jobsRepository.findByKey(t.database.db, 'test:flaky');
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, 1);
      assert.match(row!.last_error!, /mail server is down/);
      assert.equal(row!.run_at.getTime(), clock.now().getTime() + backoffMs(1));
      assert.equal(await effects('flaky'), 0, 'the failed attempt left no effect');

      assert.deepEqual(await worker.runDue(), { done: 0, failed: 0 }, 'not before the backoff');
      clock.advanceMs(backoffMs(1));
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 1 });
      row = await jobsRepository.findByKey(t.database.db, 'test:flaky');
      assert.equal(row!.attempts, 2);
      assert.equal(row!.run_at.getTime(), clock.now().getTime() + backoffMs(2));
      assert.equal(backoffMs(2), 2 * backoffMs(1));
      clock.advanceMs(backoffMs(2));
      assert.deepEqual(await worker.runDue(), { done: 1, failed: 0 });
      assert.equal(await effects('flaky'), 1, 'exactly one effect in the end');
      row = await jobsRepository.findByKey(t.database.db, 'test:flaky');
      assert.equal(row!.status, 'done');
      assert.equal(row!.attempts, 3);
    });

    test('after the last attempt the job stays failed with its error; a kind this worker has no handler for waits for one that has', async () => {
      const worker = new JobWorker(t.database.db, { clock, handlers });
      await jobsRepository.schedule(t.database.db, { key: 'test:broken', kind: 'test.broken', payload: {}, runAt: clock.now(), maxAttempts: 2 }, clock.now());
      await jobsRepository.schedule(t.database.db, { key: 'test:unknown', kind: 'no.such.kind', payload: {}, runAt: clock.now(), maxAttempts: 1 }, clock.now());
      await worker.runDue();
      clock.advanceMs(backoffMs(1));
      await worker.runDue();
      clock.advanceDays(1);
      assert.deepEqual(await worker.runDue(), { done: 0, failed: 0 });
      const broken = await jobsRepository.findByKey(t.database.db, 'test:broken');
      assert.equal(broken!.status, 'failed');
      assert.equal(broken!.attempts, 2);
      assert.match(broken!.last_error!, /always broken/);
      const unknown = await jobsRepository.findByKey(t.database.db, 'test:unknown');
      assert.equal(unknown!.status, 'pending');
      assert.equal(unknown!.attempts, 0);
      // a worker that runs that kind takes it
      let ran = 0;
      const other = new JobWorker(t.database.db, { clock, handlers: { 'no.such.kind': async () => { ran++; } } });
      assert.deepEqual(await other.runDue(), { done: 1, failed: 0 });
      assert.equal(ran, 1);
      assert.equal((await jobsRepository.findByKey(t.database.db, 'test:unknown'))!.status, 'done');
    });
  });
}

describe('notification catalogue', () => {
  test('every message exists in Arabic, Persian and English and uses the same placeholders', () => {
    // A text is a string or its plural forms; a form may leave out the count ("one day left").
    const forms = (t: MessageText) => (typeof t === 'string' ? [t] : Object.entries(t).filter(([k]) => k !== 'count').map(([, v]) => v as string));
    const names = (t: MessageText) => [...new Set(forms(t).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
    for (const [key, texts] of Object.entries(MESSAGES) as [string, Record<'ar' | 'fa' | 'en', MessageText>][]) {
      assert.deepEqual(names(texts.ar), names(texts.en), `${key} ar`);
      assert.deepEqual(names(texts.fa), names(texts.en), `${key} fa`);
      for (const s of forms(texts.ar)) assert.match(s, /[\u0600-\u06ff]/, `${key} ar is Arabic script`);
      for (const s of forms(texts.fa)) assert.match(s, /[\u0600-\u06ff]/, `${key} fa is Arabic script`);
    }
  });

  test('renders in the reader\'s language, with the aid type named in it and Persian digits in Persian', () => {
    const names: Record<string, Record<'ar' | 'fa' | 'en', string>> = { refrigerator: { en: 'Refrigerator', ar: 'ثلاجة', fa: 'یخچال' } };
    const params = { ref: 'AB12CD34', aidType: 'refrigerator', deadline: '2026-03-15', daysLeft: 4 };
    const en = render('request.reminder.claimant', params, 'en', { aidTypeNames: (c) => names[c]?.en });
    assert.equal(en, 'Reminder: request AB12CD34 (Refrigerator), which your organisation claimed, is due on 15 March 2026: 4 days left.');
    const ar = render('request.reminder.claimant', params, 'ar', { aidTypeNames: (c) => names[c]?.ar });
    assert.match(ar, /ثلاجة/);
    assert.match(ar, /AB12CD34/);
    const fa = render('request.reminder.claimant', params, 'fa', { aidTypeNames: (c) => names[c]?.fa });
    assert.match(fa, /یخچال/);
    assert.match(fa, /۱۵ مارس ۲۰۲۶/);
    assert.match(fa, /۴ روز/);
  });
});
