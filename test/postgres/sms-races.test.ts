/**
 * Invitations and SMS under concurrency, on a real PostgreSQL server: one sign-in of many redeems
 * an invitation; two charities inviting the same people at once make one invitation each; three
 * workers sending at once hand each message to the SMSC once and share the sender's rate limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { DevSmsc } from '../../src/modules/sms/dev-smsc.js';
import { startMessaging, type Messaging } from '../../src/modules/invitations/messaging.js';
import { inviteMany, redeemInvitation } from '../../src/modules/invitations/invitations.service.js';
import { queueSms } from '../../src/modules/sms/sms.service.js';

describe('invitations and SMS racing (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 30, charities: 2 });
  let smsc: DevSmsc;
  before(async () => {
    smsc = await DevSmsc.start({ print: null, receiptDelayMs: 5 });
  });
  after(() => smsc.close());

  test('20 sign-ins redeeming one invitation at once: exactly one wins, the invitation is used once', async () => {
    const A = pg.w.charities[0]!.caseworker.actor;
    const nationalId = pg.w.nextId('1970-01-01');
    await inTx(pg.db, A, (trx) => inviteMany(trx, [{ nationalId, phone: '+96570000001', locale: 'ar', orgId: A.orgId! }], pg.clock.now()));
    const [row] = (await sql<{ id: string }>`select id from invitations where national_id = ${nationalId}`.execute(pg.db)).rows;
    const users = [pg.w.charities[0]!.caseworker.actor.userId, pg.w.charities[1]!.caseworker.actor.userId];
    const outcomes = await allAtOnce(Array.from({ length: 20 }, (_, i) => () => inTx(pg.db, null, (trx) => redeemInvitation(trx, row!.id, users[i % 2]!, pg.clock.now()))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(outcomes.filter((o) => o.ok && o.v === true).length, 1);
    const [after] = (await sql<{ status: string; used_by_user_id: string }>`select status, used_by_user_id from invitations where id = ${row!.id}`.execute(pg.db)).rows;
    assert.equal(after!.status, 'used');
    assert.ok(users.includes(after!.used_by_user_id));
  });

  test('two charities inviting the same 500 people at once: 500 invitations in all, each counted new once', async () => {
    const ids = Array.from({ length: 500 }, () => pg.w.nextId('1971-01-01'));
    const outcomes = await allAtOnce(pg.w.charities.map((c) => () => inTx(pg.db, c.caseworker.actor, (trx) => inviteMany(trx, ids.map((nationalId, i) => ({ nationalId, phone: `+9657${String(1_000_000 + i).slice(1)}`, locale: 'fa' as const, orgId: c.id })), pg.clock.now()))));
    const counts = outcomes.map((o) => (o.ok ? o.v : -1));
    assert.equal(counts[0]! + counts[1]!, 500, `new: ${counts.join(' + ')}`);
    const [n] = (await sql<{ n: number }>`select count(*)::int as n from invitations where national_id = any (${ids}::text[])`.execute(pg.db)).rows;
    assert.equal(n!.n, 500);
  });

  test('three workers sending 30 messages at once: each reaches the SMSC once, and 20 a second holds across them', async () => {
    await sql`delete from jobs where status = 'pending'`.execute(pg.db);
    const numbers = Array.from({ length: 30 }, (_, i) => `+9658${String(1_000_000 + i).slice(1)}`);
    await inTx(pg.db, SYSTEM_ACTOR, async (trx) => {
      for (const to of numbers) await queueSms(trx, { to, text: 'race', purpose: 'test', ref: null }, pg.clock.now());
    });
    const settings = { transport: { kind: 'smpp' as const, host: '127.0.0.1', port: smsc.port, systemId: 'mizan', password: 'pw', source: 'Mizan' }, ratePerSecond: 20, dlrSecret: null, invitationDays: 14 };
    const runtimes: Messaging[] = [];
    try {
      for (let i = 0; i < 3; i++) runtimes.push(await startMessaging({ db: pg.db, clock: pg.clock, settings, publicUrl: 'https://mizan.test' }));
      const seen = smsc.received.length;
      const results = await allAtOnce(runtimes.map((m, i) => () => new JobWorker(pg.db, { clock: pg.clock, handlers: m.handlers, name: `w${i}` }).runDue()));
      const done = results.map((r) => (r.ok ? r.v.done : -1));
      assert.equal(done.reduce((a, b) => a + b, 0), 30, `done per worker: ${done.join(', ')}`);
      assert.ok(done.filter((d) => d > 0).length >= 2, `more than one worker sent: ${done.join(', ')}`);
      const got = await smsc.waitFor(30, seen);
      assert.deepEqual(got.map((s) => s.to).sort(), [...numbers].sort());
      const times = got.map((s) => s.parts[0]!.at).sort((a, b) => a - b);
      // Slots 50 ms apart, reserved in the database by whichever worker sends: 29 gaps of 50 ms at least.
      assert.ok(times[29]! - times[0]! >= 29 * 50 - 100, `30 messages arrived within ${times[29]! - times[0]!} ms`);
      const [states] = (await sql<{ n: number }>`select count(*)::int as n from sms_messages where to_phone = any (${numbers}::text[]) and state in ('submitted', 'delivered')`.execute(pg.db)).rows;
      assert.equal(states!.n, 30);
    } finally {
      for (const m of runtimes) await m.close();
    }
  });
});
