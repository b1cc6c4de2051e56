/**
 * Small things of the web app, in Arabic first with Persian and English checks: the pool's
 * nationality filter lists country names, a priority on a pool card says what it means, and a
 * field visitor's home is a page of their own, not a permission error; Arabic and Persian are drawn
 * in the bundled Vazirmatn. Screenshots of the field
 * visitor's page and the pool in three languages at phone (390×844) and desktop (1280×800) width.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan, inLanguage, looked } from './support.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LANGS = ['ar', 'fa', 'en'] as const;



describe('browser: small things — nationality names, priority meaning, the field visitor’s home', () => {
  let m: Mizan;
  let browser: Browser;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const cw = m.world.charities[0]!.caseworker.actor;
    await inTx(m.t.database.db, cw, (trx) =>
      submitRequest(trx, cw, m.t.dep, systemClock, { beneficiaryNationalId: m.family.members[0]!.nationalId, aidTypeCode: 'food-basket', justification: 'الأسرة بحاجة إلى سلة غذائية', priority: 1 }),
    );
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('a field visitor signs in and lands on a page that says what they will do, in three languages', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page } = await signedIn(browser, m.base, { nationalId: m.world.charities[0]!.visitor.nationalId }, viewport);
      assert.equal(new URL(page.url()).pathname, '/field');
      await inLanguage(page, 'ar');
      assert.equal(await page.locator('h1#page-title').innerText(), 'الزيارات الميدانية');
      const body = await page.locator('main').innerText();
      assert.match(body, /تتحقق من أحوال الأسر بزيارتها/);
      assert.doesNotMatch(body, /403|forbidden|غير مسموح|لا تملك/i);
      await looked(page, 'field-visitor', 'ar', viewport.width);
      await inLanguage(page, 'fa');
      assert.equal(await page.locator('h1#page-title').innerText(), 'بازدیدهای میدانی');
      await looked(page, 'field-visitor', 'fa', viewport.width);
      await inLanguage(page, 'en');
      assert.match(await page.locator('main').innerText(), /verify households by visiting them/);
      await looked(page, 'field-visitor', 'en', viewport.width);
      if (viewport === PHONE) {
        // The charity pages their role may not use (the pool, giving aid, registering) are not theirs
        // to open by address either: each leads back to their own page, as GET /me's permissions say.
        for (const address of ['/charity/pool', '/charity/give', '/charity/households/new']) {
          await page.goto(address);
          await settle(page);
          assert.equal(new URL(page.url()).pathname, '/field', `${address} leads a field visitor home`);
        }
        assert.deepEqual(await page.locator('nav.app-nav a').evaluateAll((as) => as.map((x) => x.getAttribute('href'))), ['/field', '/notifications']);
      }
      await context.close();
    }
  });

  test('the pool offers nationalities by name and explains a priority on the card', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page } = await signedIn(browser, m.base, { nationalId: m.world.charities[1]!.caseworker.nationalId }, viewport, '/charity/pool');
      assert.equal(new URL(page.url()).pathname, '/charity/pool');
      await inLanguage(page, 'ar');
      const filters = page.locator('details.filters');
      if (!(await filters.evaluate((d) => (d as HTMLDetailsElement).open))) await filters.locator('summary').click();
      const nationality = page.locator('#f-nationality');
      assert.equal(await nationality.evaluate((e) => e.tagName), 'SELECT', 'a list, not a free code field');
      const options = await nationality.locator('option').evaluateAll((os) => os.map((o) => o.textContent ?? ''));
      assert.ok(options.includes('الكويت') && options.includes('مصر'), `country names in Arabic: ${options.join(', ')}`);
      assert.ok(!options.some((o) => /^[A-Z]{2}$/.test(o)), 'no bare ISO code offered');
      const card = page.locator('.pool-item').first();
      assert.match(await card.innerText(), /الأولوية ١ من ٣: عاجل/);
      await looked(page, 'pool', 'ar', viewport.width);
      await nationality.selectOption({ label: 'الكويت' });
      await page.locator('form[aria-label] button[type=submit]').click();
      await page.waitForURL((u) => u.searchParams.get('nationality') === 'KW');
      await settle(page);
      assert.equal(await page.locator('.pool-item').count(), 1, 'the family’s head is Kuwaiti: the request stays');
      await inLanguage(page, 'fa');
      assert.match(await page.locator('.pool-item').first().innerText(), /اولویت ۱ از ۳: فوری/);
      assert.equal(await page.locator('#f-nationality').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent), 'کویت');
      await looked(page, 'pool', 'fa', viewport.width);
      await inLanguage(page, 'en');
      assert.match(await page.locator('.pool-item').first().innerText(), /Priority 1 of 3: urgent/);
      assert.equal(await page.locator('#f-nationality').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent), 'Kuwait');
      await looked(page, 'pool', 'en', viewport.width);
      await context.close();
    }
  });

  test('staff are shown by name, never by a user ID', async () => {
    const c = m.world.charities[1]!;
    const { context, page } = await signedIn(browser, m.base, { nationalId: c.admin.nationalId }, PHONE, '/charity/staff');
    assert.equal(new URL(page.url()).pathname, '/charity/staff');
    const text = await page.locator('main').innerText();
    for (const name of ['c1_admin', 'c1_caseworker', 'c1_visitor']) assert.ok(text.includes(name), `${name} is on the staff page`);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'no user ID on the page');
    assert.ok(!text.includes(c.caseworker.actor.userId));
    await context.close();
  });
  test('Arabic and Persian letters are drawn in the bundled Vazirmatn, served by Mizan itself', async () => {
    const { context, page } = await signedIn(browser, m.base, { nationalId: m.world.charities[0]!.visitor.nationalId }, PHONE);
    const fontRequests: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'font') fontRequests.push(r.url());
    });
    for (const lang of ['ar', 'fa'] as const) {
      await inLanguage(page, lang);
      await page.reload();
      await settle(page);
      await page.evaluate(() => document.fonts.ready);
      const face = await page.evaluate(() => getComputedStyle(document.querySelector('h1#page-title')!).fontFamily);
      assert.match(face, /^"?Vazirmatn"?,/, `${lang}: the heading asks for Vazirmatn first`);
      const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded').map((f) => f.unicodeRange));
      assert.ok(loaded.some((range) => /U\+6/i.test(range)), `${lang}: the Arabic-script face of Vazirmatn was loaded (loaded ranges: ${loaded.join(' | ')})`);
    }
    assert.ok(fontRequests.length > 0, 'the page fetched its font');
    for (const url of fontRequests) assert.equal(new URL(url).origin, m.base, `font from Mizan, not elsewhere: ${url}`);
    await context.close();
  });
});
