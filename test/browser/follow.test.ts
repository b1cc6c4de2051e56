/**
 * The applicant follows their request in a real browser, in Arabic with Persian and English checks:
 * a rejected request opens to its timeline (claimed → studied → rejected) with the reason and what
 * to do next; an approved one shows its escalation and reassignment; a message arrived for each
 * claim, decision, escalation and reassignment and opens the request; "who viewed my data" shows
 * translated purposes, newest first, and one entry for a charity's several reloads of the case.
 * Screenshots of the request page and the access log in three languages at phone and desktop width.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock, systemClock } from '../../src/kernel/clock.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { assessRequest } from '../../src/modules/requests/assess-request.js';
import { approveRequest, rejectRequest } from '../../src/modules/requests/decide-request.js';
import { reassignRequest } from '../../src/modules/requests/reassign-request.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';
import { ARABIC_DIGIT, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan, inLanguage, looked } from './support.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LANGS = ['ar', 'fa', 'en'] as const;
const DAY = 86_400_000;
const REASON = 'شهادة الدخل غير مرفقة، يرجى إرفاقها مع الطلب';



describe('browser: the applicant follows their request and sees who viewed their data', () => {
  let m: Mizan;
  let browser: Browser;
  let applicant: Awaited<ReturnType<typeof signedIn>>;
  let rejected = '';
  let approved = '';

  before(async () => {
    m = await startMizan();
    browser = await launch();
    // The applicant's account exists before the messages are sent to it.
    await m.setLocale(m.applicant.nationalId, 'ar');
    applicant = await signedIn(browser, m.base, m.applicant, PHONE);
    await m.setLocale(m.applicant.nationalId, 'ar');

    const db = m.t.database.db;
    const dep = m.t.dep;
    const [a, b] = m.world.charities as [Mizan['world']['charities'][number], Mizan['world']['charities'][number]];
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo);
    const cwA = a.caseworker.actor;
    const nationalId = m.family.members[0]!.nationalId;

    // A refrigerator: taken up by charity A, studied, rejected with a reason.
    rejected = (await inTx(db, cwA, (trx) => submitRequest(trx, cwA, dep, new ManualClock(at(3 * DAY)), { beneficiaryNationalId: nationalId, aidTypeCode: 'refrigerator', justification: 'تعطلت الثلاجة' }))).id;
    await inTx(db, cwA, (trx) => claimRequest(trx, cwA, rejected, at(2 * DAY)));
    await inTx(db, cwA, (trx) => assessRequest(trx, cwA, rejected, { notes: 'زيارة منزلية', documents: [] }, at(DAY)));
    await inTx(db, cwA, (trx) => rejectRequest(trx, cwA, rejected, REASON, at(2 * 3_600_000)));

    // Training: charity A let it pass its deadline, the ministry gave it to charity B, which approved.
    approved = (await inTx(db, cwA, (trx) => submitRequest(trx, cwA, dep, new ManualClock(at(20 * DAY)), { beneficiaryNationalId: nationalId, aidTypeCode: 'vocational-training', justification: 'يريد تعلم حرفة' }))).id;
    await inTx(db, cwA, (trx) => claimRequest(trx, cwA, approved, at(19 * DAY)));
    await new JobWorker(db, { clock: systemClock, handlers: requestJobHandlers(dep) }).runDue();
    const sup = m.world.supervisor.actor;
    await inTx(db, sup, (trx) => reassignRequest(trx, sup, dep, approved, b.id, new Date()));
    const cwB = b.caseworker.actor;
    const result = await inTx(db, cwB, (trx) => approveRequest(trx, cwB, dep, systemClock, approved, {}));
    assert.ok('grant' in result, 'the training was approved');
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test("charity A's caseworker opens the rejected request's case and reloads it twice", async () => {
    const cw = await signedIn(browser, m.base, { nationalId: m.world.charities[0]!.caseworker.nationalId });
    for (let i = 0; i < 3; i++) {
      await cw.go(`/charity/requests/${rejected}`);
      await cw.page.waitForSelector('.timeline');
    }
    await cw.context.close();
    const reads = await m.t.database.db.selectFrom('audit_log').select('reason').where('action', '=', 'personal_data.read').where('subject_id', '=', rejected).execute();
    assert.deepEqual(reads.map((r) => r.reason), ['case-study', 'case-study', 'case-study'], 'the audit trail keeps every read, with the purpose code');
  });

  test('a message arrived for the claims, the decisions, the escalation and the reassignment; one opens its request', async () => {
    const { page } = applicant;
    await applicant.go('/notifications');
    await page.waitForSelector('.notice');
    const texts = await page.locator('.notice p').allInnerTexts();
    const all = texts.join('\n');
    assert.match(all, /استلمت جمعية خيرية طلبكم \(ثلاجة\)/);
    assert.match(all, /لم تتم الموافقة على طلبكم \(ثلاجة\)/);
    assert.match(all, /لم يُبت في طلبكم .* في الموعد المحدد/);
    assert.match(all, /أُحيل طلبكم .* إلى جمعية خيرية أخرى/);
    assert.match(all, /تمت الموافقة على طلبكم/);
    assert.equal(texts.length, 6, 'two claims, two decisions, an escalation and a reassignment');
    const hrefs = await page.locator('.notice a').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    assert.ok(hrefs.every((h) => h === `/me/requests/${rejected}` || h === `/me/requests/${approved}`), hrefs.join(' '));
    await page.locator('.notice', { hasText: 'لم تتم الموافقة' }).getByRole('link').click();
    await page.waitForFunction((p) => location.pathname === p, `/me/requests/${rejected}`);
    await settle(page);
    assert.equal(await page.locator('h1#page-title').innerText(), 'طلبكم: ثلاجة');
  });

  test('the rejected request: claimed → studied → rejected by charity A, the reason and what to do next, in three languages', async () => {
    const { page } = applicant;
    await applicant.go(`/me/requests/${rejected}`);
    await page.waitForSelector('.follow-timeline li');
    const charity = m.world.charities[0]!.name;
    assert.deepEqual(await page.locator('.follow-timeline li').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-step'))), ['submitted', 'claimed', 'studied', 'rejected']);
    const steps = await page.locator('.follow-timeline li').allInnerTexts();
    assert.match(steps[1]!, new RegExp(`استلمت ${charity} طلبكم`));
    assert.match(steps[2]!, new RegExp(`درست ${charity} حالتكم`));
    assert.match(steps[3]!, new RegExp(`لم توافق ${charity} على طلبكم`));
    assert.match(steps.join(' '), ARABIC_DIGIT, 'times in Arabic-Indic digits');
    const main = await page.locator('main').innerText();
    assert.ok(!main.includes('c0_caseworker'), 'no staff member is named');
    assert.equal(await page.locator('.next-steps .reason').innerText(), REASON);
    assert.match(main, /ما يمكنكم فعله الآن/);
    assert.match(main, /قدّموا طلبًا جديدًا مع المستندات المذكورة/);
    assert.equal(await page.locator('.next-steps a.button').getAttribute('href'), '/me/requests/new');

    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const lang of LANGS) {
        await inLanguage(page, lang);
        if (lang === 'fa') assert.match(await page.locator('.follow-timeline li[data-step="rejected"]').innerText(), new RegExp(`${charity} درخواست شما را تأیید نکرد`));
        if (lang === 'en') assert.match(await page.locator('.next-steps').innerText(), /What you can do now[\s\S]*Submit a new request/);
        await looked(page, 'follow-request-rejected', lang, viewport.width);
      }
    }
    await inLanguage(page, 'ar');
  });

  test('the approved request: escalated when charity A let it lapse, passed by the ministry to charity B, approved', async () => {
    const { page } = applicant;
    await page.setViewportSize(PHONE);
    await applicant.go('/me');
    await page.locator('.request-card', { hasText: 'تدريب' }).getByRole('link', { name: 'متابعة هذا الطلب' }).click();
    await page.waitForFunction((p) => location.pathname === p, `/me/requests/${approved}`);
    await settle(page);
    await page.waitForSelector('.follow-timeline li');
    assert.deepEqual(await page.locator('.follow-timeline li').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-step'))), ['submitted', 'claimed', 'escalated', 'reassigned', 'approved']);
    const steps = await page.locator('.follow-timeline li').allInnerTexts();
    assert.match(steps[2]!, /لم يُبت في الطلب في الموعد المحدد فأُحيل إلى الوزارة/);
    assert.match(steps[3]!, new RegExp(`أحالت الوزارة طلبكم إلى ${m.world.charities[1]!.name}`));
    assert.match(steps[4]!, new RegExp(`وافقت ${m.world.charities[1]!.name} على طلبكم`));
    assert.equal(await page.locator('.next-steps').count(), 0);
    assert.match(await page.locator('.approved-note').innerText(), /\S/);
    await looked(page, 'follow-request-approved', 'ar', PHONE.width);
  });

  test('who viewed my data: translated purposes, newest first, one entry for the three reloads', async () => {
    const { page } = applicant;
    await applicant.go('/me/access');
    await page.waitForSelector('main table tbody tr, main .card');
    const main = await page.locator('main').innerText();
    const purposeRows = page.locator('main tr', { hasText: 'دراسة طلب المساعدة' });
    assert.equal(await purposeRows.count(), 1, 'three reloads in one visit are one entry');
    assert.match(await purposeRows.innerText(), /عدد المرات: ٣/);
    assert.match(await purposeRows.innerText(), new RegExp(m.world.charities[0]!.name));
    assert.match(await purposeRows.innerText(), /فتح ملف الحالة/, 'a read of the case is named as such');
    assert.doesNotMatch(main, /case-study|\bmanual\b/, 'codes are never shown as they are');
    assert.match(main, /باختيار الوزارة/, "the reassignment's mode, translated");
    const times = await page.locator('main tbody tr time').evaluateAll((xs) => xs.map((x) => new Date(x.getAttribute('datetime')!).getTime()));
    assert.ok(times.length > 3);
    assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first');

    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const lang of LANGS) {
        await inLanguage(page, lang);
        if (lang === 'fa') assert.match(await page.locator('main').innerText(), /بررسی درخواست کمک/);
        if (lang === 'en') assert.match(await page.locator('main').innerText(), /opened 3 times in one visit[\s\S]*Studying your aid request/);
        await looked(page, 'follow-access-log', lang, viewport.width);
      }
    }
  });
});
