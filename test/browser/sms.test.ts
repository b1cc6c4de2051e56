/**
 * The ministry's SMS page, in Persian on a phone: reached from the ministry's menu, it shows the
 * invitations sent, delivered and opted out in Persian digits, per day and charity, right to left,
 * without a phone number, no serious accessibility violation and no sideways scrolling.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { queueSms, optOutNumber } from '../../src/modules/sms/sms.service.js';
import { PHONE, launch, looked, signedIn, startMizan, type Mizan } from './support.js';

describe('browser: the ministry reads the invitation SMS', () => {
  let m: Mizan;
  let browser: Browser;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    const A = m.world.charities[0]!;
    await inTx(db, SYSTEM_ACTOR, async (trx) => {
      for (const to of ['+96560000001', '+96560000002', '+96560000003']) await queueSms(trx, { to, text: 'دعوت', purpose: 'invitation', ref: null, orgId: A.id }, new Date());
      await optOutNumber(trx, '+96560000003', 'smpp', {}, new Date());
    });
    await m.setLocale(m.world.supervisor.nationalId, 'fa');
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('from the menu to the counts, in Persian on a phone', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.supervisor.nationalId }, PHONE);
    await go('/ministry/charities');
    await page.locator('a[href="/ministry/sms"]').first().click();
    await page.waitForSelector('table tbody tr');
    assert.equal(await page.locator('h1#page-title').innerText(), 'پیامک‌های دعوت');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    const row = page.locator('tbody tr', { hasText: m.world.charities[0]!.name });
    assert.equal(await row.count(), 1);
    assert.equal(await page.locator('[data-total="queued"]').innerText(), '۲');
    assert.equal(await page.locator('[data-total="optedOut"]').innerText(), '۱');
    assert.equal(await page.locator('[data-total="rejected"]').innerText(), '۱');
    assert.ok(!(await page.locator('main').innerText()).includes('60000001'));
    await looked(page, 'ministry-sms', 'fa', PHONE.width);
    await context.close();
  });
});
