/**
 * The need model and the priority list in the browser, on a phone: the ministry (in Persian)
 * changes a weight, sees its effect on a sample household, confirms and saves a new version; a
 * charity (in Arabic) reads its priority list with "why this priority". No serious accessibility
 * violation, right to left, no sideways scrolling.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { scoreAndRefer } from '../../src/modules/scoring/score-and-refer.js';
import { declarationVersionOf } from '../support/fixtures.js';
import { PHONE, launch, screenshot, seriousViolations, signedIn, startMizan, type Mizan } from './support.js';

describe('browser: the need model and the priority list', () => {
  let m: Mizan;
  let browser: Browser;
  let requestId = '';
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    const actor = m.world.charities[0]!.caseworker.actor;
    const version = await declarationVersionOf(db, m.world, m.family.householdId);
    const r = await inTx(db, actor, (trx) => scoreAndRefer(trx, m.t.dep, {
      householdId: m.family.householdId, declarationVersionId: version, aidTypeCodes: ['washing-machine'], offeredToOrgId: m.world.charities[0]!.id, actor,
      facts: {
        regionCode: [...m.t.dep.regions.values()].find((x) => x.level === 1)!.code,
        members: [{ age: 50, disability: true, chronicIllness: false, relation: 'head' }, { age: 46, disability: false, chronicIllness: true, relation: 'spouse' }, { age: 10, disability: false, chronicIllness: false, relation: 'child' }],
        monthlyIncomeMinor: 90_000, housing: 'rented', monthlyRentMinor: 60_000, debtsMinor: 0, monthlyDebtRepaymentMinor: 0,
      },
    }, new Date()));
    requestId = r.requestIds[0]!;
    await m.setLocale(m.world.ministryAdmin.nationalId, 'fa');
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  const noSideways = async (page: import('playwright-core').Page) => {
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= PHONE.width + 1, `the page is ${scroll}px wide on a ${PHONE.width}-px phone`);
  };

  test('the ministry previews a heavier disability weight on a sample household, confirms, and version 2 is in force', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.ministryAdmin.nationalId }, PHONE);
    await go('/ministry/need-model');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('h1#page-title').innerText(), 'مدل امتیاز نیاز');
    await page.getByLabel('معلولیت', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'نمایش اثر' }).click();
    const preview = page.locator('.preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /اکنون:.*با تغییرات:/s);
    await noSideways(page);
    await screenshot(page, 'ministry-need-model-fa-360');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'ذخیرهٔ نسخهٔ تازه' }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /۱ ← ۲/);
    await dialog.getByRole('button', { name: 'ذخیرهٔ نسخهٔ تازه' }).click();
    await page.getByText('نسخهٔ ۲ اکنون در حال اجراست.').waitFor();
    const rows = await m.t.database.db.selectFrom('need_models').select(['version', 'created_by']).orderBy('version').execute();
    assert.deepEqual(rows, [{ version: 1, created_by: null }, { version: 2, created_by: m.world.ministryAdmin.actor.userId }]);
    await context.close();
  });

  test('a charity reads its priority list in Arabic, with why the request has its priority', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.charities[0]!.caseworker.nationalId }, PHONE);
    await go('/charity/priority');
    assert.equal(await page.locator('h1#page-title').innerText(), 'قائمة الأولويات');
    const card = page.locator(`li[data-request="${requestId}"]`);
    await card.waitFor();
    await card.locator('summary', { hasText: 'لماذا هذه الأولوية' }).click();
    const why = await card.locator('.why-list').innerText();
    assert.match(why, /الإعاقة/);
    assert.match(why, /نقطة/);
    assert.ok(!(await card.innerText()).includes(m.family.members[0]!.fullName), 'no name in the list');
    await noSideways(page);
    await screenshot(page, 'charity-priority-ar-360');
    assert.deepEqual(await seriousViolations(page), []);
    // the pool says the request is offered to this charity first, and until when
    await go('/charity/pool');
    const offered = page.locator(`li[data-request="${requestId}"] .offered-first`);
    await offered.waitFor();
    assert.match(await offered.innerText(), /^معروض على جمعيتكم أولاً حتى .*[\u0660-\u0669]/);
    await noSideways(page);
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });
});
