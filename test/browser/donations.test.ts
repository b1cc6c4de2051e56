/**
 * Donations in the browser, in Iran (Persian): a donor signs in as a donor and gives five
 * refrigerators, and separately money for the education basket, each after a confirmation; the
 * charity, whose books are open and which has a warehouse, receives both on its donations page and
 * gives a refrigerator to a household in Tehran; the donor's page then says "1 of 5" refrigerators
 * given, in Tehran, from the durable goods basket, without the household's name or national ID; the
 * receipt's verification code checks on /verify/:code. The charity's forms refuse a malformed amount
 * and a missing choice before sending, in Persian. No serious accessibility violation on the
 * donor's page on a phone or a desktop.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { registerFamily, type Family } from '../support/fixtures.js';
import { DESKTOP, PHONE, launch, looked, settle, startMizan, type Mizan } from './support.js';

const fa = (await import('../../web/src/i18n/fa.json', { with: { type: 'json' } })).default;

describe('browser: donations (Iran, Persian)', () => {
  let m: Mizan;
  let browser: Browser;
  let household: Family;

  const call = async (method: string, url: string, body?: unknown, token = m.world.charities[0]!.admin.token) => {
    const res = await m.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  /** Signs in through the sign-in page's "I want to donate" entry and the development identity provider. */
  const signInAs = async (nationalId: string, donor: boolean, viewport = PHONE): Promise<Page> => {
    const context = await browser.newContext({ viewport, baseURL: m.base, locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto('/');
    await settle(page);
    await page.locator(donor ? 'a[href^="/auth/login?as=donor"]' : 'a[href^="/auth/login"]:not([href*="as=donor"])').first().click();
    await page.locator('#national-id').fill(nationalId);
    await page.locator('#sign-in-typed').click();
    await page.waitForURL((u) => u.origin === m.base && !u.pathname.startsWith('/auth') && !u.pathname.startsWith('/idp'));
    await settle(page);
    return page;
  };

  before(async () => {
    m = await startMizan({ country: 'IR' });
    browser = await launch();
    const A = m.world.charities[0]!;
    household = await registerFamily(m.t.database.db, m.t.dep, m.world, A.caseworker.actor, 'IR-23-TEHRAN');
    await call('POST', '/api/v1/funds/books');
    await call('POST', '/api/v1/funds/warehouses', { name: 'انبار مرکزی', regionCode: 'IR-23' });
    await m.t.database.db.updateTable('users').set({ locale: 'fa' }).execute();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('a donor gives; the charity receives and gives a refrigerator; the donor sees what it became, never who', async () => {
    const A = m.world.charities[0]!;
    const donorId = m.world.nextId('1970-02-02');
    const donor = await signInAs(donorId, true);
    assert.equal(new URL(donor.url()).pathname, '/donor');
    assert.equal(await donor.locator('html').getAttribute('lang'), 'fa');
    assert.equal(await donor.locator('html').getAttribute('dir'), 'rtl');

    const give = async (fill: () => Promise<void>) => {
      await donor.selectOption('#give-charity', { label: A.name });
      await fill();
      await donor.getByRole('button', { name: fa.donor.give.review, exact: true }).click();
      const dialog = donor.locator('dialog.confirm-dialog');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), new RegExp(fa.donor.give.confirmNote.slice(0, 20)));
      await dialog.getByRole('button', { name: fa.donor.give.confirm, exact: true }).click();
      await donor.getByText(fa.donor.give.done).waitFor();
    };
    await give(async () => {
      await donor.locator('#give-form-in_kind').check();
      await donor.selectOption('#give-item-0', 'refrigerator');
      await donor.fill('#give-quantity-0', '۵');
      await donor.fill('#give-value-0', '200000000');
    });
    await give(async () => {
      await donor.locator('#give-form-cash').check();
      await donor.fill('#give-amount', '5000000');
      await donor.fill('#give-reference', 'TX-4711');
      await donor.selectOption('#give-restriction-kind', 'basket');
      await donor.selectOption('#give-restriction-code', 'education');
    });
    await donor.locator('li.gift[data-status="pledged"]').nth(1).waitFor();

    // The charity's admin receives both on its donations page: the refrigerators into its warehouse.
    const charity = await signInAs(A.admin.nationalId, false, DESKTOP);
    await charity.goto('/charity/donations');
    await settle(charity);
    const pledges = charity.locator('li.pledge');
    await pledges.nth(1).waitFor();
    const inKind = charity.locator('li.pledge', { has: charity.locator('select') });
    await inKind.locator('select').selectOption({ label: 'انبار مرکزی' });
    await inKind.getByRole('button', { name: fa.donations.pledges.receive, exact: true }).click();
    await charity.waitForFunction(() => document.querySelectorAll('li.pledge').length === 1 || document.querySelector('li.pledge [role="alert"]'));
    assert.equal(await charity.locator('li.pledge [role="alert"]').count(), 0, await charity.locator('main').innerText());
    await charity.locator('li.pledge').getByRole('button', { name: fa.donations.pledges.receive, exact: true }).click();
    await charity.getByText(fa.donations.pledges.none).waitFor();
    await charity.locator('tr[data-item="refrigerator"]').waitFor();
    assert.match(await charity.locator('tr[data-item="refrigerator"]').innerText(), /۵/);
    // The charity's forms check before sending, and say why in Persian.
    await charity.fill('#record-amount', '12.5555');
    await charity.locator('form[aria-labelledby="record-title"]').getByRole('button', { name: fa.donations.record.submit, exact: true }).click();
    assert.equal((await charity.locator('#record-donor-error').innerText()).trim(), fa.donations.errors.donor);
    assert.match(await charity.locator('#record-amount-error').innerText(), /اعشار/);
    await charity.fill('#move-amount', 'ده');
    await charity.locator('form[aria-labelledby="move-title"]').getByRole('button', { name: fa.donations.move.transfer, exact: true }).click();
    assert.equal((await charity.locator('#move-to-org-error').innerText()).trim(), fa.donations.errors.toCharity);
    assert.match(await charity.locator('#move-amount-error').innerText(), /فقط با رقم/);
    await charity.context().close();

    // A refrigerator to the household in Tehran, funded by the donor's refrigerators.
    await call('POST', '/api/v1/grants', { householdId: household.householdId, aidTypeCode: 'refrigerator', quantity: 1 }, A.caseworker.token);

    await donor.goto('/donor');
    await settle(donor);
    const fridges = donor.locator('li.gift', { has: donor.locator('li.service') });
    await fridges.waitFor();
    const text = await donor.locator('main').innerText();
    assert.match(text, /۱ از ۵ یخچال داده شد · تهران · کالای بادوام \(غیرنقدی\)/, text);
    for (const member of household.members) {
      assert.ok(!text.includes(member.fullName), 'no household name on the donor page');
      assert.ok(!text.includes(member.nationalId), 'no national ID on the donor page');
    }
    const html = await donor.content();
    assert.ok(!html.includes(household.members[0]!.nationalId) && !html.includes(household.members[0]!.fullName));
    assert.equal(await donor.locator(`a[href$="/receipt?lang=fa"]`).count(), 2);
    await looked(donor, 'donor-home', 'fa', PHONE.width);
    await donor.setViewportSize(DESKTOP);
    await looked(donor, 'donor-home', 'fa', DESKTOP.width);

    // The receipt's verification code checks publicly.
    const code = (await fridges.locator('.verification-code').innerText()).trim();
    await donor.goto(`/verify/${code}`);
    await settle(donor);
    await donor.getByText(fa.verify.valid).waitFor();
    assert.match(await donor.locator('.receipt-check').innerText(), new RegExp(`${A.name}[\\s\\S]*یخچال[\\s\\S]*${fa.verify.anonymous}`));
  });
});
