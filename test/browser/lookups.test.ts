/**
 * The ministry's page of national-ID lookups per charity, in Arabic: reached from the ministry's
 * menu, it shows the day's counts in Arabic digits and flags the charity far above the others; no
 * serious accessibility violation, and no sideways scrolling on a phone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { findHouseholdByNationalId } from '../../src/modules/registry/registry.service.js';
import { PHONE, launch, screenshot, seriousViolations, signedIn, startMizan, type Mizan } from './support.js';

describe('browser: the ministry sees unusual lookup volumes', () => {
  let m: Mizan;
  let browser: Browser;
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    await sql`update deployment set settings = settings || '{"lookup_flag_minimum": 2, "lookup_flag_factor": 3}'::jsonb`.execute(db);
    const look = async (c: number, nationalId: string) => {
      const actor = m.world.charities[c]!.caseworker.actor;
      await inTx(db, actor, (trx) => findHouseholdByNationalId(trx, actor, m.t.dep, nationalId, 'aid-check', new Date()));
    };
    const ids = m.family.members.map((x) => x.nationalId);
    for (const id of [...ids, m.world.nextId('1990-01-01')]) await look(0, id); // charity A: 4, one of them found nobody
    await look(1, ids[0]!); // charity B: 1
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  test('from the menu to the table: counts in Arabic digits, charity A flagged against the others', async () => {
    const { page, go, context } = await signedIn(browser, m.base, { nationalId: m.world.supervisor.nationalId });
    await go('/ministry/charities');
    await page.locator('nav.app-nav a[href="/ministry/lookups"]').click();
    await page.waitForSelector('table tbody tr');
    assert.equal(await page.locator('h1#page-title').innerText(), 'الاستعلام بالرقم المدني حسب الجمعية');
    const a = page.locator('tbody tr', { hasText: m.world.charities[0]!.name });
    const cells = await a.locator('td').allInnerTexts();
    assert.deepEqual([cells[1], cells[2], cells[3]], ['٤', '٣', '١'], 'lookups, found somebody, found nobody');
    assert.equal(await a.getAttribute('data-flagged'), 'true');
    assert.match(await a.innerText(), /أعلى بكثير من الجمعيات الأخرى/);
    const b = page.locator('tbody tr', { hasText: m.world.charities[1]!.name });
    assert.equal(await b.getAttribute('data-flagged'), null);
    assert.match(await b.innerText(), /معتاد/);
    await screenshot(page, 'ministry-lookups-ar-desktop');
    assert.deepEqual(await seriousViolations(page), []);
    await page.setViewportSize(PHONE);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= PHONE.width + 1, `the page is ${scroll}px wide on a ${PHONE.width}-px phone`);
    await screenshot(page, 'ministry-lookups-ar-360');
    await context.close();
  });
});
