/**
 * Imports as charity staff meet them, in the browser: the administrator of charity A uploads a CSV
 * saved in Windows-1256 (as Arabic Excel writes it) on a 390-px phone in Arabic, reads the first
 * rows in Arabic letters, chooses the columns and confirms, watches the progress bar reach the
 * end, reads the report (every verdict on screen, filtered), fixes a waiting row by hand, and
 * downloads the report as CSV and XLSX (their contents read back); then uploads an XLSX with good
 * and bad rows (a formula cell among them) at desktop width in Persian. Every page photographed,
 * nothing wider than the screen, nothing serious for axe.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { systemClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { intakeJobHandlers } from '../../src/modules/intake/import-job.js';
import { verdictTexts } from '../../src/modules/intake/verdicts.js';
import { DESKTOP, downloadOf, inLanguage, launch, looked, mapAndRunImport, settle, signedIn, startMizan, type Mizan } from './support.js';

const PHONE = { width: 390, height: 844 };
const cat = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8'));
const ar = cat('ar');
const fa = cat('fa');
const wrongCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

describe('browser: a charity imports its lists of people', () => {
  let m: Mizan;
  let browser: Browser;
  let worker: JobWorker;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    // The import's chunks run as they would in `mizan serve`'s worker.
    const { settings, onAccepted } = m.app.mizan.intake;
    worker = new JobWorker(m.t.database.db, { clock: systemClock, handlers: intakeJobHandlers({ dep: m.t.dep, settings, onAccepted, chunkRows: 2 }) });
    worker.start(200);
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await m?.close();
  });

  test('a CSV in Windows-1256 on a phone, in Arabic: mapped, run, reported, fixed by hand and downloaded in both formats', async () => {
    const admin = m.world.charities[0]!.admin;
    const s = await signedIn(browser, m.base, { nationalId: admin.nationalId }, PHONE);
    const page = s.page;
    await s.go('/charity/imports');
    assert.equal(await page.locator('h1#page-title').innerText(), ar.imports.title);
    // The limits are said before a file is chosen.
    assert.match(await page.locator('#import-file-hint').innerText(), /٢٠ ميغابايت/);
    await looked(page, 'imports-list', 'ar', PHONE.width);
    // A file with only its header is refused in words, with what to do, and the page stays.
    await page.setInputFiles('#import-file', { name: 'فارغ.csv', mimeType: 'text/csv', buffer: iconv.encode('الاسم,رقم الهوية,الهاتف\r\n', 'win1256') });
    await page.getByRole('button', { name: ar.imports.upload.send, exact: true }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), new RegExp(`${ar.imports.problems['import-empty']}[\\s\\S]*${ar.imports.problems['import-empty-todo'].slice(0, 15)}`));
    assert.match(page.url(), /\/charity\/imports$/);
    await looked(page, 'imports-refused', 'ar', PHONE.width);

    const [good1, good2, abroad, fixable] = [m.world.nextId('1990-01-01'), m.world.nextId('1991-02-02'), m.world.nextId('1992-03-03'), m.world.nextId('1993-04-04')];
    const csv = [
      'الاسم,رقم الهوية,الهاتف',
      `زهراء الكندري,${good1},50001234`,
      `علي العنزي,${good2},6000-1234`,
      `زهراء مكررة,${good1},50001234`,
      `رقم خاطئ,${wrongCheckDigit(fixable)},50005678`,
      `في الخارج,${abroad},+14155550100`,
      `مسجلة,${m.family.members[1]!.nationalId},90001234`,
    ].join('\r\n');
    await page.setInputFiles('#import-file', { name: 'قائمة.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'win1256') });
    await page.getByRole('button', { name: ar.imports.upload.send, exact: true }).click();
    await page.waitForURL(/\/charity\/imports\/[0-9a-f-]{36}$/);
    await settle(page);

    // The preview reads the Windows-1256 file as Arabic.
    const preview = page.getByRole('region', { name: ar.imports.mapping.previewTitle });
    assert.match(await preview.innerText(), /زهراء الكندري/);
    assert.match(await page.locator('.facts').innerText(), /windows-1256/);
    // Starting without the required fields is refused at the fields, nothing sent.
    for (const f of ['nationalId', 'phone']) await page.selectOption(`#map-${f}`, '');
    await page.getByRole('button', { name: ar.imports.mapping.start, exact: true }).click();
    assert.equal(await page.locator('#map-nationalId-error').innerText(), ar.imports.mapping.required);
    assert.equal(await page.locator('dialog.confirm-dialog').count(), 0);
    await looked(page, 'imports-mapping', 'ar', PHONE.width);

    await mapAndRunImport(page, ar, { nationalId: '1', phone: '2', name: '0' });
    const at = (verdict: string) => page.locator(`tr[data-verdict="${verdict}"]`);
    assert.equal(await at('accepted').count(), 2);
    assert.equal(await at('duplicate-in-file').count(), 1);
    assert.equal(await at('invalid-national-id').count(), 1);
    assert.equal(await at('foreign-phone').count(), 1);
    assert.equal(await at('already-registered').count(), 1);
    assert.match(await at('invalid-national-id').innerText(), new RegExp(ar.imports.reasons['check-digit']));
    await looked(page, 'imports-report', 'ar', PHONE.width);

    // Filtered to the waiting rows, then the wrong national ID fixed where it stands.
    await page.selectOption('#verdict-filter', 'waiting');
    await page.locator('tr[data-verdict]').first().waitFor();
    assert.deepEqual(await page.locator('tr[data-verdict]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict'))), ['invalid-national-id']);
    await page.getByRole('button', { name: ar.imports.fix.open.replace('{{n}}', '٤') }).click();
    const form = page.getByRole('form', { name: ar.imports.fix.title.replace('{{n}}', '٤') });
    await form.getByLabel(ar.imports.fields.nationalId).fill(fixable);
    await looked(page, 'imports-fix', 'ar', PHONE.width);
    await form.getByRole('button', { name: ar.imports.fix.save }).click();
    await page.getByText(ar.imports.report.empty).waitFor();
    await page.selectOption('#verdict-filter', '');
    await page.locator('tr[data-verdict="accepted"]').nth(2).waitFor();
    assert.equal(await at('accepted').count(), 3, 'the fixed row is accepted');

    // The downloads: the CSV with its BOM and Arabic reasons, the XLSX right to left, both with every row.
    const csvReport = await downloadOf(page, ar.imports.report.csv);
    assert.deepEqual([...csvReport.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parse(csvReport, { bom: true }) as string[][];
    assert.equal(rows.length, 7);
    assert.deepEqual(rows[0], ['السطر', 'النتيجة', 'السبب', 'الحقل', 'رقم الهوية', 'الهاتف', 'الاسم']);
    assert.equal(rows[3]![1], verdictTexts('ar')['duplicate-in-file']);
    assert.equal(rows[4]![1], verdictTexts('ar').accepted, 'the row fixed by hand');
    assert.equal(rows[5]![5], "'+14155550100", 'a cell starting with + is neutralised');
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load((await downloadOf(page, ar.imports.report.xlsx)) as unknown as ExcelJS.Buffer);
    const sheet = xlsx.worksheets[0]!;
    assert.equal(sheet.views[0]?.rightToLeft, true);
    assert.equal(sheet.rowCount, 7);
    assert.equal(sheet.getRow(2).getCell(7).value, 'زهراء الكندري');
    await s.context.close();
  });

  test('an XLSX with good and bad rows at desktop width, in Persian: the formula cell is a missing field, the list shows both imports', async () => {
    const admin = m.world.charities[0]!.admin;
    const s = await signedIn(browser, m.base, { nationalId: admin.nationalId }, DESKTOP);
    const page = s.page;
    await s.go('/charity/imports');
    await inLanguage(page, 'fa');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('فهرست');
    ws.addRow(['کد ملی', 'تلفن', 'نام']);
    ws.addRow([m.world.nextId('1980-01-01'), '9000 1111', 'مریم']);
    ws.addRow([m.world.nextId('1981-01-01'), { formula: 'B2' }, 'رضا']);
    ws.addRow(['12345', '90002222', 'کوتاه']);
    ws.addRow([m.world.nextId('1982-01-01'), '123', 'بد']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.setInputFiles('#import-file', { name: 'list.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByRole('button', { name: fa.imports.upload.send, exact: true }).click();
    await page.waitForURL(/\/charity\/imports\/[0-9a-f-]{36}$/);
    await settle(page);
    assert.match(await page.getByRole('region', { name: fa.imports.mapping.previewTitle }).innerText(), /مریم/);
    await looked(page, 'imports-mapping-xlsx', 'fa', DESKTOP.width);
    await mapAndRunImport(page, fa, { nationalId: '0', phone: '1', name: '2' });
    const at = (verdict: string) => page.locator(`tr[data-verdict="${verdict}"]`);
    assert.equal(await at('accepted').count(), 1);
    assert.equal(await at('missing-field').count(), 1);
    assert.match(await at('missing-field').innerText(), new RegExp(fa.imports.reasons.formula));
    assert.equal(await at('invalid-national-id').count(), 1);
    assert.match(await at('invalid-national-id').innerText(), new RegExp(fa.imports.reasons.length));
    assert.equal(await at('invalid-phone').count(), 1);
    assert.equal(await page.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    await looked(page, 'imports-report-xlsx', 'fa', DESKTOP.width);
    await s.go('/charity/imports');
    await inLanguage(page, 'fa');
    assert.equal(await page.getByRole('region', { name: fa.imports.list.title }).locator('tbody tr').count(), 2);
    await looked(page, 'imports-list', 'fa', DESKTOP.width);
    await s.context.close();
  });
});
