/**
 * Registration in the web app, in Arabic with Persian and English checks: a charity applies on the
 * public form and reads the decision with its receipt; the ministry reviews the application with
 * its administrator and approves one, rejects another with a reason the applicant reads; a
 * caseworker registers a household of three (national IDs in Arabic-Indic and Persian digits), is
 * refused at the field when adding a member of another household, moves that member here from
 * the other household and removes one, each after a confirmation; a caseworker registering a
 * woman already known under another national ID (her name typed on a Persian keyboard) is warned
 * with her registered record and links it instead of making a second one. Every new page is
 * photographed in ar/fa/en at phone and desktop width, with no sideways scrolling and no serious
 * accessibility violation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan } from './support.js';
import { inTx } from '../../src/kernel/transaction.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { registerHousehold, removeMember } from '../../src/modules/registry/registry.service.js';
import { sweepBatch } from '../../src/modules/matching/match-sweep.js';
import { mistypedValid } from '../support/fixtures.js';

const PHONE = { width: 390, height: 844 };
const cat = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8'));
const ar = cat('ar');
const fa = cat('fa');
const en = cat('en');
const arabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const persianDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/** The page in each language at phone and desktop width: photographed, nothing overflows, axe finds nothing serious. Ends in Arabic at desktop width. */
async function everyLanguage(page: Page, name: string, check?: (lang: string) => Promise<void>) {
  for (const lang of ['ar', 'fa', 'en']) {
    await page.locator('#lang-select').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      await settle(page);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(over <= 1, `${name} (${lang}, ${size}) scrolls sideways by ${over}px`);
      await screenshot(page, `registration-${name}-${lang}-${size}`);
    }
    assert.deepEqual(await seriousViolations(page), [], `${name} (${lang})`);
    await check?.(lang);
  }
  await page.locator('#lang-select').selectOption('ar');
  await page.waitForFunction(() => document.documentElement.lang === 'ar');
}

describe('browser: registering households and charities', () => {
  let m: Mizan;
  let browser: Browser;
  before(async () => {
    m = await startMizan();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('a charity applies and reads the decision; the ministry approves one and rejects another with a reason', async () => {
    const visitor = await browser.newContext({ viewport: DESKTOP, baseURL: m.base, locale: 'ar' });
    const page = await visitor.newPage();
    await page.goto('/');
    await settle(page);
    await page.locator('#lang-select').selectOption('ar');
    await page.getByRole('link', { name: ar.reg.apply.fromSignIn }).click();
    await settle(page);
    assert.equal(await page.locator('h1#page-title').innerText(), ar.reg.apply.title);
    await everyLanguage(page, 'apply');

    // Sent without aid types or regions: said at those lists, nothing sent.
    const adminId = m.world.nextId('1979-03-03');
    await page.getByLabel(ar.reg.apply.name, { exact: true }).fill('جمعية النور الخيرية');
    await page.getByLabel(ar.reg.apply.registrationNumber).fill('٤٥٦٧');
    await page.getByLabel(ar.reg.apply.contactPhone).fill('+٩٦٥٥٠٠٠٩٩٩٩');
    await page.getByLabel(ar.reg.apply.adminName).fill('سعاد الرشيد');
    await page.getByLabel(ar.reg.apply.adminNationalId).fill(arabicDigits(adminId));
    await page.getByRole('button', { name: ar.reg.apply.submit }).click();
    await page.getByText(ar.reg.apply.chooseAidType).waitFor();
    await page.locator('fieldset', { hasText: ar.reg.apply.aidTypes }).locator('input[type=checkbox]').first().check();
    await page.locator('fieldset', { hasText: ar.reg.apply.regions }).locator('input[type=checkbox]').first().check();
    await page.getByRole('button', { name: ar.reg.apply.submit }).click();
    const receipt = (await page.locator('.receipt').getAttribute('data-receipt'))!;
    assert.match(receipt, /^([A-Z2-9]{4}-){4}[A-Z2-9]{4}$/);
    await everyLanguage(page, 'apply-sent');
    const org = await m.t.database.db.selectFrom('organisations').select(['id', 'status', 'registration_number']).where('name', '=', 'جمعية النور الخيرية').executeTakeFirstOrThrow();
    assert.deepEqual([org.status, org.registration_number], ['pending', '4567'], 'digits typed in Arabic-Indic are stored as digits');

    // A second charity, whose application is rejected.
    const second = await page.request.post('/api/v1/organisations/applications', {
      data: { organisation: { name: 'جمعية الأمل', aidTypes: ['food-basket'], regions: [[...m.t.dep.regions.values()].find((r) => r.level === 1)!.code] }, admin: { displayName: 'خالد', nationalId: m.world.nextId('1981-01-01') } },
    });
    assert.equal(second.status(), 201);
    const rejectedReceipt = (await second.json()).receipt as string;

    await page.getByRole('link', { name: ar.reg.apply.seeStatus }).click();
    await page.locator('.application-status[data-status="pending"]').waitFor();
    await everyLanguage(page, 'status-pending');

    // The ministry reviews both.
    const sup = await signedIn(browser, m.base, { nationalId: m.world.supervisor.nationalId }, DESKTOP, '/ministry/charities');
    await sup.go('/ministry/charities');
    const card = sup.page.locator('.org-card', { hasText: 'جمعية النور الخيرية' });
    await card.locator('.facts').waitFor();
    assert.match(await card.innerText(), new RegExp(arabicDigits(adminId)), "the administrator's national ID, in Arabic digits");
    assert.match(await card.innerText(), /سعاد الرشيد/);
    await everyLanguage(sup.page, 'ministry-review');
    // A decision without a reason is not sent.
    await card.getByRole('button', { name: ar.charities.decide.approved.replace('{{name}}', 'جمعية النور الخيرية') }).click();
    await card.getByText(ar.reg.review.reasonNeeded).waitFor();
    assert.equal(await sup.page.locator('dialog.confirm-dialog').count(), 0);
    await card.getByLabel(ar.reg.review.reason).fill('الترخيص ساري والمسؤول معروف لدى الوزارة');
    await card.getByRole('button', { name: ar.charities.decide.approved.replace('{{name}}', 'جمعية النور الخيرية') }).click();
    const dialog = sup.page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /الترخيص ساري/);
    await screenshot(sup.page, 'registration-ministry-confirm-ar-desktop');
    assert.deepEqual(await seriousViolations(sup.page), []);
    await dialog.getByRole('button', { name: ar.reg.review.confirm.approved }).click();
    await card.waitFor({ state: 'detached' });

    const other = sup.page.locator('.org-card', { hasText: 'جمعية الأمل' });
    await other.getByLabel(ar.reg.review.reason).fill('رقم الترخيص غير موجود في سجل الوزارة');
    await other.getByRole('button', { name: ar.charities.decide.rejected.replace('{{name}}', 'جمعية الأمل') }).click();
    await dialog.getByRole('button', { name: ar.reg.review.confirm.rejected }).click();
    await other.waitFor({ state: 'detached' });
    const decided = await m.t.database.db.selectFrom('organisations').select(['name', 'status', 'decision_reason']).where('name', 'in', ['جمعية النور الخيرية', 'جمعية الأمل']).orderBy('name').execute();
    assert.deepEqual(decided.map((o) => [o.status, o.decision_reason]), [['rejected', 'رقم الترخيص غير موجود في سجل الوزارة'], ['approved', 'الترخيص ساري والمسؤول معروف لدى الوزارة']]);
    await sup.context.close();

    // Each applicant reads its own decision with its receipt, typed in lower case with spaces.
    await page.goto('/apply/status');
    await settle(page);
    await page.getByLabel(ar.reg.status.receipt).fill(rejectedReceipt.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: ar.reg.status.submit }).click();
    const status = page.locator('.application-status[data-status="rejected"]');
    await status.waitFor();
    assert.match(await status.innerText(), /رقم الترخيص غير موجود في سجل الوزارة/);
    await everyLanguage(page, 'status-rejected', async (lang) => {
      const c = { ar, fa, en }[lang as 'ar'];
      assert.match(await status.innerText(), new RegExp(c.orgStatus.rejected));
    });
    await page.getByLabel(ar.reg.status.receipt).fill(receipt);
    await page.getByRole('button', { name: ar.reg.status.submit }).click();
    await page.locator('.application-status[data-status="approved"]').waitFor();
    assert.match(await page.locator('.application-status').innerText(), /الترخيص ساري/);
    await page.getByLabel(ar.reg.status.receipt).fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await page.getByRole('button', { name: ar.reg.status.submit }).click();
    await page.getByText(ar.reg.status.unknown).waitFor();
    assert.equal(await page.locator('.application-status').count(), 0, 'an unknown receipt shows no application');
    await visitor.close();
  });

  test('a caseworker registers a household of three, is refused at the field, moves a member here and removes one', async () => {
    const a = m.world.charities[0]!;
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: a.caseworker.nationalId });
    await go('/charity/pool');
    // The app changes page without a load; a click while the menu is drawn again can be lost, so
    // the address is waited for and the click repeated (three times at most).
    const menuLink = page.locator(`nav.app-nav a[href="/charity/households/new"]`);
    for (let i = 0; !/\/charity\/households\/new$/.test(page.url()); i++) {
      assert.ok(i < 3, 'the menu opens the registration page');
      await menuLink.click();
      await page.waitForURL(/\/charity\/households\/new$/, { timeout: 5_000 }).catch(() => undefined);
    }
    await page.locator('h1#page-title', { hasText: ar.reg.register.title }).waitFor();
    await settle(page);
    assert.equal(await page.locator('h1#page-title').innerText(), ar.reg.register.title);
    await page.getByLabel(ar.reg.household.region).selectOption({ index: 1 });
    await page.getByLabel(ar.reg.household.address).fill('الجهراء، قطعة ٤');
    const ids = [m.world.nextId('1972-05-05'), m.world.nextId('1976-07-07'), m.world.nextId('2010-10-10')];
    const people = [
      { id: arabicDigits(ids[0]!), name: 'يوسف سالم العتيبي', relation: 'head' },
      { id: persianDigits(ids[1]!), name: 'مريم حسن العتيبي', relation: 'spouse' },
      { id: ids[2]!, name: 'سارة يوسف العتيبي', relation: 'child' },
    ];
    for (const [i, p] of people.entries()) {
      if (i > 0) await page.getByRole('button', { name: ar.reg.register.addMember }).click();
      const block = page.locator(`[data-member="${i}"]`);
      await block.getByLabel(ar.reg.member.nationalId).fill(p.id);
      await block.getByLabel(ar.reg.member.fullName).fill(p.name);
      await block.getByLabel(ar.reg.member.relation).selectOption(p.relation);
    }
    await everyLanguage(page, 'register');
    await page.getByRole('button', { name: /تسجيل الأسرة/ }).click();
    await page.waitForURL(/\/charity\/households\/[0-9a-f-]{36}$/);
    await settle(page);
    await page.getByText(ar.reg.household.registered).waitFor();
    const here = page.url().split('/').pop()!;
    const rows = page.locator('tr.member-row');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.first().innerText(), new RegExp(arabicDigits(ids[0]!)), 'national IDs shown in Arabic digits');
    const stored = await m.t.database.db.selectFrom('household_members as hm').innerJoin('persons as p', 'p.id', 'hm.person_id').select('p.national_id').where('hm.household_id', '=', here).where('hm.active', '=', true).execute();
    assert.deepEqual(stored.map((r) => r.national_id).sort(), [...ids].sort());

    // The son of the charity's other family is a member there: refused at the national ID, with that household named.
    const son = m.family.members[2]!;
    const add = page.locator('form[aria-labelledby="add-member"]');
    await add.getByLabel(ar.reg.member.nationalId).fill(arabicDigits(son.nationalId));
    await add.getByLabel(ar.reg.member.fullName).fill(son.fullName);
    await add.getByRole('button', { name: ar.reg.add.submit }).click();
    await add.getByText(ar.reg.elsewhere.visible).waitFor();
    assert.equal(await add.getByLabel(ar.reg.member.nationalId).getAttribute('aria-invalid'), 'true');
    assert.equal(await rows.count(), 3, 'nothing added');
    await everyLanguage(page, 'household');

    // To that household, to move the son here in one step.
    await add.getByRole('link', { name: ar.reg.elsewhere.open }).click();
    await page.waitForURL(new RegExp(`/charity/households/${m.family.householdId}\\?moveTo=${here}$`));
    await settle(page);
    const sonRow = page.locator('tr.member-row', { hasText: son.fullName });
    await sonRow.getByRole('button', { name: ar.reg.move.open.replace('{{name}}', son.fullName) }).click();
    const move = page.locator('form[aria-labelledby="step-move"]');
    assert.equal(await move.getByLabel(ar.reg.move.to).inputValue(), here, 'the household to move to is filled in');
    await move.getByLabel(ar.reg.step.reason).fill('يعيش مع أخته بعد زواجها');
    await move.getByRole('button', { name: ar.reg.move.submit }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(son.fullName));
    await screenshot(page, 'registration-move-confirm-ar-desktop');
    await dialog.getByRole('button', { name: ar.reg.move.confirm }).click();
    await page.getByText(ar.reg.move.done.replace('{{name}}', son.fullName)).waitFor();
    assert.equal(await page.locator('tr.member-row', { hasText: son.fullName }).count(), 0);

    await go(`/charity/households/${here}`);
    assert.equal(await page.locator('tr.member-row').count(), 4, 'the son is a member here now');
    // The spouse leaves, after a confirmation; Go back first sends nothing.
    const spouse = page.locator('tr.member-row', { hasText: people[1]!.name });
    await spouse.getByRole('button', { name: ar.reg.remove.open.replace('{{name}}', people[1]!.name) }).click();
    const leave = page.locator('form[aria-labelledby="step-remove"]');
    await leave.getByLabel(ar.reg.step.reason).fill('انتقلت إلى بيت أهلها');
    await leave.getByRole('button', { name: ar.reg.remove.submit }).click();
    await dialog.getByRole('button', { name: ar.confirm.back }).click();
    assert.equal(await page.locator('tr.member-row').count(), 4, 'going back removes no one');
    await leave.getByRole('button', { name: ar.reg.remove.submit }).click();
    await dialog.getByRole('button', { name: ar.reg.remove.confirm }).click();
    await page.getByText(ar.reg.remove.done.replace('{{name}}', people[1]!.name)).waitFor();
    assert.equal(await page.locator('tr.member-row').count(), 3);
    const trail = await m.t.database.db.selectFrom('audit_log').select(['action', 'reason']).where('household_id', '=', here).where('action', 'in', ['household.member.move', 'household.member.remove']).orderBy('seq').execute();
    assert.deepEqual(trail.map((e) => [e.action, e.reason]), [['household.member.move', 'يعيش مع أخته بعد زواجها'], ['household.member.remove', 'انتقلت إلى بيت أهلها']]);
    await context.close();
  });

  test('a caseworker registering a person known under another national ID is warned and links her record instead of making a second', async () => {
    const a = m.world.charities[0]!;
    const db = m.t.database.db;
    // Charity A registered her with her son's family; she has since left it (in no household now),
    // and the night's sweep has indexed the registry.
    const born = '1958-09-21';
    const herId = m.world.nextId(born);
    const region = [...m.t.dep.regions.values()].find((r) => r.level === 1)!.code;
    const h = await inTx(db, a.caseworker.actor, (trx) =>
      registerHousehold(trx, a.caseworker.actor, m.t.dep, {
        regionCode: region,
        members: [
          { nationalId: m.world.nextId('1984-01-11'), fullName: 'جاسم عبدالرحمن البدر', birthDate: '1984-01-11', sex: 'M', relation: 'head' },
          { nationalId: herId, fullName: 'حصة يعقوب البدر', birthDate: born, sex: 'F', relation: 'parent' },
        ],
      }),
    );
    const her = await db.selectFrom('persons').select('id').where('national_id', '=', herId).executeTakeFirstOrThrow();
    await inTx(db, a.caseworker.actor, (trx) => removeMember(trx, a.caseworker.actor, h.id, her.id, 'انتقلت إلى بيت ابنتها', new Date()));
    await inTx(db, SYSTEM_ACTOR, (trx) => sweepBatch(trx, null, 5000, new Date()));
    const personsBefore = Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    // Typed under another valid ID (two digits off), her name on a Persian keyboard.
    const typedId = mistypedValid(m.t.dep.idScheme, herId);
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: a.caseworker.nationalId }, PHONE);
    await go('/charity/households/new');
    await page.getByLabel(ar.reg.household.region).selectOption(region);
    const block = page.locator('[data-member="0"]');
    await block.getByLabel(ar.reg.member.nationalId).fill(arabicDigits(typedId));
    await block.getByLabel(ar.reg.member.fullName).fill('حصه یعقوب البدر');
    await block.getByLabel(ar.reg.member.birthDate).fill(born);
    await page.getByRole('button', { name: /تسجيل الأسرة/ }).click();
    const likely = block.locator('.likely');
    await likely.getByText(ar.reg.likely.title).waitFor();
    const shown = await likely.locator(`li[data-person="${her.id}"]`).innerText();
    assert.match(shown, /حصة يعقوب البدر/, 'her name as registered');
    assert.match(shown, new RegExp(arabicDigits(herId.slice(-3))), 'the last digits of her registered ID');
    assert.doesNotMatch(shown, new RegExp(arabicDigits(herId)), 'never her whole ID');
    assert.equal(Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), personsBefore, 'nothing made yet');
    await everyLanguage(page, 'likely', async (lang) => {
      const words = cat(lang).reg.likely;
      await likely.getByRole('button', { name: words.same }).waitFor();
    });

    await likely.getByRole('button', { name: ar.reg.likely.same }).click();
    await block.locator('.likely.linked').waitFor();
    assert.equal(await page.getByText(ar.reg.likely.decide).count(), 0, 'nothing left to decide');
    await screenshot(page, 'registration-likely-linked-ar-phone');
    await page.getByRole('button', { name: /تسجيل الأسرة/ }).click();
    await page.waitForURL(/\/charity\/households\/[0-9a-f-]{36}$/);
    const here = page.url().split('/').pop()!;
    const members = await db.selectFrom('household_members').select('person_id').where('household_id', '=', here).where('active', '=', true).execute();
    assert.deepEqual(members.map((r) => r.person_id), [her.id], 'her record, linked');
    assert.equal(Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), personsBefore, 'no second record');
    assert.match(await page.locator('tr.member-row').first().innerText(), new RegExp(arabicDigits(herId)), 'shown under her registered ID');
    await context.close();
  });
});
