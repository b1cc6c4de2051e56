/**
 * Documented exceptions without copying IDs, and decisions that ask before they act, in a real
 * browser (Arabic first, Persian and English for the dialogs): approving a request, giving aid,
 * deciding an exception and reassigning each show a confirmation with a summary, and going back
 * sends nothing (the API's state is read back unchanged). A duplicate-aid refusal, on approval
 * and on the give-aid page, leads to an exception asked for the refused household with nothing
 * typed but the need; the supervisor decides after a summary of the case; the charity reads the
 * message, picks the approved exception on the approval form with a reason, and the grant goes
 * through. Every dialog is photographed in ar/fa/en at a 390-px phone and at desktop width,
 * nothing overflows sideways and axe finds no serious violation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/kernel/actor.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import type { Locale } from '../../src/db/schema.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { approveRequest } from '../../src/modules/requests/decide-request.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';
import { registerFamily, type Family } from '../support/fixtures.js';
import { ARABIC_DIGIT, DESKTOP, LATIN_DIGIT, PERSIAN_DIGIT, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan } from './support.js';

const PHONE_390 = { width: 390, height: 844 };
const DIGIT: Record<Locale, RegExp> = { ar: ARABIC_DIGIT, fa: PERSIAN_DIGIT, en: LATIN_DIGIT };
const GO_BACK: Record<Locale, string> = { ar: 'رجوع', fa: 'بازگشت', en: 'Go back' };
const ref = (id: string) => id.slice(0, 8).toUpperCase();
const localDigits = (s: string, lang: Locale) => (lang === 'en' ? s : s.replace(/\d/g, (d) => (lang === 'ar' ? '٠١٢٣٤٥٦٧٨٩' : '۰۱۲۳۴۵۶۷۸۹')[Number(d)]!));

describe('browser: exceptions from a refusal, and confirmations before decisions', () => {
  let m: Mizan;
  let browser: Browser;
  let caseId = '';
  let escalatedId = '';
  let other: Family;
  const problems: string[] = [];
  const db = () => m.t.database.db;
  const charityB = () => m.world.charities[1]!;

  before(async () => {
    m = await startMizan();
    browser = await launch();
    const dep = m.t.dep;
    const a = m.world.charities[0]!;
    const b = m.world.charities[1]!;
    const now = () => new Date();
    const as = <T>(actor: Actor, fn: Parameters<typeof inTx<T>>[2]) => inTx<T>(db(), actor, fn);
    const submit = (nationalId: string, aidTypeCode: string) =>
      as(a.caseworker.actor, (trx) => submitRequest(trx, a.caseworker.actor, dep, systemClock, { beneficiaryNationalId: nationalId, aidTypeCode, justification: 'الأسرة بحاجة إلى هذه المساعدة' }));
    const head = m.family.members[0]!.nationalId;
    // Charity A gave the household a refrigerator; charity B studies its request for a fridge-freezer.
    const first = await submit(head, 'refrigerator');
    await as(a.caseworker.actor, (trx) => claimRequest(trx, a.caseworker.actor, first.id, now()));
    await as(a.caseworker.actor, (trx) => approveRequest(trx, a.caseworker.actor, dep, systemClock, first.id, {}));
    const second = await submit(head, 'fridge-freezer');
    await as(b.caseworker.actor, (trx) => claimRequest(trx, b.caseworker.actor, second.id, now()));
    caseId = second.id;
    // Another family's request that charity A let lapse: escalated to the ministry, charity B suggested.
    other = await registerFamily(db(), dep, m.world, a.caseworker.actor);
    const lapsed = await submit(other.members[0]!.nationalId, 'vocational-training');
    await as(a.caseworker.actor, (trx) => claimRequest(trx, a.caseworker.actor, lapsed.id, now()));
    await inTx(db(), SYSTEM_ACTOR, (trx) => requestJobHandlers(dep)['request.escalate']!(trx, { payload: { requestId: lapsed.id, round: 0 } } as never, { now: now() }));
    escalatedId = lapsed.id;
  });
  after(async () => {
    await browser?.close();
    await m?.close();
    assert.deepEqual(problems, [], 'axe: no serious or critical violation');
  });

  const dialogOf = (page: Page) => page.locator('dialog.confirm-dialog');
  /** The open dialog at both widths: a screenshot each, nothing wider than the screen, axe. */
  async function photograph(page: Page, lang: Locale, name: string) {
    for (const [label, viewport] of [['1280', DESKTOP], ['390', PHONE_390]] as const) {
      await page.setViewportSize(viewport);
      await dialogOf(page).waitFor();
      const widths = await page.evaluate(() => {
        const d = document.querySelector('dialog.confirm-dialog')!;
        return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, dialog: d.scrollWidth - d.clientWidth, dialogRight: d.getBoundingClientRect().right - window.innerWidth, dialogLeft: d.getBoundingClientRect().left };
      });
      assert.ok(widths.page <= 1 && widths.dialog <= 1 && widths.dialogRight <= 1 && widths.dialogLeft >= -1, `${lang} ${name} at ${label}: ${JSON.stringify(widths)}`);
      await screenshot(page, `${lang}-exc-${name}-${label}`);
      problems.push(...(await seriousViolations(page)).map((v) => `${lang} ${name} ${label}: ${v}`));
    }
    await page.setViewportSize(DESKTOP);
  }
  /** The dialog's summary as label → value. */
  const summary = async (page: Page) =>
    Object.fromEntries(await dialogOf(page).locator('.confirm-summary > div').evaluateAll((rows) => rows.map((r) => [r.querySelector('dt')!.textContent!.trim(), r.querySelector('dd')!.textContent!.trim()])));
  const goBack = async (page: Page, lang: Locale) => {
    await dialogOf(page).getByRole('button', { name: GO_BACK[lang] }).click();
    await dialogOf(page).waitFor({ state: 'detached' });
  };
  const confirmStep = (page: Page) => dialogOf(page).locator('.form-actions button').first().click();
  /** What the API answers the page's own session. */
  const apiGet = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path);
  const inLanguage = async (page: Page, nationalId: string, lang: Locale, path: string) => {
    await m.setLocale(nationalId, lang);
    await page.goto(path);
    await settle(page);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  };

  test('approving asks first with a summary in each language; going back sends nothing; the refusal leads to an exception for the case', async () => {
    const b = await signedIn(browser, m.base, charityB().caseworker);
    const counts = async () => ({
      grants: (await db().selectFrom('grants').select('id').execute()).length,
      // Each opening of the case is a 'revealed' event (the audited read); decisions are the others.
      events: (await db().selectFrom('request_events').select('id').where('request_id', '=', caseId).where('event', '!=', 'revealed').execute()).length,
    });
    const before = await counts();
    for (const lang of ['fa', 'en', 'ar'] as const) {
      await inLanguage(b.page, charityB().caseworker.nationalId, lang, `/charity/requests/${caseId}`);
      await b.page.waitForSelector('#approve-title');
      await b.page.locator('#approve-title').locator('xpath=ancestor::form').locator('button[type=submit]').click();
      await dialogOf(b.page).waitFor();
      const s = Object.values(await summary(b.page)).join(' | ');
      assert.ok(s.includes(ref(caseId)), s);
      assert.ok(s.includes(ref(m.family.householdId)), s);
      assert.ok(s.includes(charityB().name), s);
      await photograph(b.page, lang, 'approve');
      await goBack(b.page, lang);
    }
    // Going back sent nothing: the request is still claimed, no grant, nothing on its timeline.
    assert.equal((await apiGet(b.page, `/api/v1/requests/${caseId}`)).status, 'claimed');
    assert.deepEqual(await counts(), before);
    assert.equal(await dialogOf(b.page).count(), 0, 'the dialog is closed');

    // In Arabic: confirm, read the refusal, ask for the exception from it.
    await b.page.getByRole('button', { name: 'الموافقة وتسجيل المساعدة' }).click();
    assert.match(Object.keys(await summary(b.page)).join(' '), /الجمعية/);
    await confirmStep(b.page);
    await b.page.locator('.alert.duplicate').waitFor();
    await b.page.getByRole('button', { name: 'طلب استثناء' }).click();
    await b.page.getByLabel('الحاجة الجديدة').fill('أتلف الفيضان الثلاجة في الأسبوع الماضي');
    await b.page.getByLabel('المستند المؤيِّد').fill('تقرير الدفاع المدني 4471');
    await b.page.getByRole('button', { name: 'إرسال إلى المشرف' }).click();
    await b.page.locator('.exception-sent').waitFor();
    const shown = ((await b.page.locator('.exception-ref').textContent()) ?? '').trim();
    const rows = await db().selectFrom('grant_exceptions').select(['id', 'household_id', 'status', 'requested_by_org']).execute();
    assert.deepEqual(rows.map((r) => [r.household_id, r.status, r.requested_by_org]), [[m.family.householdId, 'pending', charityB().id]], 'asked for the case household, no ID typed');
    assert.equal(shown, ref(rows[0]!.id));
    await screenshot(b.page, 'ar-exc-case-asked-1280');
    await b.context.close();
  });

  test('giving aid asks first with the amount in the currency and the language; going back records nothing; the refusal leads to an exception for the refused household', async () => {
    const b = await signedIn(browser, m.base, charityB().caseworker);
    const spouse = m.family.members.find((x) => x.relation === 'spouse')!;
    const grants = async () => (await db().selectFrom('grants').select('id').execute()).length;
    const before = await grants();
    const labels = { ar: ['رقم هوية المستفيد', 'نوع المساعدة', /المبلغ/], fa: ['کد ملی دریافت‌کننده', 'نوع کمک', /مبلغ/], en: ["Beneficiary's national ID", 'Type of aid', /Amount/] } as const;
    for (const lang of ['fa', 'en', 'ar'] as const) {
      await inLanguage(b.page, charityB().caseworker.nationalId, lang, '/charity/give');
      await b.page.waitForSelector('form select');
      const [idLabel, typeLabel, amountLabel] = labels[lang];
      await b.page.getByLabel(idLabel).fill(spouse.nationalId);
      await b.page.getByLabel(typeLabel).selectOption('rent-assistance');
      await b.page.getByLabel(amountLabel).fill('150.5');
      await b.page.locator('main form button[type=submit]').click();
      await dialogOf(b.page).waitFor();
      const s = Object.values(await summary(b.page)).join(' | ');
      // The amount in the currency's minor units (three for the dinar), in the language's digits; the ID only by its last four digits.
      assert.ok(s.includes(localDigits('150', lang)) && s.includes(localDigits('500', lang)), s);
      assert.match(s, DIGIT[lang]);
      assert.ok(s.includes(localDigits(spouse.nationalId.slice(-4), lang)) && !s.includes(spouse.nationalId) && !s.includes(localDigits(spouse.nationalId, lang)), s);
      assert.ok(s.includes(charityB().name), s);
      await photograph(b.page, lang, 'give');
      await goBack(b.page, lang);
    }
    assert.equal(await grants(), before, 'going back recorded nothing');

    // In Arabic: the same aid as the household's refrigerator is refused; the exception is asked from the refusal.
    await b.page.getByLabel(/المبلغ/).fill('');
    await b.page.getByLabel('نوع المساعدة').selectOption('refrigerator');
    await b.page.getByRole('button', { name: 'تسجيل المساعدة' }).click();
    await confirmStep(b.page);
    await b.page.locator('.alert.duplicate').waitFor();
    await b.page.getByRole('button', { name: 'طلب استثناء' }).click();
    await b.page.getByLabel('الحاجة الجديدة').fill('احترقت الثلاجة الثانية في حريق المطبخ');
    await b.page.getByLabel('المستند المؤيِّد').fill('محضر الإطفاء 118');
    await b.page.getByRole('button', { name: 'إرسال إلى المشرف' }).click();
    await b.page.locator('.exception-sent').waitFor();
    const fromGive = await db().selectFrom('grant_exceptions').select(['household_id', 'status']).where('document_ref', '=', 'محضر الإطفاء 118').executeTakeFirstOrThrow();
    assert.deepEqual(fromGive, { household_id: m.family.householdId, status: 'pending' });
    assert.equal(await grants(), before);
    await b.context.close();
  });

  test('the supervisor sees the case, decides after a summary (going back decides nothing), and the charity is told', async () => {
    const s = await signedIn(browser, m.base, m.world.supervisor);
    const pending = async () => ((await apiGet(s.page, '/api/v1/exceptions?status=pending')) as { id: string }[]).length;
    for (const lang of ['fa', 'en', 'ar'] as const) {
      await inLanguage(s.page, m.world.supervisor.nationalId, lang, '/ministry/exceptions');
      const card = s.page.locator('.exception-card', { hasText: 'تقرير الدفاع المدني 4471' });
      await card.waitFor();
      // The card tells the case: which charity asks, for which household (by reference), the need and the document.
      const text = (await card.textContent()) ?? '';
      assert.ok(text.includes(charityB().name) && text.includes(ref(m.family.householdId)), text);
      await card.locator('.form-actions button.primary').click();
      const sum = Object.values(await summary(s.page)).join(' | ');
      assert.ok(sum.includes(charityB().name) && sum.includes(ref(m.family.householdId)) && sum.includes('أتلف الفيضان'), sum);
      await photograph(s.page, lang, 'exception-decision');
      await goBack(s.page, lang);
    }
    assert.equal(await pending(), 2, 'going back decided nothing');
    assert.equal((await db().selectFrom('notifications').select('id').where('template', 'like', 'exception.%').execute()).length, 0);

    const card = s.page.locator('.exception-card', { hasText: 'تقرير الدفاع المدني 4471' });
    await card.getByLabel('ملاحظة (اختيارية)').fill('تم التحقق من التقرير');
    await card.getByRole('button', { name: 'الموافقة على الاستثناء' }).click();
    assert.equal((await summary(s.page))['ملاحظة (اختيارية)'], 'تم التحقق من التقرير');
    await confirmStep(s.page);
    await s.page.locator('.exception-card', { hasText: 'تقرير الدفاع المدني 4471' }).waitFor({ state: 'detached' });
    assert.equal(await pending(), 1);
    const told = await db().selectFrom('notifications').select(['recipient_org', 'template']).where('template', 'like', 'exception.%').execute();
    assert.deepEqual(told, [{ recipient_org: charityB().id, template: 'exception.approved.requester' }]);
    await s.context.close();
  });

  test('the caseworker reads the message, picks the approved exception, gives a reason, and the grant goes through', async () => {
    const ex = await db().selectFrom('grant_exceptions').select('id').where('status', '=', 'approved').executeTakeFirstOrThrow();
    await m.setLocale(charityB().caseworker.nationalId, 'ar');
    const b = await signedIn(browser, m.base, charityB().caseworker);
    await b.go('/notifications');
    await b.page.locator('.notice', { hasText: ref(ex.id) }).waitFor();
    assert.match((await b.page.locator('.notice', { hasText: ref(ex.id) }).textContent()) ?? '', /وافق مشرف في الوزارة/);

    await b.go(`/charity/requests/${caseId}`);
    await b.page.waitForSelector('#approve-title');
    const choice = b.page.getByLabel('استثناء موافق عليه');
    // Only the approved exception is offered (the one from the give-aid page still waits).
    assert.deepEqual(await choice.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['', ex.id]);
    await choice.selectOption(ex.id);
    await b.page.getByLabel('سبب الموافقة').fill('حاجة جديدة موثقة بتقرير الدفاع المدني');
    await b.page.getByRole('button', { name: 'الموافقة وتسجيل المساعدة' }).click();
    const sum = await summary(b.page);
    assert.ok((sum['الاستثناء'] ?? '').includes(ref(ex.id)), JSON.stringify(sum));
    assert.equal(sum['سبب الموافقة:'], 'حاجة جديدة موثقة بتقرير الدفاع المدني');
    await confirmStep(b.page);
    await b.page.locator('.approval-reason').waitFor();
    assert.match((await b.page.locator('.approval-reason').textContent()) ?? '', /حاجة جديدة موثقة/);
    assert.match((await b.page.locator('.timeline').textContent()) ?? '', /حاجة جديدة موثقة/);
    await screenshot(b.page, 'ar-exc-case-approved-1280');
    const grant = await db().selectFrom('grants').select(['exception_id', 'aid_type_code']).where('request_id', '=', caseId).executeTakeFirstOrThrow();
    assert.deepEqual(grant, { exception_id: ex.id, aid_type_code: 'fridge-freezer' });
    const request = await db().selectFrom('aid_requests').select(['status', 'decision_reason']).where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.deepEqual(request, { status: 'approved', decision_reason: 'حاجة جديدة موثقة بتقرير الدفاع المدني' });
    await b.context.close();
  });

  test('reassigning asks first with what moves where; going back leaves it escalated; confirming moves it', async () => {
    const s = await signedIn(browser, m.base, m.world.supervisor);
    const escalated = async () => ((await apiGet(s.page, '/api/v1/oversight/escalated')) as { id: string }[] | { items: { id: string }[] });
    const ids = async () => {
      const e = await escalated();
      return (Array.isArray(e) ? e : e.items).map((x) => x.id);
    };
    const suggestions = { ar: 'الجمعيات المقترحة', fa: 'خیریه‌های پیشنهادی', en: 'Suggested charities' } as const;
    for (const lang of ['fa', 'en', 'ar'] as const) {
      await inLanguage(s.page, m.world.supervisor.nationalId, lang, '/ministry/escalated');
      await s.page.getByRole('button', { name: suggestions[lang] }).click();
      const row = s.page.locator('.ranked li', { hasText: charityB().name });
      await row.waitFor();
      await row.getByRole('button').click();
      const sum = Object.values(await summary(s.page)).join(' | ');
      assert.ok(sum.includes(ref(escalatedId)) && sum.includes(charityB().name) && sum.includes(m.world.charities[0]!.name), sum);
      await photograph(s.page, lang, 'reassign');
      await goBack(s.page, lang);
    }
    assert.ok((await ids()).includes(escalatedId), 'going back left it escalated');
    assert.equal((await db().selectFrom('aid_requests').select('status').where('id', '=', escalatedId).executeTakeFirstOrThrow()).status, 'escalated');

    await s.page.locator('.ranked li', { hasText: charityB().name }).getByRole('button').click();
    await confirmStep(s.page);
    // Reassigned, it leaves the list of escalated requests.
    await s.page.locator('.state.empty').waitFor();
    const moved = await db().selectFrom('aid_requests').select(['status', 'claimed_by_org']).where('id', '=', escalatedId).executeTakeFirstOrThrow();
    assert.deepEqual(moved, { status: 'claimed', claimed_by_org: charityB().id });
    await s.context.close();
  });
});
