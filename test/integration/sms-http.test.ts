/**
 * The HTTP gateway transport (Kannel-style sendsms) against a small local double, its delivery
 * reports and replies back into Mizan (POST /api/v1/sms/dlr, /sms/inbound, with the shared
 * secret), the public invitation route and the ministry's SMS summary, on every engine.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { startMessaging, type Messaging } from '../../src/modules/invitations/messaging.js';
import { inviteMany, redeemInvitation } from '../../src/modules/invitations/invitations.service.js';

const SECRET = 'gateway-shared-secret';

/** The gateway double: records each sendsms request and answers with the status it is told. */
class GatewayDouble {
  readonly requests: URL[] = [];
  status = 202;
  private server: Server = createServer((req, res) => {
    this.requests.push(new URL(req.url ?? '/', 'http://gateway'));
    res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status === 202 ? '0: Accepted for delivery' : 'error');
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cgi-bin/sendsms?username=mizan&password=pw&from=Mizan`;
  }
  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

for (const engine of engines()) {
  describe(`SMS through an HTTP gateway, and the SMS routes (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let gateway: GatewayDouble;
    let messaging: Messaging;
    let worker: JobWorker;
    const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
    let n = 0;
    const phone = () => `+9656${String(1_000_000 + ++n).slice(1)}`;

    const invite = (c: number, nationalId: string, to: string, locale: 'ar' | 'fa' | 'en') => {
      const actor = w.charities[c]!.caseworker.actor;
      return inTx(t.database.db, actor, (trx) => inviteMany(trx, [{ nationalId, phone: to, locale, orgId: actor.orgId! }], clock.now()));
    };
    const status = async (nationalId: string) => (await sql<{ status: string }>`select status from invitations where national_id = ${nationalId}`.execute(t.database.db)).rows[0]?.status;
    const dlrPath = (u: URL, report: number) => {
      const dlr = new URL(u.searchParams.get('dlr-url')!.replace('%d', String(report)));
      return `${dlr.pathname}${dlr.search}`;
    };

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      gateway = new GatewayDouble();
      const url = await gateway.start();
      process.env.MIZAN_SMS_DLR_SECRET = SECRET;
      api = await makeApi(t, clock);
      messaging = await startMessaging({ db: t.database.db, clock, settings: { transport: { kind: 'http', url, source: 'Mizan' }, ratePerSecond: 0, dlrSecret: SECRET, invitationDays: 14 }, publicUrl: 'https://mizan.test' });
      worker = new JobWorker(t.database.db, { clock, handlers: messaging.handlers });
    });
    after(async () => {
      delete process.env.MIZAN_SMS_DLR_SECRET;
      await messaging.close();
      await api.app.close();
      await gateway.close();
      await t.close();
    });

    test('a Persian invitation goes to the gateway in UTF-8 with coding=2 and a delivery-report address; its report makes it delivered', async () => {
      const nationalId = w.nextId('1990-01-01');
      const to = phone();
      await invite(0, nationalId, to, 'fa');
      await worker.runDue();
      assert.equal(gateway.requests.length, 1);
      const u = gateway.requests[0]!;
      assert.deepEqual(
        { to: u.searchParams.get('to'), coding: u.searchParams.get('coding'), charset: u.searchParams.get('charset'), mask: u.searchParams.get('dlr-mask'), from: u.searchParams.get('from'), user: u.searchParams.get('username') },
        { to, coding: '2', charset: 'UTF-8', mask: '31', from: 'Mizan', user: 'mizan' },
      );
      assert.ok(u.searchParams.get('text')!.startsWith('یک خیریه شما را به میزان دعوت کرده'));
      const token = /\/i\/([A-Za-z0-9_-]{22})/.exec(u.searchParams.get('text')!)![1]!;
      assert.equal(await status(nationalId), 'sent');

      // A report with the wrong secret changes nothing.
      const wrong = dlrPath(u, 1).replace(`secret=${SECRET}`, 'secret=guess');
      assert.equal((await api.call('POST', wrong)).status, 403);
      assert.equal(await status(nationalId), 'sent');
      // Kannel's "8: delivered to the SMSC" is on the way; "1: delivered" ends it.
      assert.equal((await api.call('POST', dlrPath(u, 8))).status, 204);
      assert.equal(await status(nationalId), 'sent');
      assert.equal((await api.call('POST', dlrPath(u, 1))).status, 204);
      assert.equal(await status(nationalId), 'delivered');

      // The public route says the state and the language, nothing more.
      const res = await api.call('GET', `/api/v1/invitations/${token}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { state: 'usable', locale: 'fa' });
      assert.ok(Number(res.headers['ratelimit-limit']) > 0, 'limited per address like the sign-in');
      assert.equal((await api.call('GET', '/api/v1/invitations/AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
      const [row] = (await sql<{ id: string }>`select id from invitations where national_id = ${nationalId}`.execute(t.database.db)).rows;
      await inTx(t.database.db, null, (trx) => redeemInvitation(trx, row!.id, w.charities[0]!.caseworker.actor.userId, clock.now()));
      assert.deepEqual((await api.call('GET', `/api/v1/invitations/${token}`)).body, { state: 'used', locale: 'fa' });
    });

    test('a gateway refusing the message (4xx) rejects it; a gateway down (5xx) leaves it queued for the retry', async () => {
      gateway.status = 400;
      const refused = w.nextId('1991-01-01');
      await invite(0, refused, phone(), 'en');
      await worker.runDue();
      assert.equal(await status(refused), 'failed');
      gateway.status = 503;
      const later = w.nextId('1992-01-01');
      await invite(1, later, phone(), 'ar');
      await worker.runDue();
      assert.equal(await status(later), 'pending');
      const [job] = (await sql<{ status: string; attempts: number; last_error: string }>`select j.status, j.attempts, j.last_error from jobs j where j.kind = 'sms.send' and j.status = 'pending'`.execute(t.database.db)).rows;
      assert.deepEqual({ status: job!.status, attempts: job!.attempts }, { status: 'pending', attempts: 1 });
      assert.match(job!.last_error, /503/);
      gateway.status = 202;
      clock.advanceMs(60_000);
      await worker.runDue();
      assert.equal(await status(later), 'sent');
    });

    test('a STOP reply through the gateway opts the number out', async () => {
      const nationalId = w.nextId('1993-01-01');
      const to = phone();
      await invite(1, nationalId, to, 'ar');
      await worker.runDue();
      assert.equal((await api.call('POST', `/api/v1/sms/inbound?secret=${SECRET}&from=${encodeURIComponent(to)}&text=${encodeURIComponent('إيقاف')}`)).status, 204);
      assert.equal(await status(nationalId), 'opted-out');
      assert.equal((await api.call('POST', `/api/v1/sms/inbound?secret=nope&from=${encodeURIComponent(to)}&text=STOP`)).status, 403);
    });

    test("the ministry's summary counts per day and charity without a phone number; a charity may not read it", async () => {
      const res = await api.call('GET', '/api/v1/sms/summary?days=7', w.ministryAdmin.token);
      assert.equal(res.status, 200);
      const a = res.body.items.find((r: { orgId: string }) => r.orgId === w.charities[0]!.id);
      const b = res.body.items.find((r: { orgId: string }) => r.orgId === w.charities[1]!.id);
      assert.deepEqual({ day: a.day, sent: a.sent, delivered: a.delivered, rejected: a.rejected }, { day: '2026-03-01', sent: 1, delivered: 1, rejected: 1 });
      assert.deepEqual({ sent: b.sent, optedOut: b.optedOut }, { sent: 2, optedOut: 1 });
      assert.equal(res.body.totals.optedOut, 1);
      assert.ok(!/\+965/.test(JSON.stringify(res.body)));
      assert.equal((await api.call('GET', '/api/v1/sms/summary', w.charities[0]!.admin.token)).status, 403);
    });
  });
}
