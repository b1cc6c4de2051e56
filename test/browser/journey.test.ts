/**
 * The journey in a real browser: an applicant submits a request in Arabic → charity A's caseworker
 * sees it anonymously in the pool, claims it, sees the household and approves → charity B's
 * caseworker tries to give the same aid to the applicant's spouse and reads the refusal in plain
 * words → the applicant sees the approval. Then the key pages in Persian and English, with the
 * document direction and the digits checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ARABIC_DIGIT, LATIN_DIGIT, PERSIAN_DIGIT, launch, settle, signedIn, startMizan, type Mizan } from './support.js';
import { inTx } from '../../src/kernel/transaction.js';
import { requestException } from '../../src/modules/grants/grants.service.js';

const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
const docLang = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
/** Client-side navigation (history.pushState) fires no load event: wait for the address itself. */
const atPath = (page: Page, re: string) => page.waitForFunction((r) => new RegExp(r).test(location.pathname), re, { timeout: 15_000 });
/** Confirms the step in the confirmation dialog (its first button; "Go back" is the second). */
const confirmStep = (page: Page) => page.locator('dialog.confirm-dialog .form-actions button').first().click();
const times = async (page: Page) => (await page.locator('main time').allTextContents()).join(' ');

describe('browser: the request journey', () => {
  let m: Mizan;
  let browser: Browser;
  let requestId = '';
  before(async () => {
    m = await startMizan();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('before sign-in, a protected address leads to the national-ID sign-in with the way back', async () => {
    const context = await browser.newContext({ baseURL: m.base });
    const page = await context.newPage();
    await page.goto('/me');
    await settle(page);
    assert.match(page.url(), /\/\?returnTo=%2Fme$/);
    const button = page.getByRole('link', { name: 'الدخول برقم الهوية الوطنية' });
    assert.equal(await button.getAttribute('href'), '/auth/login?returnTo=%2Fme&lang=ar', 'the way back, and the language the page is read in');
    assert.deepEqual(await docLang(page), { lang: 'ar', dir: 'rtl' });
    // Before sign-in the language choice is kept in this browser.
    await page.getByLabel('اللغة').selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.reload();
    await settle(page);
    assert.deepEqual(await docLang(page), { lang: 'en', dir: 'ltr' });
    assert.equal(await page.getByRole('link', { name: 'Sign in with national ID' }).count(), 1);
    await context.close();
  });

  test('the applicant submits a request in Arabic; a too-short reason is refused next to its field first', async () => {
    const a = await signedIn(browser, m.base, m.applicant);
    await a.go('/');
    assert.match(a.page.url(), /\/me$/);
    assert.deepEqual(await docLang(a.page), { lang: 'ar', dir: 'rtl' });
    await a.page.getByRole('navigation').getByRole('link', { name: 'طلب جديد' }).click();
    await settle(a.page);
    await a.page.waitForSelector('form select');
    await a.page.getByLabel('نوع المساعدة').selectOption('refrigerator');
    const reason = a.page.getByLabel('لماذا تحتاج هذه المساعدة؟');
    await reason.fill('لا');
    await a.page.getByRole('button', { name: 'إرسال الطلب' }).click();
    // The rule (minLength 3) comes from the API's own schema; the message is Arabic with Arabic-Indic digits.
    await a.page.waitForSelector('.field-error');
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    const fieldError = await a.page.locator('.has-error .field-error').textContent();
    assert.match(fieldError ?? '', /٣/);
    assert.equal(await a.page.locator('.has-error label').textContent(), 'لماذا تحتاج هذه المساعدة؟');

    await reason.fill('تعطلت ثلاجتنا ولا نستطيع شراء غيرها');
    await a.page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await atPath(a.page, '^/me$');
    await settle(a.page);
    await a.page.waitForSelector('.request-card');
    assert.match((await a.page.locator('.alert.success').textContent()) ?? '', /تم إرسال طلبك/);
    const card = a.page.locator('.request-card').first();
    assert.match((await card.textContent()) ?? '', /ثلاجة/);
    assert.equal(await card.locator('.badge').first().textContent(), 'بانتظار جمعية');
    const dates = await times(a.page);
    assert.match(dates, ARABIC_DIGIT);
    assert.doesNotMatch(dates, LATIN_DIGIT);
    await a.context.close();
    const row = await m.t.database.db.selectFrom('aid_requests').select(['id', 'status']).where('household_id', '=', m.family.householdId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'open');
    requestId = row.id;
  });

  test("charity A's caseworker sees it anonymously in the pool, claims it, sees the household and approves", async () => {
    const cw = m.world.charities[0]!.caseworker;
    const c = await signedIn(browser, m.base, cw);
    await c.go('/charity/pool');
    await c.page.waitForSelector('.pool-item');
    const card = c.page.locator(`.pool-item[data-request="${requestId}"]`);
    const text = (await card.textContent()) ?? '';
    assert.match(text, /ثلاجة/);
    for (const member of m.family.members) {
      assert.ok(!text.includes(member.fullName), 'no name in the anonymous pool');
      assert.ok(!text.includes(member.nationalId) && !text.includes(toArabicIndic(member.nationalId)), 'no national ID in the anonymous pool');
    }
    const poolHtml = await c.page.content();
    assert.ok(!m.family.members.some((x) => poolHtml.includes(x.fullName) || poolHtml.includes(x.nationalId)), 'nothing personal anywhere on the pool page');

    await card.getByRole('button', { name: 'تسلّم الطلب للدراسة' }).click();
    await atPath(c.page, `^/charity/requests/${requestId}$`);
    await settle(c.page);
    await c.page.waitForSelector('table');
    const caseText = (await c.page.locator('main').textContent()) ?? '';
    for (const member of m.family.members) assert.ok(caseText.includes(member.fullName), `the case view names ${member.relation}`);
    assert.match(caseText, /لا توجد مساعدات مسجّلة من أي جهة/);
    // An in-kind request without an item name shows the aid type's name as the item.
    assert.match((await c.page.locator('.facts').first().textContent()) ?? '', /الصنف\s*ثلاجة/);

    // The queue (reached without a reload) holds it, marked with its deadline.
    await c.page.getByRole('navigation').getByRole('link', { name: 'طلباتي قيد الدراسة' }).click();
    await settle(c.page);
    assert.equal(await c.page.locator('.queue-item').count(), 1);
    await c.page.locator('.queue-item a').first().click();
    await settle(c.page);
    await c.page.waitForSelector('#approve-title');
    await c.page.getByRole('button', { name: 'الموافقة وتسجيل المساعدة' }).click();
    await confirmStep(c.page);
    // The case reloads by itself as approved: the decision forms give way to the outcome.
    await c.page.locator('.alert.success.decided').waitFor();
    assert.match((await c.page.locator('.alert.success.decided').textContent()) ?? '', /تمت الموافقة/);
    assert.equal(await c.page.locator('#approve-title').count(), 0);
    // The charity's own grant is listed apart, not under aid from other bodies (still empty).
    await c.page.getByRole('heading', { name: 'مساعدات قدّمتها جهتكم' }).waitFor();
    assert.match((await c.page.getByRole('region', { name: 'مساعدات قدّمتها جهتكم' }).textContent()) ?? '', /ثلاجة/);
    assert.match((await c.page.locator('main').textContent()) ?? '', /لا توجد مساعدات مسجّلة من أي جهة/);
    // No reload: the queue is empty now, the case shows the decision.
    await c.page.getByRole('navigation').getByRole('link', { name: 'طلباتي قيد الدراسة' }).click();
    await settle(c.page);
    await c.page.waitForSelector('.state.empty');
    assert.equal(await c.page.locator('.queue-item').count(), 0);
    await c.context.close();
    const grants = await m.t.database.db.selectFrom('grants').select(['aid_type_code', 'org_id']).where('household_id', '=', m.family.householdId).execute();
    assert.deepEqual(grants, [{ aid_type_code: 'refrigerator', org_id: m.world.charities[0]!.id }]);
  });

  test("charity B's caseworker tries the same aid for the spouse and reads why it is refused", async () => {
    const b = await signedIn(browser, m.base, m.world.charities[1]!.caseworker);
    await b.go('/charity/give');
    await b.page.waitForSelector('form select');
    const spouse = m.family.members.find((x) => x.relation === 'spouse')!;
    await b.page.getByLabel('رقم هوية المستفيد').fill(toArabicIndic(spouse.nationalId));
    await b.page.getByLabel('نوع المساعدة').selectOption('fridge-freezer');
    await b.page.getByRole('button', { name: 'تسجيل المساعدة' }).click();
    await confirmStep(b.page);
    const alert = b.page.locator('.alert.duplicate');
    await alert.waitFor();
    const said = (await alert.textContent()) ?? '';
    assert.match(said, /لا يمكن صرف هذه المساعدة مرة أخرى الآن/);
    assert.match(said, /حصلت هذه الأسرة على ثلاجة بتاريخ .+ من جمعية أخرى/);
    assert.match(said, /مرة واحدة فقط/);
    assert.match(said, ARABIC_DIGIT);
    assert.doesNotMatch(said, LATIN_DIGIT);
    await b.context.close();
    const grants = await m.t.database.db.selectFrom('grants').select('id').where('household_id', '=', m.family.householdId).execute();
    assert.equal(grants.length, 1, 'nothing was recorded');
  });

  test('the applicant sees the approval', async () => {
    const a = await signedIn(browser, m.base, m.applicant);
    await a.go('/me');
    await a.page.waitForSelector('.request-card');
    const card = a.page.locator('.request-card').first();
    assert.equal(await card.getAttribute('data-status'), 'approved');
    assert.equal(await card.locator('.badge').first().textContent(), 'مقبول');
    assert.match((await card.textContent()) ?? '', /تمت الموافقة/);
    // And who opened the household's file, when and why.
    await a.page.getByRole('navigation').getByRole('link', { name: 'من اطّلع على بياناتي' }).click();
    await settle(a.page);
    await a.page.waitForSelector('table');
    const reveal = a.page.locator('tbody tr', { hasText: 'فتح ملف الحالة' }).first();
    const row = (await reveal.textContent()) ?? '';
    assert.ok(row.includes(m.world.charities[0]!.name), row);
    assert.ok(row.includes('دراسة طلب المساعدة'), row);
    assert.match(row, ARABIC_DIGIT);
    await a.context.close();
  });

  for (const [lang, digit, dir, texts] of [
    ['fa', PERSIAN_DIGIT, 'rtl', { approved: 'تأییدشده', refused: 'این کمک را هنوز نمی‌توان دوباره داد', byOther: 'خیریه‌ای دیگر', household: 'خانوار', give: 'ثبت کمک', nationalId: 'کد ملی دریافت‌کننده', aidType: 'نوع کمک' }],
    ['en', LATIN_DIGIT, 'ltr', { approved: 'Approved', refused: 'This aid cannot be given again yet', byOther: 'another charity', household: 'The household', give: 'Record the aid', nationalId: "Beneficiary's national ID", aidType: 'Type of aid' }],
  ] as const) {
    test(`the key pages in ${lang === 'fa' ? 'Persian' : 'English'}: direction, words and digits`, async () => {
      for (const p of [m.applicant, m.world.charities[0]!.caseworker, m.world.charities[1]!.caseworker]) await m.setLocale(p.nationalId, lang);

      const a = await signedIn(browser, m.base, m.applicant);
      await a.go('/me');
      await a.page.waitForSelector('.request-card');
      assert.deepEqual(await docLang(a.page), { lang, dir });
      assert.equal(await a.page.locator('.request-card .badge').first().textContent(), texts.approved);
      const dates = await times(a.page);
      assert.match(dates, digit);
      if (lang === 'fa') assert.doesNotMatch(dates, /[0-9\u0660-\u0669]/);
      await a.context.close();

      const c = await signedIn(browser, m.base, m.world.charities[0]!.caseworker);
      await c.go(`/charity/requests/${requestId}`);
      await c.page.waitForSelector('table');
      assert.deepEqual(await docLang(c.page), { lang, dir });
      assert.equal(await c.page.locator('h2', { hasText: texts.household }).count() > 0, true);
      assert.match(await times(c.page), digit);
      await c.context.close();

      const b = await signedIn(browser, m.base, m.world.charities[1]!.caseworker);
      await b.go('/charity/give');
      await b.page.waitForSelector('form select');
      assert.deepEqual(await docLang(b.page), { lang, dir });
      await b.page.getByLabel(texts.nationalId).fill(m.family.members[1]!.nationalId);
      await b.page.getByLabel(texts.aidType).selectOption('refrigerator');
      await b.page.getByRole('button', { name: texts.give }).click();
      await confirmStep(b.page);
      const alert = b.page.locator('.alert.duplicate');
      await alert.waitFor();
      const said = (await alert.textContent()) ?? '';
      assert.ok(said.includes(texts.refused), said);
      assert.ok(said.includes(texts.byOther), said);
      assert.match(said, digit);
      await b.context.close();
    });
  }

  test('the language switch turns the page around at once', async () => {
    await m.setLocale(m.applicant.nationalId, 'ar');
    const a = await signedIn(browser, m.base, m.applicant);
    await a.go('/me');
    assert.deepEqual(await docLang(a.page), { lang: 'ar', dir: 'rtl' });
    await a.page.getByLabel('اللغة').selectOption('en');
    await a.page.waitForFunction(() => document.documentElement.dir === 'ltr');
    assert.deepEqual(await docLang(a.page), { lang: 'en', dir: 'ltr' });
    assert.equal(await a.page.locator('h1').textContent(), 'My household');
    assert.match(await times(a.page), LATIN_DIGIT);
    await a.page.getByLabel('Language').selectOption('fa');
    await a.page.waitForFunction(() => document.documentElement.lang === 'fa');
    assert.equal(await a.page.locator('h1').textContent(), 'خانوار من');
    assert.match(await times(a.page), PERSIAN_DIGIT);
    // Kept for the user (PATCH /api/v1/me): a reload, or another device, opens in Persian.
    await a.page.waitForFunction(async () => (await (await fetch('/api/v1/me')).json()).locale === 'fa');
    await a.go('/me');
    assert.deepEqual(await docLang(a.page), { lang: 'fa', dir: 'rtl' });
    const row = await m.t.database.db.selectFrom('users').select('locale').where('national_id', '=', m.applicant.nationalId).executeTakeFirstOrThrow();
    assert.equal(row.locale, 'fa');
    await a.context.close();
  });
  test('a documented exception: charity B asks, a ministry supervisor approves, charity B gives the aid with it', async () => {
    for (const who of [m.world.charities[1]!.caseworker, m.world.supervisor]) await m.setLocale(who.nationalId, 'en');
    const spouse = m.family.members.find((x) => x.relation === 'spouse')!;
    const b = await signedIn(browser, m.base, m.world.charities[1]!.caseworker);
    await b.go('/charity/give');
    await b.page.waitForSelector('form select');
    const tryGive = async (exceptionId: string) => {
      await b.page.getByLabel("Beneficiary's national ID").fill(spouse.nationalId);
      await b.page.getByLabel('Type of aid').selectOption('fridge-freezer');
      if (exceptionId) await b.page.getByLabel('Approved exception').selectOption(exceptionId);
      await b.page.getByRole('button', { name: 'Record the aid' }).click();
      await confirmStep(b.page);
    };
    await tryGive('');
    await b.page.locator('.alert.duplicate').waitFor();
    await b.page.getByRole('button', { name: 'Ask for an exception' }).click();
    await b.page.getByLabel('The new need').fill('short');
    await b.page.getByRole('button', { name: 'Send to a supervisor' }).click();
    // Both rules come from the API's schema: reason at least 10 characters, a document named.
    await b.page.locator('.exception-form .field-error', { hasText: 'Write at least 10 characters.' }).waitFor();
    assert.equal(await b.page.locator('.exception-form .field-error').count(), 2);
    await b.page.getByLabel('The new need').fill('The refrigerator was destroyed in the house fire of 2 November');
    await b.page.getByLabel('Supporting document').fill('Civil defence report 4471');
    await b.page.getByRole('button', { name: 'Send to a supervisor' }).click();
    const ref = ((await b.page.locator('.exception-ref').textContent()) ?? '').trim();
    const { id: exceptionId } = await m.t.database.db.selectFrom('grant_exceptions').select('id').where('household_id', '=', m.family.householdId).executeTakeFirstOrThrow();
    assert.equal(ref, exceptionId.slice(0, 8).toUpperCase());

    const s = await signedIn(browser, m.base, m.world.supervisor);
    await s.go('/ministry/exceptions');
    const card = s.page.locator('.exception-card', { hasText: 'Civil defence report 4471' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Approve the exception' }).click();
    await confirmStep(s.page);
    await s.page.locator('.state.empty').waitFor();
    await s.context.close();

    // Back on the give-aid page, the approved exception is offered to pick.
    await b.go('/charity/give');
    await b.page.waitForSelector('form select');
    await tryGive(exceptionId);
    await b.page.locator('.alert.success', { hasText: 'Recorded' }).waitFor();
    await b.context.close();
    const grants = await m.t.database.db.selectFrom('grants').select(['aid_type_code', 'exception_id']).where('household_id', '=', m.family.householdId).orderBy('created_at').execute();
    assert.deepEqual(grants.map((g) => [g.aid_type_code, g.exception_id]), [['refrigerator', null], ['fridge-freezer', exceptionId]]);
  });
  test('a back-dating exception shows the supervisor the date the aid was given', async () => {
    const cw = m.world.charities[1]!.caseworker.actor;
    await inTx(m.t.database.db, cw, (trx) => requestException(trx, cw, m.t.dep, {
      householdId: m.family.householdId, aidTypeCode: 'living-allowance', grantedOn: '2026-01-05',
      reason: 'Allowance paid at the office while the register was down', documentRef: 'Receipt 0105',
    }));
    const s = await signedIn(browser, m.base, m.world.supervisor);
    await s.go('/ministry/exceptions');
    const card = s.page.locator('.exception-card', { hasText: 'Receipt 0105' });
    await card.waitFor();
    await card.getByText('Aid given on (back-dating)').waitFor();
    assert.match((await card.textContent()) ?? '', /5 January 2026/);
    await card.getByRole('button', { name: 'Reject the exception' }).click();
    await confirmStep(s.page);
    await s.page.locator('.state.empty').waitFor();
    await s.context.close();
  });
});
