/**
 * Invitations by SMS over SMPP 3.4, against the local test SMSC (real TCP, the `smpp` library on
 * both sides), on every engine: UCS-2 parts of Persian and Arabic invitations that join to the
 * text, GSM-7 for English, the sender's rate limit measured at the SMSC, a refused bind retried,
 * delivery receipts (also flagged UCS-2 in ASCII), STOP, one invitation per person, single-use and
 * expiring links.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { SegmentedMessage } from 'sms-segments-calculator';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { DevSmsc } from '../../src/modules/sms/dev-smsc.js';
import { startMessaging, type Messaging } from '../../src/modules/invitations/messaging.js';
import { inviteMany, invitationByToken, invitationOfNationalId, redeemInvitation, resendInvitation, type InviteItem } from '../../src/modules/invitations/invitations.service.js';
import { queueSms } from '../../src/modules/sms/sms.service.js';
import { splitSms } from '../../src/modules/sms/segments.js';
import type { SmsSettings } from '../../src/modules/sms/sms-settings.js';

const PUBLIC_URL = 'https://mizan.test';
const tokenIn = (text: string) => /\/i\/([A-Za-z0-9_-]{22})/.exec(text)?.[1];

/** Waits for something that arrives over the network (a receipt, a reply); fails after a few seconds. */
async function eventually<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`${what} did not happen`);
}

for (const engine of engines()) {
  describe(`invitations by SMS over SMPP (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let smsc: DevSmsc;
    let messaging: Messaging;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    let phoneNo = 0;
    const phone = () => `+9655${String(1_000_000 + ++phoneNo).slice(1)}`;
    const settings = (port: number, ratePerSecond = 0): SmsSettings => ({ transport: { kind: 'smpp', host: '127.0.0.1', port, systemId: 'mizan', password: 'secret', source: 'Mizan' }, ratePerSecond, dlrSecret: null, invitationDays: 14 });

    const invite = (c: number, items: Omit<InviteItem, 'orgId'>[]) => {
      const actor = w.charities[c]!.caseworker.actor;
      return inTx(t.database.db, actor, (trx) => inviteMany(trx, items.map((i) => ({ ...i, orgId: actor.orgId! })), clock.now()));
    };
    const invitation = async (nationalId: string) => (await sql<{ id: string; status: string; first_org_id: string; phone: string }>`select id, status, first_org_id, phone from invitations where national_id = ${nationalId}`.execute(t.database.db)).rows;
    const messagesTo = async (to: string) => (await sql<{ state: string; text: string; secret: string | null; segments: number; encoding: string; reason: string | null }>`select state, text, secret, segments, encoding, reason from sms_messages where to_phone = ${to} order by created_at`.execute(t.database.db)).rows;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      smsc = await DevSmsc.start({ print: null, receiptDelayMs: 10 });
      messaging = await startMessaging({ db: t.database.db, clock, settings: settings(smsc.port), publicUrl: PUBLIC_URL, reconnectMs: 50 });
      worker = new JobWorker(t.database.db, { clock, handlers: messaging.handlers });
    });
    after(async () => {
      await messaging.close();
      await smsc.close();
      await t.close();
    });

    test('a Persian invitation arrives as UCS-2 parts of at most 67 characters that join to the text, with a link that opens the invitation', async () => {
      const to = phone();
      const nationalId = w.nextId('1980-01-01');
      assert.equal(await invite(0, [{ nationalId, phone: to, locale: 'fa' }]), 1);
      await worker.runDue();
      const [sms] = await smsc.waitForTo(to);
      assert.equal(sms!.encoding, 'ucs2');
      assert.ok(sms!.text.startsWith('یک خیریه شما را به میزان دعوت کرده'), sms!.text);
      const expected = new SegmentedMessage(sms!.text);
      assert.equal(expected.encodingName, 'UCS-2');
      assert.equal(sms!.parts.length, expected.segmentsCount);
      assert.ok(sms!.parts.length > 1);
      for (const [i, p] of sms!.parts.entries()) {
        assert.equal(p.dataCoding, 8);
        assert.ok(p.text.length <= 67, `part ${i + 1} has ${p.text.length} characters`);
        assert.deepEqual({ total: p.concat!.total, seq: p.concat!.seq }, { total: sms!.parts.length, seq: i + 1 });
      }
      const token = tokenIn(sms!.text)!;
      assert.ok(sms!.text.includes(`${PUBLIC_URL}/i/${token}`));
      const inv = await inTx(t.database.db, null, (trx) => invitationByToken(trx, token, clock.now()));
      assert.deepEqual({ state: inv?.state, locale: inv?.locale, nationalId: inv?.nationalId, orgId: inv?.orgId }, { state: 'usable', locale: 'fa', nationalId, orgId: w.charities[0]!.id });
      // The token is not kept in clear: the stored text lost it once the message had left.
      const [stored] = await messagesTo(to);
      assert.equal(stored!.secret, null);
      assert.ok(!stored!.text.includes(token));
      assert.equal(stored!.segments, sms!.parts.length);
      // The receipts of every part make the message, and the invitation, delivered.
      await eventually('delivery', async () => (await invitation(nationalId))[0]?.status === 'delivered');
      assert.equal((await messagesTo(to))[0]!.state, 'delivered');
    });

    test('an Arabic invitation is UCS-2 too, and an English one travels as one GSM-7 message', async () => {
      const ar = phone();
      const en = phone();
      await invite(0, [{ nationalId: w.nextId('1981-01-01'), phone: ar, locale: 'ar' }, { nationalId: w.nextId('1982-01-01'), phone: en, locale: 'en' }]);
      await worker.runDue();
      const arabic = (await smsc.waitForTo(ar))[0]!;
      const english = (await smsc.waitForTo(en))[0]!;
      assert.equal(arabic.encoding, 'ucs2');
      assert.ok(arabic.text.startsWith('دعتكم جمعية خيرية إلى ميزان'));
      assert.equal(arabic.parts.length, splitSms(arabic.text).parts.length);
      assert.equal(arabic.parts.map((p) => p.text).join(''), arabic.text);
      assert.equal(english.encoding, 'gsm7');
      assert.equal(english.parts.length, 1);
      assert.equal(english.parts[0]!.dataCoding, 0);
      assert.ok(/^A charity invites you to Mizan to declare your household: https:\/\/mizan\.test\/i\/[A-Za-z0-9_-]{22}\nReply STOP/.test(english.text), english.text);
    });

    test("the sender's rate limit spaces the messages at the SMSC: 6 at 10 a second take at least half a second", async () => {
      const limited = await startMessaging({ db: t.database.db, clock, settings: settings(smsc.port, 10), publicUrl: PUBLIC_URL, reconnectMs: 50 });
      try {
        const limitedWorker = new JobWorker(t.database.db, { clock, handlers: limited.handlers });
        const numbers = Array.from({ length: 6 }, phone);
        await inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
          for (const to of numbers) await queueSms(trx, { to, text: 'Mizan test', purpose: 'test', ref: null }, clock.now());
        });
        const seen = smsc.received.length;
        await limitedWorker.runDue();
        const got = await smsc.waitFor(6, seen);
        const times = got.map((s) => s.parts[0]!.at);
        // Slots 100 ms apart (sms_send_slot()): five gaps of at least a slot, less the network's jitter.
        assert.ok(times[5]! - times[0]! >= 450, `6 messages arrived within ${times[5]! - times[0]!} ms`);
        for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 40, `gap ${i}: ${times[i]! - times[i - 1]!} ms`);
      } finally {
        await limited.close();
      }
    });

    test('a refused bind is tried again with backoff, and the message waiting for it is sent once bound', async () => {
      smsc.refuseNextBinds(2);
      const bindsBefore = smsc.binds.length;
      const retrying = await startMessaging({ db: t.database.db, clock, settings: settings(smsc.port), publicUrl: PUBLIC_URL, reconnectMs: 30 });
      try {
        const to = phone();
        await inTx(t.database.db, SYSTEM_ACTOR, (trx) => queueSms(trx, { to, text: 'after the retry', purpose: 'test', ref: null }, clock.now()));
        await new JobWorker(t.database.db, { clock, handlers: retrying.handlers }).runDue();
        const [sms] = await smsc.waitForTo(to);
        assert.equal(sms!.text, 'after the retry');
        assert.deepEqual(smsc.binds.slice(bindsBefore).map((b) => b.accepted), [false, false, true]);
        assert.equal((await messagesTo(to))[0]!.state, 'submitted');
      } finally {
        await retrying.close();
      }
    });

    test('an UNDELIV receipt fails the message and the invitation; a receipt flagged UCS-2 but written in ASCII is still read', async () => {
      const bad = phone();
      const good = phone();
      const badId = w.nextId('1983-01-01');
      const goodId = w.nextId('1984-01-01');
      smsc.failDeliveryTo(bad);
      await invite(1, [{ nationalId: badId, phone: bad, locale: 'en' }]);
      await worker.runDue();
      await eventually('the failure', async () => (await invitation(badId))[0]?.status === 'failed');
      const [m] = await messagesTo(bad);
      assert.deepEqual({ state: m!.state, reason: m!.reason }, { state: 'failed', reason: 'UNDELIV' });
      smsc.flagReceiptsUcs2(true);
      try {
        await invite(1, [{ nationalId: goodId, phone: good, locale: 'en' }]);
        await worker.runDue();
        await eventually('the delivery', async () => (await invitation(goodId))[0]?.status === 'delivered');
      } finally {
        smsc.flagReceiptsUcs2(false);
      }
    });

    test('a STOP reply (in Persian: لغو) opts the number out: its invitation is opted-out and the next invitation to it is not sent', async () => {
      const to = phone();
      const first = w.nextId('1985-01-01');
      await invite(0, [{ nationalId: first, phone: to, locale: 'fa' }]);
      await worker.runDue();
      await eventually('the delivery', async () => (await invitation(first))[0]?.status === 'delivered');
      smsc.sendReply(to, 'لغو');
      await eventually('the opt-out', async () => (await sql<{ via: string }>`select via from sms_opt_outs where phone = ${to}`.execute(t.database.db)).rows[0]?.via === 'smpp');
      assert.equal((await invitation(first))[0]!.status, 'opted-out');
      const second = w.nextId('1986-01-01');
      assert.equal(await invite(1, [{ nationalId: second, phone: to, locale: 'fa' }]), 1);
      const seen = smsc.parts.length;
      await worker.runDue();
      assert.equal(smsc.parts.length, seen, 'nothing more reached the SMSC');
      assert.equal((await invitation(second))[0]!.status, 'opted-out');
      const msgs = await messagesTo(to);
      assert.deepEqual(msgs.map((x) => [x.state, x.reason]), [['delivered', null], ['rejected', 'opted-out']]);
      assert.ok(!msgs[1]!.text.includes('/i/') || !tokenIn(msgs[1]!.text), 'the unsent message keeps no token');
      assert.equal(await inTx(t.database.db, null, (trx) => invitationOfNationalId(trx, second)), null);
    });

    test('one invitation per person: a second charity inviting the same national ID adds none, and one SMS is sent', async () => {
      const nationalId = w.nextId('1987-01-01');
      const to = phone();
      assert.equal(await invite(0, [{ nationalId, phone: to, locale: 'ar' }, { nationalId, phone: to, locale: 'ar' }]), 1);
      assert.equal(await invite(1, [{ nationalId, phone: phone(), locale: 'en' }]), 0);
      const rows = await invitation(nationalId);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.first_org_id, w.charities[0]!.id);
      assert.equal(rows[0]!.phone, to);
      await worker.runDue();
      assert.equal((await messagesTo(to)).length, 1);
      const found = await inTx(t.database.db, null, (trx) => invitationOfNationalId(trx, nationalId));
      assert.deepEqual(found, { id: rows[0]!.id, orgId: w.charities[0]!.id, locale: 'ar' });
    });

    test('a link is used once, a resend replaces it, and it expires after the deployment\'s days', async () => {
      // The due jobs run until the SMSC has the n-th message for the number: a send the queue put
      // off (a connection still coming back on a busy machine, retried with the queue's backoff) runs
      // when its time comes, this test's clock moved on a minute at a time.
      const delivered = async (to: string, n: number) => {
        for (let i = 0; i < 60 && smsc.received.filter((r) => r.to === to).length < n; i++) {
          await worker.runDue();
          if (smsc.received.filter((r) => r.to === to).length >= n) break;
          await new Promise((r) => setTimeout(r, 250));
          clock.advanceMs(60_000);
        }
        return smsc.waitForTo(to, n, 5_000);
      };
      const nationalId = w.nextId('1988-01-01');
      const to = phone();
      await invite(0, [{ nationalId, phone: to, locale: 'en' }]);
      // Each message is waited for by its number, so one arriving late is never taken for another's.
      const first = tokenIn((await delivered(to, 1))[0]!.text)!;
      const [row] = await invitation(nationalId);
      // A resend (by the charity) issues a new token; the old link no longer opens anything.
      const admin = w.charities[0]!.admin.actor;
      await inTx(t.database.db, admin, (trx) => resendInvitation(trx, admin, row!.id, clock.now()));
      const second = tokenIn((await delivered(to, 2))[1]!.text)!;
      assert.notEqual(second, first);
      assert.equal(await inTx(t.database.db, null, (trx) => invitationByToken(trx, first, clock.now())), null);
      const user = w.charities[1]!.caseworker.actor.userId;
      assert.equal(await inTx(t.database.db, null, (trx) => redeemInvitation(trx, row!.id, user, clock.now())), true);
      assert.equal(await inTx(t.database.db, null, (trx) => redeemInvitation(trx, row!.id, user, clock.now())), false, 'used twice');
      assert.equal((await inTx(t.database.db, null, (trx) => invitationByToken(trx, second, clock.now())))?.state, 'used');
      assert.equal((await invitation(nationalId))[0]!.status, 'used');

      const later = w.nextId('1989-01-01');
      const laterPhone = phone();
      await invite(0, [{ nationalId: later, phone: laterPhone, locale: 'en' }]);
      const token = tokenIn((await delivered(laterPhone, 1))[0]!.text)!;
      const [l] = await invitation(later);
      const in15Days = new Date(clock.now().getTime() + 15 * 86_400_000);
      assert.equal((await inTx(t.database.db, null, (trx) => invitationByToken(trx, token, in15Days)))?.state, 'expired');
      assert.equal(await inTx(t.database.db, null, (trx) => redeemInvitation(trx, l!.id, user, in15Days)), false, 'expired');
      assert.equal((await inTx(t.database.db, null, (trx) => invitationByToken(trx, token, clock.now())))?.state, 'usable');
    });

    test('with sending off the invitation SMS waits, untried, and goes out when a process with a transport runs', async () => {
      const off = await startMessaging({ db: t.database.db, clock, settings: { ...settings(smsc.port), transport: { kind: 'off' } }, publicUrl: PUBLIC_URL });
      try {
        const offWorker = new JobWorker(t.database.db, { clock, handlers: off.handlers });
        const nationalId = w.nextId('1990-02-02');
        const to = phone();
        await invite(0, [{ nationalId, phone: to, locale: 'ar' }]);
        const seen = smsc.received.length;
        await offWorker.runDue();
        clock.advanceMs(3_600_000); // long past every backoff
        await offWorker.runDue();
        assert.deepEqual((await messagesTo(to)).map((m) => m.state), ['queued']);
        const job = (await sql<{ status: string; attempts: number }>`select j.status, j.attempts from jobs j join sms_messages m on j.key = 'sms:' || m.id where m.to_phone = ${to}`.execute(t.database.db)).rows;
        assert.deepEqual(job, [{ status: 'pending', attempts: 0 }]);
        assert.equal(smsc.received.length, seen);
        await worker.runDue();
        const [sms] = await smsc.waitForTo(to);
        assert.equal((await invitation(nationalId))[0]!.status, 'sent');
      } finally {
        await off.close();
      }
    });

    test('the sweep marks links past their days expired; a used invitation stays used', async () => {
      const waiting = w.nextId('1991-03-03');
      const used = w.nextId('1991-03-04');
      await invite(1, [{ nationalId: waiting, phone: phone(), locale: 'fa' }, { nationalId: used, phone: phone(), locale: 'fa' }]);
      await worker.runDue();
      const [u] = await invitation(used);
      assert.equal(await inTx(t.database.db, null, (trx) => redeemInvitation(trx, u!.id, w.charities[1]!.caseworker.actor.userId, clock.now())), true);
      const sweeps = async () => (await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'invitations.expire' and status = 'pending'`.execute(t.database.db)).rows[0]!.n;
      assert.ok((await sweeps()) >= 1, 'the send scheduled its sweep');
      clock.advanceMs(13 * 86_400_000);
      await worker.runDue();
      assert.notEqual((await invitation(waiting))[0]!.status, 'expired', 'not before its 14 days');
      clock.advanceMs(2 * 86_400_000);
      await worker.runDue();
      assert.equal((await invitation(waiting))[0]!.status, 'expired');
      assert.equal((await invitation(used))[0]!.status, 'used');
      assert.equal(await sweeps(), 0);
    });
  });
}
