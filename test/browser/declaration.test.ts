/**
 * The whole journey of an invited household, in the browser: a caseworker of charity A uploads a
 * CSV saved in Windows-1256 and an XLSX, each with good and bad rows, maps the columns, watches
 * the progress bar reach the end, reads the report and downloads it; the local test SMSC receives
 * one invitation per accepted person, its link in the text; the first of them opens the link on a
 * 390-px phone, reads it in Persian, signs in with the national identity and declares a household
 * of four: a mistyped ID refused in words on leaving the field, the draft kept over a reload, a
 * failed save said and tried again, a submit with an answer missing refused at that answer. Then
 * the submit after the confirmation, the score with its reasons, the requests opened and the
 * version; then the caseworker finds those requests with their priority in the pool and their
 * score in the priority list. Both new pages right to left, no sideways scroll, nothing serious
 * for axe.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { systemClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { intakeJobHandlers } from '../../src/modules/intake/import-job.js';
import { startMessaging, type Messaging } from '../../src/modules/invitations/messaging.js';
import { DESKTOP, downloadOf, inLanguage, launch, looked, mapAndRunImport, settle, signedIn, startMizan, type Mizan } from './support.js';

const PHONE = { width: 390, height: 844 };
const cat = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8'));
const ar = cat('ar');
const fa = cat('fa');
const persian = (s: string) => s.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const wrongCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);
const arabicNumber = (n: number, o: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat('ar-KW-u-nu-arab', o).format(n);

describe('browser: invited by a charity, a household declares itself and the charity sees its request', () => {
  let m: Mizan;
  let browser: Browser;
  let worker: JobWorker;
  let messaging: Messaging;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    // The SMS go to the local test SMSC; the import's chunks and the invitations run as in `mizan serve`'s worker.
    messaging = await startMessaging({
      db: m.t.database.db,
      clock: systemClock,
      settings: { transport: { kind: 'dev', port: 0, source: 'Mizan' }, ratePerSecond: 0, dlrSecret: null, invitationDays: 14 },
      publicUrl: m.base,
      print: null,
      reconnectMs: 50,
    });
    const { settings, onAccepted } = m.app.mizan.intake;
    worker = new JobWorker(m.t.database.db, { clock: systemClock, handlers: { ...intakeJobHandlers({ dep: m.t.dep, settings, onAccepted, chunkRows: 2 }), ...messaging.handlers } });
    worker.start(200);
  });
  after(async () => {
    await worker?.stop();
    await messaging?.close();
    await browser?.close();
    await m?.close();
  });

  /** Leaves the field (the ID is checked on blur) and waits for the check's answer. */
  async function typeId(page: Page, member: number, id: string) {
    const input = page.locator(`fieldset[data-member="${member}"] input[data-field="nationalId"]`);
    await input.fill(id);
    await input.blur();
    await page.waitForFunction((i) => {
      const fs = document.querySelector(`fieldset[data-member="${i}"]`);
      return !!fs && (!!fs.querySelector('.id-ok') || !!fs.querySelector('.field-error'));
    }, member);
  }

  async function birthDate(page: Page, member: number, iso: string) {
    const [y, mo, d] = iso.split('-');
    const parts = page.locator(`fieldset[data-member="${member}"] .calendar-date`);
    await parts.locator('select').nth(1).selectOption(String(Number(mo)));
    await parts.locator('select').nth(0).selectOption(String(Number(d)));
    await parts.locator('input').fill(persian(y!));
  }

  test('from the charity’s upload to the request with its score', async () => {
    const A = m.world.charities[0]!;
    const invitee = m.world.nextId('1990-01-01');
    const other = m.world.nextId('1991-02-02');
    const fromXlsx = m.world.nextId('1980-06-06');
    const spouse = m.world.nextId('1988-05-05');
    const [child1, child2] = [m.world.nextId('2015-03-10'), m.world.nextId('2018-07-21')];

    // 1. The caseworker uploads the CSV (Windows-1256, as Arabic Excel saves it), in Arabic.
    const staff = await signedIn(browser, m.base, { nationalId: A.caseworker.nationalId }, DESKTOP);
    const sp = staff.page;
    await staff.go('/charity/imports');
    const csv = ['الاسم,رقم الهوية,الهاتف', `مريم الكندري,${invitee},50001234`, `علي العنزي,${other},60001234`, `مريم مكررة,${invitee},50001234`, `رقم خاطئ,${wrongCheckDigit(m.world.nextId('1993-04-04'))},50005678`, `مسجلة,${m.family.members[1]!.nationalId},90001234`].join('\r\n');
    await sp.setInputFiles('#import-file', { name: 'قائمة.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'win1256') });
    await sp.getByRole('button', { name: ar.imports.upload.send, exact: true }).click();
    await sp.waitForURL(/\/charity\/imports\/[0-9a-f-]{36}$/);
    await settle(sp);
    assert.match(await sp.getByRole('region', { name: ar.imports.mapping.previewTitle }).innerText(), /مريم الكندري/);
    await mapAndRunImport(sp, ar, { nationalId: '1', phone: '2', name: '0' });
    const at = (verdict: string) => sp.locator(`tr[data-verdict="${verdict}"]`);
    assert.deepEqual([await at('accepted').count(), await at('duplicate-in-file').count(), await at('invalid-national-id').count(), await at('already-registered').count()], [2, 1, 1, 1]);
    const report = parse(await downloadOf(sp, ar.imports.report.csv), { bom: true }) as string[][];
    assert.equal(report.length, 6, 'the report has its header and every row');

    // …and the XLSX: one good row, a formula cell, a short ID.
    await staff.go('/charity/imports');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('قائمة');
    ws.addRow(['رقم الهوية', 'الهاتف', 'الاسم']);
    ws.addRow([fromXlsx, '9000 1111', 'سارة']);
    ws.addRow([m.world.nextId('1981-01-01'), { formula: 'B2' }, 'رضا']);
    ws.addRow(['12345', '90002222', 'قصير']);
    await sp.setInputFiles('#import-file', { name: 'list.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    await sp.getByRole('button', { name: ar.imports.upload.send, exact: true }).click();
    await sp.waitForURL(/\/charity\/imports\/[0-9a-f-]{36}$/);
    await settle(sp);
    await mapAndRunImport(sp, ar, { nationalId: '0', phone: '1', name: '2' });
    assert.deepEqual([await at('accepted').count(), await at('missing-field').count(), await at('invalid-national-id').count()], [1, 1, 1]);
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load((await downloadOf(sp, ar.imports.report.xlsx)) as unknown as ExcelJS.Buffer);
    assert.equal(xlsx.worksheets[0]!.rowCount, 4);

    // 2. The local SMSC receives one invitation per accepted person, each with its link.
    const smsc = messaging.sms.devSmsc!;
    const received = await smsc.waitFor(3, 0, 30_000);
    assert.equal(received.length, 3);
    const sms = received.find((s) => s.to.endsWith('50001234'));
    assert.ok(sms, 'the invitee’s phone got its invitation');
    const link = new RegExp(`${m.base.replace(/[.]/g, '\\.')}/i/([A-Za-z0-9_-]+)`).exec(sms.text);
    assert.ok(link, `the SMS carries the link: ${sms.text}`);
    const token = link[1]!;

    // 3. The invitee opens the link on a phone: in the invitation's language, then in Persian.
    const person = await browser.newContext({ viewport: PHONE, baseURL: m.base });
    const pp = await person.newPage();
    const failures: string[] = [];
    pp.on('pageerror', (e) => failures.push(e.message));
    // The API's refusals, for the message of a failing step (the ID check's refusal is expected once).
    const refusals: string[] = [];
    pp.on('response', (r) => {
      if (r.url().includes('/api/') && r.status() >= 400) void r.text().then((b) => refusals.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()} ${b.slice(0, 300)}`));
    });
    const state = (await (await pp.request.get(`/api/v1/invitations/${token}`)).json()) as { state: string; locale: string };
    assert.equal(state.state, 'usable');
    await pp.goto(`/i/${token}`);
    await settle(pp);
    await pp.waitForFunction((l) => document.documentElement.lang === l, state.locale);
    await inLanguage(pp, 'fa');
    assert.equal(await pp.locator('h1#page-title').innerText(), fa.invitation.title);
    assert.equal(await pp.evaluate(() => document.documentElement.dir), 'rtl');
    assert.ok(!(await pp.locator('main').innerText()).includes(A.name), 'the page names no charity');
    await looked(pp, 'invitation', 'fa', PHONE.width);
    await pp.getByRole('link', { name: fa.invitation.signIn }).click();
    await pp.locator('#national-id').fill(invitee);
    await pp.locator('#sign-in-typed').click();
    await pp.waitForURL((u) => u.pathname === '/me/declaration');
    await settle(pp);
    assert.equal(await pp.locator('h1#page-title').innerText(), fa.declaration.title);
    assert.equal(await pp.evaluate(() => document.documentElement.lang), 'fa');
    assert.equal(await pp.locator('nav.app-nav a[href="/me/declaration"]').innerText(), fa.nav.declaration);

    // 4. The household of four, in Persian digits. A mistyped ID is refused in words when the field is left.
    const head = pp.locator('fieldset[data-member="0"]');
    assert.equal(await head.locator('input[data-field="nationalId"]').inputValue(), invitee);
    await head.locator('input[data-field="fullName"]').fill('مریم کندری');
    await birthDate(pp, 0, '1990-01-01');
    for (let i = 0; i < 3; i++) await pp.getByRole('button', { name: fa.declaration.members.add, exact: true }).click();
    await typeId(pp, 1, persian(wrongCheckDigit(spouse)));
    assert.equal(await pp.locator('fieldset[data-member="1"] .field-error').innerText(), fa.declaration.idReasons.check_digit);
    await looked(pp, 'declaration-members', 'fa', PHONE.width);
    await typeId(pp, 1, persian(spouse));
    assert.equal(await pp.locator('fieldset[data-member="1"] .field-error').count(), 0);
    const members: [number, string, string, string][] = [[1, 'spouse', 'حسن کندری', '1988-05-05'], [2, 'child', 'زهرا کندری', '2015-03-10'], [3, 'child', 'علی کندری', '2018-07-21']];
    for (const [i, relation, name, born] of members) {
      if (i > 1) await typeId(pp, i, persian(i === 2 ? child1 : child2));
      const fs = pp.locator(`fieldset[data-member="${i}"]`);
      await fs.locator('input[data-field="fullName"]').fill(name);
      await fs.locator('select[data-field="relation"]').selectOption(relation);
      await birthDate(pp, i, born);
    }
    // Saved as they go: after a reload the four are still there.
    await pp.locator('.save-status', { hasText: fa.declaration.save.saved.split('{{')[0]!.trim() }).waitFor();
    await pp.waitForTimeout(1200);
    await pp.locator('.save-status', { hasText: fa.declaration.save.saved.split('{{')[0]!.trim() }).waitFor();
    await pp.reload();
    await settle(pp);
    assert.equal(await pp.locator('fieldset[data-member]').count(), 4);
    assert.equal(await pp.locator('fieldset[data-member="3"] input[data-field="fullName"]').inputValue(), 'علی کندری');
    // A save that fails is said, and tried again.
    await pp.route('**/api/v1/me/declaration/draft', (r) => r.abort());
    await head.locator('input[data-field="fullName"]').fill('مریم الکندری');
    await pp.locator('.save-status.save-failed').waitFor();
    assert.match(await pp.locator('.save-status').innerText(), new RegExp(fa.declaration.save.failed.slice(0, 12)));
    await pp.unroute('**/api/v1/me/declaration/draft');
    await pp.getByRole('button', { name: fa.declaration.save.retry }).click();
    await pp.locator('.save-status.save-saved').waitFor();

    const next = () => pp.getByRole('button', { name: fa.declaration.next, exact: true }).click();
    await next();
    await pp.getByRole('button', { name: fa.declaration.income.add }).click();
    await pp.locator('fieldset[data-income="0"] input').fill('۱۲۰٫۵');
    await next();
    const region = pp.getByLabel(fa.declaration.housing.region);
    await region.selectOption({ index: 1 });
    await pp.getByLabel(fa.declaration.housing.tenure).selectOption('rented');
    await pp.locator('input[inputmode="decimal"]').fill('۲۵۰');
    await next();
    await pp.locator('fieldset[data-health="2"]').getByLabel(fa.declaration.health.disability).check();
    await next();
    await pp.getByRole('button', { name: fa.declaration.debts.add }).click();
    await pp.locator('fieldset[data-debt="0"] input').nth(0).fill('۹۰۰');
    await pp.locator('fieldset[data-debt="0"] input').nth(1).fill('۵۰');
    await next();
    // The review first submitted without a need: refused, the missing answer named, with the way to its step.
    await next();
    await pp.getByRole('button', { name: fa.declaration.review.submit, exact: true }).click();
    await pp.locator('dialog.confirm-dialog').getByRole('button', { name: fa.declaration.review.confirm, exact: true }).click();
    const missing = pp.getByRole('alert').filter({ hasText: fa.declaration.review.incomplete });
    await missing.waitFor();
    assert.match(await missing.innerText(), new RegExp(fa.declaration.sections.needs));
    await missing.getByRole('button', { name: fa.declaration.review.goTo.replace('{{step}}', fa.declaration.steps.needs) }).click();
    const needs = pp.locator('.declaration-form input[type="checkbox"]');
    await needs.nth(0).check();
    await needs.nth(1).check();
    await next();

    // 5. The review lists everything; the submit asks first.
    const review = pp.locator('.declaration-review');
    assert.match(await review.innerText(), new RegExp(fa.declaration.review.people.replace('{{n}}', '۴')));
    assert.match(await review.innerText(), /۱۲۰٫۵۰۰/, 'the income in the currency’s three decimals, in Persian digits');
    assert.match(await review.innerText(), /حسن کندری/);
    await looked(pp, 'declaration-review', 'fa', PHONE.width);
    await pp.getByRole('button', { name: fa.declaration.review.submit, exact: true }).click();
    const dialog = pp.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(fa.declaration.review.confirmNote.slice(0, 20)));
    await dialog.getByRole('button', { name: fa.declaration.review.confirm, exact: true }).click();

    // 6. The score, why, the requests opened, the first version.
    const scoreCard = pp.locator('.declaration-score');
    await scoreCard.waitFor({ timeout: 30_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message.split('\n')[0]} — the API refused: ${refusals.join(' | ')} — the page shows: ${(await pp.locator('main').innerText()).slice(0, 400)}`);
    });
    const score = Number(await scoreCard.locator('[data-score]').getAttribute('data-score'));
    const priority = Number(await scoreCard.locator('[data-priority]').getAttribute('data-priority'));
    assert.ok(score > 0, 'a needy household scores above zero');
    const factors = await scoreCard.locator('[data-factor]').evaluateAll((li) => li.map((x) => [x.getAttribute('data-factor'), (x as HTMLElement).innerText] as [string, string]));
    assert.ok(factors.length > 0);
    for (const [factor, text] of factors) assert.ok(text.startsWith(fa.needModel.factors[factor]), `${factor} is named in Persian: ${text}`);
    const requestIds = await pp.locator('.declaration-requests [data-request]').evaluateAll((li) => li.map((x) => x.getAttribute('data-request')!));
    assert.equal(requestIds.length, 2, 'one request per need asked for');
    assert.equal(await pp.locator('.declaration-versions [data-version]').count(), 1);
    await looked(pp, 'declaration-result', 'fa', PHONE.width);

    // A change makes version 2: what changed is listed in words, and the needs still open are not asked for twice.
    await pp.getByRole('button', { name: fa.declaration.result.edit, exact: true }).click();
    await pp.getByRole('button', { name: fa.declaration.steps.income, exact: true }).click();
    await pp.locator('fieldset[data-income="0"] input').fill('۸۰');
    await pp.getByRole('button', { name: fa.declaration.steps.review, exact: true }).click();
    await pp.getByRole('button', { name: fa.declaration.review.submit, exact: true }).click();
    await pp.locator('dialog.confirm-dialog').getByRole('button', { name: fa.declaration.review.confirm, exact: true }).click();
    const second = pp.locator('.declaration-versions [data-version="2"]');
    await second.waitFor({ timeout: 30_000 });
    assert.match(await second.innerText(), /۸۰٫۰۰۰/, 'the new income is in the changes');
    assert.match(await second.innerText(), /۱۲۰٫۵۰۰/, 'and the one it replaced');
    assert.equal(await pp.locator('.declaration-skipped [data-skipped]').count(), 2);
    await looked(pp, 'declaration-version-2', 'fa', PHONE.width);
    assert.deepEqual(failures, []);
    await person.close();

    // 7. The charity that invited finds the requests: in its pool with their priority, in the priority list with the score.
    await staff.go('/charity/pool');
    for (const id of requestIds) {
      const item = sp.locator(`.pool-item[data-request="${id}"]`);
      await item.waitFor();
      if (priority > 0) assert.match(await item.innerText(), new RegExp(ar.pool.priority.replace('{{n}}', arabicNumber(priority))));
    }
    await staff.go('/charity/priority');
    const ranked = sp.locator(`.priority-item[data-request="${requestIds[0]}"]`);
    await ranked.waitFor();
    assert.match(await ranked.innerText(), new RegExp(arabicNumber(score, { maximumFractionDigits: 1 })));
    await staff.context.close();
  });
});
