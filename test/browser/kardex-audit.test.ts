/**
 * The household's service record and the ministry's audit search, in the browser, in Arabic with
 * Persian and English checks: charity A's caseworker opens the record from the case of a household
 * that received aid from charities A and B (B's name hidden from A), prints it, and is refused
 * politely the record of a household A has nothing to do with; the ministry's supervisor searches
 * the trail by a national ID, picks a date in the Umm al-Qura calendar, reads each entry as a
 * sentence and follows its link to the record, where both charities are named. Every page is
 * photographed in ar/fa/en at phone and desktop width, nothing overflows, axe finds nothing serious.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import { decideException, grantAid, requestException } from '../../src/modules/grants/grants.service.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { registerFamily } from '../support/fixtures.js';
import { calendarParts, isoFromCalendar, monthNames } from '../../web/src/lib/calendar-date.js';
import { ARABIC_DIGIT, DESKTOP, PERSIAN_DIGIT, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan, inLanguage } from './support.js';

const PHONE = { width: 390, height: 844 };
const LANGS = ['ar', 'fa', 'en'] as const;


/** Screenshots at desktop and phone width in each language; no sideways scrolling, nothing serious for axe. The page is left in Arabic at desktop width. */
async function everyLanguage(page: Page, name: string, check?: (lang: (typeof LANGS)[number]) => Promise<void>): Promise<void> {
  for (const lang of LANGS) {
    await inLanguage(page, lang);
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await settle(page);
      await check?.(lang);
      await screenshot(page, `${name}-${lang}-${size.width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${name} in ${lang} at ${size.width}px is ${overflow}px wider than the screen`);
      assert.deepEqual(await seriousViolations(page), [], `${name} in ${lang} at ${size.width}px`);
    }
  }
  await page.setViewportSize(DESKTOP);
  await inLanguage(page, 'ar');
}

describe('browser: the service record and the audit search', () => {
  let m: Mizan;
  let browser: Browser;
  let requestId: string;
  let otherHousehold: string;
  const ref = (id: string) => id.slice(0, 8).toUpperCase();
  const arabic = (s: string) => s.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
  // A short reference as shown in Arabic: Arabic digits, kept left to right inside the sentence.
  const code = (id: string) => `\u2066${arabic(ref(id))}\u2069`;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    const [A, B] = m.world.charities;
    const a = A!.caseworker.actor;
    const b = B!.caseworker.actor;
    const r = await inTx(db, a, (trx) => submitRequest(trx, a, m.t.dep, systemClock, { householdId: m.family.householdId, aidTypeCode: 'refrigerator', justification: 'The old one broke down.' }));
    requestId = r.id;
    await inTx(db, a, (trx) => claimRequest(trx, a, requestId, new Date()));
    await inTx(db, a, (trx) => grantAid(trx, a, m.t.dep, systemClock, { householdId: m.family.householdId, aidTypeCode: 'food-basket' }));
    await inTx(db, b, (trx) => grantAid(trx, b, m.t.dep, systemClock, { beneficiaryNationalId: m.family.members[1]!.nationalId, aidTypeCode: 'medical-aid', amount: '20' }));
    const x = await inTx(db, a, (trx) => requestException(trx, a, m.t.dep, { householdId: m.family.householdId, aidTypeCode: 'food-basket', reason: 'The family lost everything in a fire.', documentRef: 'CD-2026-17' }));
    const s = m.world.supervisor.actor;
    await inTx(db, s, (trx) => decideException(trx, s, systemClock, x.id, 'approved', 'Fire report seen.'));
    // A household charity A never registered, studied or helped.
    otherHousehold = (await registerFamily(db, m.t.dep, m.world, b)).householdId;
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test("charity A's caseworker: from the case to the record, aid from A and from another charity, printable; another household's record refused politely", async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.charities[0]!.caseworker.nationalId });
    await go(`/charity/requests/${requestId}`);
    await page.locator('.kardex-link a').click();
    await page.waitForURL(`**/charity/households/${m.family.householdId}/record`);
    await settle(page);
    assert.equal(await page.locator('h1#page-title').innerText(), `سجل خدمات الأسرة ${code(m.family.householdId)}`);
    const granted = page.locator('.kardex-event[data-kind="granted"]');
    assert.equal(await granted.count(), 2);
    const headlines = (await granted.locator('h3').allInnerTexts()).join(' | ');
    assert.match(headlines, /قدّمت Charity A/);
    assert.match(headlines, /قدّمت جمعية أخرى/, 'charity B is not named to charity A');
    assert.ok(!headlines.includes('Charity B'));
    const request = page.locator(`#request-${requestId}`);
    assert.match(await request.innerText(), new RegExp(`الطلب ${code(requestId)}`));
    assert.match(await request.innerText(), /تدرسه/);
    assert.match(await page.locator('.kardex-summary').innerText(), ARABIC_DIGIT);
    const exception = page.locator('.kardex-event[data-kind="exception"]');
    assert.match(await exception.innerText(), /طلبت Charity A من الوزارة استثناءً/);
    assert.match(await exception.innerText(), /The family lost everything in a fire\./, 'its own reason, to the charity that asked');
    assert.match(await page.locator('.kardex-events').innerText(), /وافقت الوزارة على الاستثناء الذي طلبته Charity A/);

    await everyLanguage(page, 'kardex-charity', async (lang) => {
      if (lang === 'fa') assert.match(await page.locator('h1#page-title').innerText(), /^کاردکس خدمات خانوار/);
      if (lang === 'fa') assert.match(await page.locator('.kardex-summary').innerText(), PERSIAN_DIGIT);
      if (lang === 'en') assert.match(await page.locator('.kardex-events').innerText(), /Another charity gave/);
    });

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-header').isVisible(), false, 'no header on paper');
    assert.equal(await page.getByRole('button', { name: 'طباعة' }).isVisible(), false, 'no print button on paper');
    assert.equal(await granted.count(), 2);
    await screenshot(page, 'kardex-charity-ar-print');
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.getByRole('button', { name: 'طباعة' }).isVisible(), true);

    await go(`/charity/households/${otherHousehold}/record`);
    const refusal = page.locator('.kardex-refused');
    assert.match(await refusal.innerText(), /لا يمكنك الاطلاع على سجل خدمات هذه الأسرة/);
    assert.match(await refusal.innerText(), /فاطلبه من الوزارة/, 'says what to do');
    assert.equal(await page.locator('.kardex-events').count(), 0);
    await screenshot(page, 'kardex-refused-ar-1280');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  test('the ministry: search by national ID, a date in the Umm al-Qura calendar, entries as sentences with links to the record', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.supervisor.nationalId });
    // This deployment counts days in the Umm al-Qura calendar.
    await page.route('**/api/v1/deployment', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), calendar: 'islamic-umalqura' } });
    });
    await go('/ministry/audit');
    assert.equal(await page.locator('h1#page-title').innerText(), 'سجل التدقيق');
    await page.getByLabel('الرقم المدني لشخص').fill(m.family.members[2]!.nationalId);
    // From: today in Umm al-Qura, picked by day, month name and year.
    const today = new Date().toISOString().slice(0, 10);
    const h = calendarParts(today, 'islamic-umalqura')!;
    const from = page.locator('fieldset[data-name="from"]');
    await from.getByLabel('السنة').fill(arabic(String(h.year)));
    await from.getByLabel('الشهر').selectOption({ label: monthNames(h.year, 'islamic-umalqura', 'ar')[h.month - 1]! });
    await from.getByLabel('اليوم').selectOption(String(h.day));
    assert.equal(isoFromCalendar(h, 'islamic-umalqura'), today);
    const sent = page.waitForRequest((r) => r.url().includes('/api/v1/audit?'));
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    const url = new URL((await sent).url());
    assert.equal(url.searchParams.get('nationalId'), m.family.members[2]!.nationalId);
    assert.equal(url.searchParams.get('from'), new Date(`${today}T00:00:00`).toISOString(), 'the Hijri day picked is sent as the Gregorian day it is');
    await page.waitForSelector('.audit-entry');
    await settle(page);

    const household = code(m.family.householdId);
    const sentences = await page.locator('.audit-sentence').allInnerTexts();
    assert.equal(sentences[0], `بحث مشرف الوزارة supervisor من الوزارة في سجل التدقيق عن فرد من الأسرة ${household}.`, 'the search itself, first');
    assert.ok(sentences.includes(`تسلّم الباحث الاجتماعي c0_caseworker من Charity A الطلب ${code(requestId)} للأسرة ${household}.`), sentences.join('\n'));
    assert.ok(sentences.some((s) => s.startsWith('سجّل الباحث الاجتماعي c1_caseworker من Charity B مساعدة مقدَّمة للأسرة')), sentences.join('\n'));
    assert.ok(!sentences.join(' ').includes(m.family.members[2]!.nationalId), 'no national ID in the answer');
    assert.match(await page.locator('.audit-person').innerText(), new RegExp(`من أفراد الأسرة ${household}`));
    const audited = await m.t.database.db.selectFrom('audit_log').select(['household_id']).where('action', '=', 'audit.search_person').execute();
    assert.deepEqual(audited, [{ household_id: m.family.householdId }]);

    // The Umm al-Qura month names in Persian and English; the sentences in both.
    await everyLanguage(page, 'audit-search', async (lang) => {
      const months = await page.locator('fieldset[data-name="from"] select').nth(1).locator('option').allInnerTexts();
      assert.ok(months.includes(monthNames(h.year, 'islamic-umalqura', lang)[8]!), `Ramadan among the months in ${lang}`);
      if (lang === 'en') assert.match((await page.locator('.audit-sentence').allInnerTexts()).join('\n'), /Caseworker c0_caseworker of Charity A took up request/);
      if (lang === 'fa') assert.match((await page.locator('.audit-sentence').allInnerTexts()).join('\n'), /مددکار c0_caseworker از Charity A درخواست/);
    });

    // A "to" before any entry: nothing found, said so.
    const to = page.locator('fieldset[data-name="to"]');
    await to.getByLabel('السنة').fill(arabic(String(h.year - 1)));
    await to.getByLabel('الشهر').selectOption({ index: 1 });
    await to.getByLabel('اليوم').selectOption('1');
    await from.getByLabel('السنة').fill(arabic(String(h.year - 2)));
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    await page.waitForSelector('.state.empty');
    assert.equal(await page.locator('.audit-entry').count(), 0);
    await page.getByRole('button', { name: 'مسح' }).click();
    await page.getByLabel('الرقم المدني لشخص').fill(m.family.members[2]!.nationalId);
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    await page.waitForSelector('.audit-entry');

    // The entry about the claim links to the request in the household's record; the ministry sees both charities named.
    const claim = page.locator('.audit-entry[data-action="request.claim"]');
    await claim.getByRole('link', { name: `الطلب ${code(requestId)}` }).click();
    await page.waitForURL(`**/ministry/households/${m.family.householdId}#request-${requestId}`);
    await settle(page);
    const headlines = (await page.locator('.kardex-event[data-kind="granted"] h3').allInnerTexts()).join(' | ');
    assert.match(headlines, /Charity A/);
    assert.match(headlines, /Charity B/);
    await everyLanguage(page, 'kardex-ministry');
    await go('/ministry/audit');
    await context.close();
  });
});
