/**
 * Programmes in the browser: the ministry raises a programme's income-per-member limit in the
 * criteria editor, previews it (the what-if shows households who would gain), and publishes it
 * after a confirmation that says it cannot be undone, and computes this month's cycle, which
 * someone else must approve; the applicant, in Arabic on a phone, now
 * may qualify, applies and is found eligible with the reasons, is refused by another programme,
 * appeals, and sees the appeal lodged; the supervisor who confirmed the refusal by hand reads the
 * appeal in the queue and is told, in Arabic, that someone else decides it; the ministry follows the
 * programme's monitoring month by month, and, in Persian, reads a course's sessions and the rollout
 * page (asking for a facts refresh), computes the cycle again to see it region by region, places the
 * applicant's course enrolment in a session and ends their cash enrolment from the household's
 * service record after a confirmation. No serious
 * accessibility violation at either width.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { declaredFacts, registerFamily } from '../support/fixtures.js';
import { DESKTOP, PHONE, inLanguage, launch, looked, signedIn, startMizan, type Mizan } from './support.js';

describe('browser: programmes', () => {
  let m: Mizan;
  let browser: Browser;
  let cashId = '';
  let largeId = '';
  let courseId = '';

  const call = async (method: string, url: string, body?: unknown, token = m.world.ministryAdmin.token) => {
    const res = await m.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  /** A programme in force and open in the family's region, with one rule. */
  const programme = async (code: string, names: { en: string; ar: string; fa: string }, rule: unknown, region: string, kind: object = { kind: 'cash', aidTypeCode: 'monthly-benefit' }) => {
    const p = await call('POST', '/api/v1/programmes', { code, ...kind, funding: 'general', names });
    await call('PUT', `/api/v1/programmes/${p.id}/criteria`, { rule, benefit: { baseMinor: 50_000, perMemberMinor: 10_000, capMinor: 120_000 } });
    await call('POST', `/api/v1/programmes/${p.id}/criteria/publish`);
    await call('PUT', `/api/v1/programmes/${p.id}/regions/${region}`, { phase: 1, capacityHouseholds: 100 });
    await call('POST', `/api/v1/programmes/${p.id}/phases/open`, { phase: 1 });
    await call('POST', `/api/v1/programmes/${p.id}/status`, { status: 'active' });
    return p.id as string;
  };

  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    const region = [...m.t.dep.regions.values()].find((r) => r.level === 1)!.code;
    // The applicant's family and four more like it: 90 KWD for three is 30 per member, over a 25 limit and within 35.
    const families = [m.family];
    for (let i = 0; i < 4; i++) families.push(await registerFamily(db, m.t.dep, m.world, m.world.charities[0]!.caseworker.actor, region));
    for (const f of families) await declaredFacts(db, m.world, f.householdId, { monthlyIncomeMinor: 90_000, members: 3 });
    cashId = await programme('monthly-cash', { en: 'Monthly cash assistance', ar: 'المساعدة النقدية الشهرية', fa: 'کمک نقدی ماهانه' }, { and: [{ '<=': [{ var: 'incomePerMemberMinor' }, 25_000] }] }, region);
    largeId = await programme('large-families', { en: 'Large families grant', ar: 'منحة الأسر الكبيرة', fa: 'کمک خانواده‌های پرجمعیت' }, { and: [{ '>=': [{ var: 'members' }, 8] }] }, region);
    courseId = await programme('tailoring-course', { en: 'Tailoring course', ar: 'دورة خياطة', fa: 'دوره خیاطی' }, { and: [{ '>=': [{ var: 'members' }, 1] }] }, region, { kind: 'service', serviceKind: 'training', aidTypeCode: 'vocational-training' });
    // Open only in another region: the family's region is not in its phase yet.
    const elsewhere = [...m.t.dep.regions.values()].filter((r) => r.level === 1)[1]!.code;
    await programme('rent-support', { en: 'Rent support', ar: 'دعم الإيجار', fa: 'کمک اجاره' }, { '>=': [{ var: 'members' }, 1] }, elsewhere, { kind: 'cash', aidTypeCode: 'rent-assistance' });
    await call('POST', `/api/v1/programmes/${courseId}/sessions`, { regionCode: region, title: 'Morning group', place: 'Community centre', startsOn: '2026-12-01', endsOn: '2027-02-28', capacity: 12 });
    await inTx(db, m.world.ministryAdmin.actor, (trx) => sql`select programmes_refresh_facts(null)`.execute(trx));
    await m.setLocale(m.world.ministryAdmin.nationalId, 'en');
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('the ministry raises the income limit, sees who would gain, and publishes version 2 after confirming', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.ministryAdmin.nationalId }, DESKTOP);
    await go('/ministry/programmes');
    assert.match(await page.locator('tr[data-programme="monthly-cash"]').innerText(), /Active\s+General budget\s+Version 1\s+Capital/);
    await page.getByRole('button', { name: 'New programme' }).click();
    await page.getByRole('form', { name: 'A new programme' }).waitFor();
    await looked(page, 'ministry-programmes', 'en', DESKTOP.width);
    await page.locator('tr[data-programme="monthly-cash"] a', { hasText: 'Monthly cash assistance' }).click();
    await page.waitForURL(`**/ministry/programmes/${cashId}`);
    await page.locator('fieldset.condition[data-fact="incomePerMemberMinor"]').waitFor();
    const limit = page.locator('#cond-0-value');
    assert.equal(await limit.inputValue(), '25.000', 'the limit is shown as an amount in KWD, not in fils');
    await limit.fill('35');
    assert.match(await page.locator('.rule-json pre').textContent() ?? '', /"incomePerMemberMinor"\s*\},\s*35000/);

    await page.getByRole('button', { name: 'Preview (what-if)' }).click();
    const whatIf = page.locator('.what-if');
    await whatIf.waitFor();
    assert.equal((await whatIf.locator('[data-what="gain"] dd').innerText()).trim(), '5', 'five households would gain');
    assert.equal((await whatIf.locator('[data-what="lose"] dd').innerText()).trim(), '0');
    assert.match(await whatIf.locator('table').first().innerText(), /Households\s+0\s+5/);
    await looked(page, 'ministry-programme', 'en', DESKTOP.width);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft version 2 saved.').waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /1 → 2/);
    assert.match(await dialog.innerText(), /cannot be undone/);
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 2 is now in force.').waitFor();
    const versions = await m.t.database.db.selectFrom('programme_versions').select(['version', 'state']).where('programme_id', '=', cashId).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => [v.version, v.state]), [[1, 'superseded'], [2, 'published']]);

    // This month's cycle, computed here, is approved by someone else.
    await page.getByRole('button', { name: "Compute this month's cycle" }).click();
    const cycle = page.locator('li[data-cycle]');
    await cycle.waitFor();
    assert.match(await cycle.innerText(), /Preview/);
    await cycle.getByRole('button', { name: 'Approve for payment' }).click();
    await page.getByRole('alert').filter({ hasText: 'You prepared this, so someone else must approve it' }).waitFor();
    assert.equal((await m.t.database.db.selectFrom('benefit_cycles').select('status').executeTakeFirstOrThrow()).status, 'preview');
    assert.match(await page.locator('section[aria-labelledby="pg-cycles"]').innerText(), /Computing again in the same month recomputes its preview/);

    // Monitoring: this month under version 2, which projected the five households it was published for.
    const month = page.locator('section.monitoring tr[data-month]').last();
    await month.waitFor();
    assert.match(await month.innerText(), /Version 2\s+5\s+0\s/, 'version 2 in force, 5 households projected, none enrolled yet');
    assert.match(await page.locator('section.monitoring .bar-chart').innerText(), /Households projected and enrolled/);

    await page.setViewportSize(PHONE);
    await looked(page, 'ministry-programme', 'en', PHONE.width);
    await context.close();
  });

  test('the applicant, in Arabic, now may qualify, applies and is eligible (to a course too); is refused by another programme and appeals', async () => {
    const { page, go, context } = await signedIn(browser, m.base, m.applicant, PHONE);
    await go('/me/programmes');
    if ((await page.locator('html').getAttribute('lang')) !== 'ar') await inLanguage(page, 'ar');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('h1#page-title').innerText(), 'برامجي');
    const cash = page.locator('li[data-programme="monthly-cash"]');
    const large = page.locator('li[data-programme="large-families"]');
    // A programme not open in the family's region yet: said, in Arabic, instead of a form.
    const rent = page.locator('li[data-programme="rent-support"]');
    assert.match(await rent.innerText(), /هذا البرنامج غير مفتوح في منطقتكم بعد\./);
    assert.equal(await rent.getByRole('button', { name: 'تقديم الطلب' }).count(), 0);
    assert.match(await cash.innerText(), /قد تكونون مستحقين\./);
    assert.match(await cash.locator('.reasons').innerText(), /دخل الفرد/);
    assert.match(await large.innerText(), /يبدو أنكم غير مستحقين\./);
    await looked(page, 'applicant-programmes', 'ar', PHONE.width);

    await cash.getByRole('button', { name: 'تقديم الطلب' }).click();
    await cash.locator('.application[data-status="eligible"]').waitFor();
    assert.match(await cash.innerText(), /أسرتكم مستحقة وقد سُجّلت في البرنامج\./);
    assert.match(await cash.locator('.application .reasons').innerText(), /دخل الفرد .* ضمن الحد البالغ/);
    assert.match(await cash.locator('.application .reasons').innerText(), /[\u0660-\u0669]{2}[٫.][\u0660-\u0669]{3}/, 'the amounts in Arabic-Indic digits');

    const course = page.locator('li[data-programme="tailoring-course"]');
    await course.getByRole('button', { name: 'تقديم الطلب' }).click();
    await course.locator('.application[data-status="eligible"]').waitFor();

    await large.getByRole('button', { name: 'تقديم الطلب' }).click();
    await large.locator('.application[data-status="refused"]').waitFor();
    assert.match(await large.locator('.application .reasons').innerText(), /عدد الأفراد/);
    // The supervisor confirms the refusal by hand: the case is then theirs, and its appeal is someone else's.
    const refused = await m.t.database.db.selectFrom('programme_applications').select('id').where('programme_id', '=', largeId).executeTakeFirstOrThrow();
    await call('POST', `/api/v1/applications/${refused.id}/review`, { eligible: false, note: 'Three members, as registered.' }, m.world.supervisor.token);
    await large.getByRole('button', { name: 'التظلم من هذا القرار' }).click();
    await large.getByLabel('لماذا يجب أن يتغير القرار').fill('قصير');
    await large.getByRole('button', { name: 'إرسال التظلم' }).click();
    await large.locator('.field-error').first().waitFor();
    assert.equal(await m.t.database.db.selectFrom('programme_appeals').select('id').execute().then((r) => r.length), 0, 'a too-short reason sends nothing');
    await large.getByLabel('لماذا يجب أن يتغير القرار').fill('ابن أخي يعيش معنا منذ شهرين وعددنا أكبر مما هو مسجل.');
    await large.getByLabel('المستندات التي يمكنكم تقديمها').fill('شهادة ميلاد\nعقد الإيجار');
    await large.getByRole('button', { name: 'إرسال التظلم' }).click();
    await large.locator('.application[data-status="appealed"]').waitFor();
    assert.match(await large.locator('.appeal-status').innerText(), /قُدّم تظلمكم وهو بانتظار القرار\./);
    const appeals = await m.t.database.db.selectFrom('programme_appeals').select(['status', 'documents']).execute();
    assert.equal(appeals.length, 1);
    assert.equal(appeals[0]!.status, 'open');
    // A photo of a document attached to the open appeal.
    await large.getByLabel('إرفاق مستند').setInputFiles({ name: 'عقد الإيجار.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    await large.getByRole('button', { name: 'إرفاق', exact: true }).click();
    await large.getByText('أُرفق المستند بتظلمك.').waitFor();
    assert.equal(await large.locator('.appeal-files').innerText(), 'عقد الإيجار.png');
    assert.equal(await m.t.database.db.selectFrom('appeal_documents').select('content_type').executeTakeFirstOrThrow().then((d) => d.content_type), 'image/png');

    await page.setViewportSize(DESKTOP);
    await looked(page, 'applicant-programmes', 'ar', DESKTOP.width);
    await context.close();
  });

  test('the supervisor who decided the case reads the appeal in the queue and is told someone else decides it', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.supervisor.nationalId }, PHONE);
    await go('/ministry/appeals');
    assert.equal(await page.locator('h1#page-title').innerText(), 'التظلمات');
    const card = page.locator('li[data-appeal]');
    await card.waitFor();
    assert.match(await card.innerText(), /منحة الأسر الكبيرة/);
    assert.match(await card.innerText(), /ابن أخي يعيش معنا/);
    assert.match(await card.locator('.appeal-docs').innerText(), /شهادة ميلاد\s+عقد الإيجار/);
    assert.equal(await card.locator('.appeal-files a').getAttribute('download'), '');
    assert.match(await card.locator('.deadline').innerText(), /[\u0660-\u0669]/, 'the due date in Arabic-Indic digits');
    await looked(page, 'ministry-appeals', 'ar', PHONE.width);
    await card.getByLabel('ملاحظة على القرار').fill('العدد المسجل ثلاثة أفراد.');
    await card.getByRole('button', { name: 'تأييد الرفض' }).click();
    await card.getByRole('alert').waitFor();
    assert.equal(await card.getByRole('alert').innerText(), 'أنت من قرّر في هذه الحالة، لذا يجب أن يقرّر في التظلم شخص آخر');
    const appeal = await m.t.database.db.selectFrom('programme_appeals').select(['status', 'decided_by']).executeTakeFirstOrThrow();
    assert.deepEqual(appeal, { status: 'open', decided_by: null });
    await page.setViewportSize(DESKTOP);
    await looked(page, 'ministry-appeals', 'ar', DESKTOP.width);
    await context.close();
  });

  test('the ministry, in Persian on a phone, sees a course\'s sessions and the rollout page, places the course enrolment in a session and ends another from the service record after confirming', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.ministryAdmin.nationalId }, PHONE);
    await go(`/ministry/programmes/${courseId}`);
    await inLanguage(page, 'fa');
    const session = page.locator('section[aria-labelledby="pg-sessions"] tr[data-session]');
    await session.waitFor();
    assert.match(await session.innerText(), /Morning group[\s\S]*Community centre[\s\S]*۱۲[\s\S]*۰/, 'the session with its place, its capacity and none placed, in Persian digits');
    await page.getByRole('button', { name: 'افزودن دوره' }).click();
    await page.getByRole('form', { name: 'دورهٔ تازه' }).waitFor();
    await looked(page, 'ministry-programme-sessions', 'fa', PHONE.width);

    await go('/ministry/rollout');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.locator('section[aria-labelledby="facts-freshness"] dd[data-refreshing]').waitFor();
    assert.match(await page.locator('section[aria-labelledby="facts-freshness"]').innerText(), /خانوارهای برداشت\s+[۰-۹]+/);
    await page.locator('fieldset.condition').first().waitFor();
    await looked(page, 'ministry-rollout', 'fa', PHONE.width);
    await page.getByRole('button', { name: 'تازه‌سازی اکنون' }).click();
    await page.locator('dd[data-refreshing="true"]').waitFor();
    assert.equal((await m.t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'programme.facts.refresh').execute()).length, 1, 'the refresh is asked for once, and audited');

    // The month's cycle computed again now that the applicant is enrolled: its preview, region by region, against no budget per period.
    await go(`/ministry/programmes/${cashId}`);
    await page.getByRole('button', { name: 'محاسبهٔ دورهٔ این ماه' }).click();
    await page.locator('li[data-cycle] tr[data-region]').filter({ hasText: 'بدون سقف' }).waitFor();
    assert.equal(await m.t.database.db.selectFrom('benefit_cycles').select('id').execute().then((r) => r.length), 1, 'computing again answers the same cycle');

    await go(`/ministry/households/${m.family.householdId}`);
    const enrolment = page.locator('li[data-programme="monthly-cash"]');
    await enrolment.waitFor();
    assert.match(await enrolment.innerText(), /کمک نقدی ماهانه\s+فعال/);
    await looked(page, 'ministry-household-record', 'fa', PHONE.width);
    const training = page.locator('li[data-programme="tailoring-course"]');
    await training.getByLabel('دوره', { exact: true }).selectOption({ index: 1 });
    await training.getByRole('button', { name: 'جای دادن در دوره' }).click();
    await training.locator('dd', { hasText: 'Morning group' }).waitFor();
    assert.ok(await training.getByRole('form', { name: 'حضور یک روز' }).isVisible(), 'once placed, its attendance is kept day by day');
    assert.ok((await m.t.database.db.selectFrom('enrolments').select('session_id').where('programme_id', '=', courseId).executeTakeFirstOrThrow()).session_id);
    await enrolment.getByLabel('نتیجه').selectOption('ended');
    await enrolment.getByRole('button', { name: 'ثبت نتیجه' }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /بازگشت‌پذیر نیست/);
    await dialog.getByRole('button', { name: 'ثبت نتیجه' }).click();
    await page.locator('li[data-programme="monthly-cash"][data-status="ended"]').waitFor();
    assert.match(await enrolment.innerText(), /پایان‌یافته/);
    assert.ok(await enrolment.getByLabel('یادداشت پیگیری').isVisible(), 'an ended enrolment asks for its follow-up');
    const row = await m.t.database.db.selectFrom('enrolments').select(['status', 'ended_at']).where('programme_id', '=', cashId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'ended');
    assert.ok(row.ended_at);
    await context.close();
  });
});
