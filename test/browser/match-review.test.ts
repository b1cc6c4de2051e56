/**
 * The ministry reviews a pair of records that may be one person, in a real browser: the family's
 * head was registered again by another charity with "عبد الله" split and ى for ي and a national ID
 * mistyped in one serial digit; the sweep proposes the pair; a supervisor reads the two records side by side in
 * Arabic, Persian and English (what differs marked, what the score is made of), chooses the record
 * to keep, gives a reason and confirms the merge; the card goes, and the registry holds the merged
 * record pointing at the kept one with the grant moved. At a phone's width nothing overflows and axe
 * finds no serious violation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import type { Locale } from '../../src/db/schema.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { registerHousehold } from '../../src/modules/registry/registry.service.js';
import { matchingJobHandlers, startMatchSweep } from '../../src/modules/matching/match-sweep.js';
import { completeNationalId } from '../../src/shared/identity/national-id.js';
import { registeredSince } from '../support/fixtures.js';
import { DESKTOP, PHONE, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan } from './support.js';

const TITLE: Record<Locale, string> = { ar: 'سجلات قد تكون لشخص واحد', fa: 'پرونده‌هایی که شاید از یک نفر باشند', en: 'Records that may be one person' };

describe('browser: the ministry merges two records of one person', () => {
  let m: Mizan;
  let browser: Browser;
  let typoId = '';
  const problems: string[] = [];
  const db = () => m.t.database.db;

  before(async () => {
    m = await startMizan();
    browser = await launch();
    const dep = m.t.dep;
    const head = m.family.members[0]!;
    // A civil ID mistyped in one digit of its serial, with the check digit that fits.
    const body = head.nationalId.slice(0, -1);
    for (let i = body.length - 1; i >= 7 && !typoId; i--) {
      for (let d = 0; d <= 9 && !typoId; d++) {
        const x = completeNationalId(dep.idScheme, body.slice(0, i) + String(d) + body.slice(i + 1));
        if (x && x !== head.nationalId) typoId = x;
      }
    }
    assert.ok(typoId, 'a valid ID one serial digit away');
    // Charity B registers the head again, the name typed differently, and gives the household a food basket.
    const b = m.world.charities[1]!.caseworker.actor;
    const region = [...dep.regions.values()].find((r) => r.level === 1)!.code;
    const h = await inTx(db(), b, (trx) => registerHousehold(trx, b, dep, { regionCode: region, phone: '+96550001111', members: [{ nationalId: typoId, fullName: 'محمد عبد الله الكندرى', birthDate: head.birthDate, sex: 'M', relation: 'head', phone: '+96550001111' }] }));
    await registeredSince(db(), h.id, '2024-01-01T09:00:00Z');
    await inTx(db(), b, (trx) => grantAid(trx, b, dep, systemClock, { householdId: h.id, aidTypeCode: 'food-basket' }));
    const worker = new JobWorker(db(), { clock: systemClock, handlers: matchingJobHandlers() });
    await startMatchSweep(db(), new Date());
    await worker.runDue();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
    assert.deepEqual(problems, [], 'axe: no serious or critical violation');
  });

  test('the pair side by side in three languages; merged after a confirmation; the aid moves to the kept household', async () => {
    const supervisor = m.world.supervisor;
    const s = await signedIn(browser, m.base, supervisor);
    for (const lang of ['fa', 'en', 'ar'] as Locale[]) {
      await m.setLocale(supervisor.nationalId, lang);
      await s.go('/ministry/duplicates');
      await s.page.getByRole('heading', { name: TITLE[lang] }).waitFor();
      const card = s.page.locator('.match-card');
      await card.first().waitFor();
      assert.equal(await card.count(), 1, 'exactly the planted pair is proposed');
      // The national IDs, the names (as typed) and the households differ (marked); birth date, sex, phone and region agree.
      assert.equal(await card.locator('tr.differs', { hasText: typoId }).count(), 1, 'the mistyped ID is in a row marked as differing');
      assert.equal(await card.locator('tr.differs').count(), 3, (await card.locator('tr.differs th').allTextContents()).join(' | '));
      assert.ok((await card.locator('.match-evidence li.for').count()) >= 2, 'fields adding to the score are listed');
      for (const [label, viewport] of [['1280', DESKTOP], ['360', PHONE]] as const) {
        await s.page.setViewportSize(viewport);
        await settle(s.page);
        const over = await s.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(over <= 1, `${lang} at ${label}: ${over}px wider than the screen`);
        await screenshot(s.page, `${lang}-match-review-${label}`);
        problems.push(...(await seriousViolations(s.page)).map((v) => `${lang} ${label}: ${v}`));
      }
      await s.page.setViewportSize(DESKTOP);
    }
    // In Arabic: keep record 1 or 2, whichever is the original head, then merge.
    const card = s.page.locator('.match-card').first();
    const proposalId = (await card.getAttribute('data-proposal'))!;
    const p = await db().selectFrom('match_proposals').select(['person_a', 'person_b']).where('id', '=', proposalId).executeTakeFirstOrThrow();
    const original = await db().selectFrom('persons').select('id').where('national_id', '=', m.family.members[0]!.nationalId).executeTakeFirstOrThrow();
    const typo = await db().selectFrom('persons').select('id').where('national_id', '=', typoId).executeTakeFirstOrThrow();
    assert.deepEqual([p.person_a, p.person_b].sort(), [original.id, typo.id].sort());
    await card.getByRole('radio', { name: p.person_a === original.id ? 'السجل ١' : 'السجل ٢' }).check();
    await card.getByLabel('السبب (١٠ أحرف على الأقل)').fill('تحققنا من السجل المدني: الرقم الثاني خطأ في الإدخال');
    await card.getByRole('button', { name: 'الشخص نفسه: ادمج' }).click();
    const dialog = s.page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    assert.ok(((await dialog.textContent()) ?? '').includes(typoId), 'the confirmation names the record merged');
    problems.push(...(await seriousViolations(s.page)).map((v) => `ar confirm: ${v}`));
    await dialog.getByRole('button', { name: 'الشخص نفسه: ادمج' }).click();
    await s.page.locator('.state.empty').waitFor();
    const merged = await db().selectFrom('persons').select(['merged_into']).where('id', '=', typo.id).executeTakeFirstOrThrow();
    assert.equal(merged.merged_into, original.id);
    // The food basket given to the household registered again (its only member was the merged record) is now the kept household's.
    const grants = await db().selectFrom('grants').select(['household_id']).where('aid_type_code', '=', 'food-basket').execute();
    assert.deepEqual(grants.map((g) => g.household_id), [m.family.householdId]);
    const status = await db().selectFrom('match_proposals').select('status').where('id', '=', proposalId).executeTakeFirstOrThrow();
    assert.equal(status.status, 'same');
    await s.context.close();
  });
});
