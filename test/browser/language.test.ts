/**
 * Language, as the people who use Mizan meet it, in Arabic first with Persian and English checks:
 * the language picked on the sign-in page goes along the sign-in (the identity provider's page is
 * in it) and is kept for the account; messages count in the language's plural forms (Arabic's six
 * for 0, 1, 2, 3, 11 and 100 days left) with its digits; the identity provider's page and a
 * refusal page are translated and right to left. Screenshots of both pages in three languages at
 * phone (390×844) and desktop (1280×800) width, nothing wider than the screen, axe clean.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { notificationsRepository } from '../../src/modules/notifications/notifications.repository.js';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { requestRef } from '../../src/modules/requests/timeline.js';
import { ARABIC_DIGIT, LATIN_DIGIT, PERSIAN_DIGIT, launch, screenshot, seriousViolations, settle, startMizan, type Mizan, inLanguage, looked } from './support.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LANGS = ['ar', 'fa', 'en'] as const;
const DAYS = [0, 1, 2, 3, 11, 100];

async function lookedAtBoth(page: Page, name: string, lang: string): Promise<void> {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await looked(page, name, lang, size.width);
  }
}


const html = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('browser: language — kept across sign-in, plural forms, the sign-in and refusal pages', () => {
  let m: Mizan;
  let browser: Browser;
  let requestId: string;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    // A request in the pool, due in a little under three days (three days left, as the reminders count).
    const cw = m.world.charities[0]!.caseworker.actor;
    await inTx(m.t.database.db, cw, (trx) =>
      submitRequest(trx, cw, m.t.dep, systemClock, { beneficiaryNationalId: m.family.members[0]!.nationalId, aidTypeCode: 'food-basket', justification: 'الأسرة بحاجة إلى سلة غذائية', priority: 1 }),
    );
    const request = await m.t.database.db.updateTable('aid_requests').set({ deadline_at: new Date(Date.now() + 3 * 86_400_000 - 3_600_000) }).returning('id').executeTakeFirstOrThrow();
    requestId = request.id;
    // Reminders to charity A about six requests, 0 to 100 days before their deadlines.
    const db = m.t.database.db;
    const aid = await db.selectFrom('aid_types').select('code').executeTakeFirstOrThrow();
    await notificationsRepository.insertMany(db, DAYS.map((daysLeft, i) => ({
      recipientOrg: m.world.charities[0]!.id, recipientUser: null, template: 'request.reminder.claimant',
      params: { ref: `A1B2C3D${i}`, aidType: aid.code, deadline: '2026-03-15', daysLeft }, locale: 'ar', requestId: null, createdAt: new Date(Date.now() - i * 60_000),
    })));
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('the identity provider’s page and a refusal page, in Arabic, Persian and English, right to left where it should be', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, baseURL: m.base });
    const page = await context.newPage();
    const unknown = m.world.nextId('1990-05-05');
    const headings = new Set<string>();
    for (const lang of LANGS) {
      await page.goto(`/auth/login?returnTo=%2F&lang=${lang}`);
      await page.waitForSelector('#national-id');
      assert.deepEqual(await html(page), { lang, dir: lang === 'en' ? 'ltr' : 'rtl' }, `the provider's page in ${lang}`);
      headings.add(await page.locator('h1').innerText());
      await lookedAtBoth(page, 'identity-provider', lang);
      await page.locator('#national-id').fill(unknown);
      await page.locator('#sign-in-typed').click();
      await page.waitForSelector('p.refusal');
      assert.deepEqual(await html(page), { lang, dir: lang === 'en' ? 'ltr' : 'rtl' }, `the refusal in ${lang}`);
      const text = await page.locator('main').innerText();
      if (lang === 'ar') assert.match(text, /رُفض تسجيل الدخول[\s\S]*اطلب من جمعية خيرية أو من الوزارة تسجيل أسرتك/);
      if (lang === 'fa') assert.match(text, /ورود پذیرفته نشد[\s\S]*خانوار شما را ثبت کند/);
      if (lang === 'en') assert.match(text, /Sign-in refused[\s\S]*Ask a charity or the ministry to register your household/);
      assert.ok(!text.includes(unknown), 'the refusal does not repeat the national ID');
      await lookedAtBoth(page, 'refusal', lang);
    }
    assert.equal(headings.size, 3, 'three languages, three headings');
    // A sign-in page that expired is a refusal page too, in the language of the visit.
    await page.goto('/idp/interaction/no-such-sign-in');
    assert.equal((await html(page)).lang, 'en', 'the language last chosen on the provider’s page');
    assert.match(await page.locator('p.refusal').innerText(), /expired or does not exist/);
    await context.close();
  });

  test('Persian picked before sign-in is kept; reminders count in the language: Arabic’s six forms, Persian and English', async () => {
    const cw = m.world.charities[0]!.caseworker;
    const context = await browser.newContext({ viewport: PHONE, baseURL: m.base });
    const page = await context.newPage();
    await page.goto('/');
    await settle(page);
    assert.equal((await html(page)).lang, 'ar', 'the deployment’s language first');
    await inLanguage(page, 'fa');
    await page.locator('a[href^="/auth/login"]:not([href*="as=donor"])').click();
    await page.waitForSelector('#national-id');
    assert.deepEqual(await html(page), { lang: 'fa', dir: 'rtl' }, 'the identity provider speaks Persian');
    await page.locator('#national-id').fill(cw.nationalId);
    await page.locator('#sign-in-typed').click();
    await page.waitForURL((u) => u.origin === m.base && !u.pathname.startsWith('/auth') && !u.pathname.startsWith('/idp'));
    await settle(page);
    assert.deepEqual(await html(page), { lang: 'fa', dir: 'rtl' }, 'still Persian after sign-in, although the account said Arabic');
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { locale: string });
    assert.equal(me.locale, 'fa', 'kept for the account');

    await page.goto('/notifications');
    await settle(page);
    const fa = await page.locator('.notice p').allInnerTexts();
    assert.equal(fa.length, DAYS.length);
    assert.ok(fa.some((t) => t.endsWith('۱۱ روز مانده است.')), fa.join('\n'));
    assert.ok(fa.some((t) => t.endsWith('هیچ روزی نمانده است.')), 'no "0 days" on the last day');
    assert.ok(fa.every((t) => PERSIAN_DIGIT.test(t) && !LATIN_DIGIT.test(t.replace(/A1B2C3D\d/, ''))), 'Persian digits (the reference stays as the web app shows it)');

    await inLanguage(page, 'ar');
    await page.waitForFunction(() => document.querySelector('.notice p')?.textContent?.startsWith('تذكير'));
    const ar = await page.locator('.notice p').allInnerTexts();
    const phrases = ['لم يبقَ أي يوم', 'بقي يوم واحد', 'بقي يومان', 'بقيت ٣ أيام', 'بقي ١١ يومًا', 'بقي ١٠٠ يوم'];
    // Newest first: 0 days left first, 100 days left last.
    phrases.forEach((p, i) => assert.ok(ar[i]!.endsWith(`: ${p}.`), `${DAYS[i]} days: ${ar[i]}`));
    assert.ok(ar.every((t) => ARABIC_DIGIT.test(t) && !LATIN_DIGIT.test(t.replace(/A1B2C3D\d/, ''))), 'Arabic-Indic digits');
    assert.doesNotMatch(ar.join('\n'), /بقي ٣ يوم|day\(s\)/);
    assert.match(await page.locator('nav .count, .count').first().innerText(), /٦ رسائل غير مقروءة/, 'the unread count in its plural form');
    await screenshot(page, 'notifications-plural-ar-390');

    // The pool card: the days left in their Arabic form, the request named by the reference the messages use.
    await page.goto('/charity/pool');
    await settle(page);
    const card = page.locator(`[data-request="${requestId}"]`);
    assert.equal(await card.locator('.days-left').innerText(), 'بقيت ٣ أيام');
    assert.equal(await card.locator('.request-ref').innerText(), requestRef(requestId));

    await page.goto('/notifications');
    await settle(page);

    await inLanguage(page, 'en');
    await page.waitForFunction(() => document.querySelector('.notice p')?.textContent?.startsWith('Reminder'));
    const en = await page.locator('.notice p').allInnerTexts();
    assert.match(en[1]!, /: one day left\.$/);
    assert.match(en[5]!, /: 100 days left\.$/);
    assert.match(en[0]!, /due on 15 March 2026/);
    await context.close();
  });
});
