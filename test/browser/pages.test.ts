/**
 * Every main page in Arabic, Persian and English, at a 360-px phone and at desktop width:
 * a screenshot of each into test-output/screenshots/ (for a reviewer), the document language and
 * direction, nothing wider than the phone's screen, and an axe-core check with no serious or
 * critical violation. Also: the keyboard reaches the content with a visible focus.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import type { Locale } from '../../src/db/schema.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';
import { claimRequest } from '../../src/modules/requests/claim-request.js';
import { approveRequest, rejectRequest } from '../../src/modules/requests/decide-request.js';
import { assessRequest } from '../../src/modules/requests/assess-request.js';
import { requestJobHandlers } from '../../src/modules/requests/deadline.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { createCharity } from '../../src/modules/registry/registry.service.js';
import { identityRepository } from '../../src/modules/identity/identity.repository.js';
import { registerFamily } from '../support/fixtures.js';
import { DESKTOP, PHONE, launch, screenshot, seriousViolations, settle, signedIn, startMizan, type Mizan } from './support.js';

interface MainPage {
  name: string;
  path: string;
  /** A selector that shows the page has its data (not only a loading state). */
  ready: string;
}

const LANGS: Locale[] = ['ar', 'fa', 'en'];

describe('browser: every main page in three languages, phone and desktop', () => {
  let m: Mizan;
  let browser: Browser;
  let caseId = '';
  before(async () => {
    m = await startMizan();
    browser = await launch();
    const db = m.t.database.db;
    const dep = m.t.dep;
    const a = m.world.charities[0]!;
    const b = m.world.charities[1]!;
    const now = () => new Date();
    const as = <T>(actor: Actor, fn: Parameters<typeof inTx<T>>[2]) => inTx<T>(db, actor, fn);
    const head = m.family.members[0]!.nationalId;
    const submit = (actor: Actor, nationalId: string, aidTypeCode: string, extra: { amount?: string } = {}) =>
      as(actor, (trx) => submitRequest(trx, actor, dep, systemClock, { beneficiaryNationalId: nationalId, aidTypeCode, justification: 'الأسرة بحاجة إلى هذه المساعدة', ...extra }));

    // The head of the family has signed in before (an applicant account), so decisions reach them as messages.
    await inTx(db, SYSTEM_ACTOR, (trx) => identityRepository.insertApplicant(trx, { nationalId: head, displayName: m.family.members[0]!.fullName, phone: null, locale: 'ar' }));
    // The applicant's household: one request being studied by charity A, one rejected with a reason, one approved.
    const studied = await submit(a.caseworker.actor, head, 'food-basket');
    const rejected = await submit(a.caseworker.actor, head, 'rent-assistance', { amount: '150.500' });
    const approved = await submit(a.caseworker.actor, head, 'washing-machine');
    for (const r of [studied, rejected, approved]) await as(a.caseworker.actor, (trx) => claimRequest(trx, a.caseworker.actor, r.id, now()));
    await as(a.caseworker.actor, (trx) => rejectRequest(trx, a.caseworker.actor, rejected.id, 'عقد الإيجار المقدم منتهي الصلاحية', now()));
    await as(a.caseworker.actor, (trx) => approveRequest(trx, a.caseworker.actor, dep, systemClock, approved.id, {}));
    await as(a.caseworker.actor, (trx) => assessRequest(trx, a.caseworker.actor, studied.id, { notes: 'زيارة منزلية: الثلاجة فارغة', documents: ['شهادة راتب'] }, now()));
    caseId = studied.id;

    // The pool: other families' open requests.
    const regions = [...dep.regions.values()].filter((r) => r.level === 1).map((r) => r.code);
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await registerFamily(db, dep, m.world, a.caseworker.actor, regions[(i + 1) % regions.length]));
    await submit(a.caseworker.actor, others[0]!.members[0]!.nationalId, 'refrigerator');
    await submit(a.caseworker.actor, others[1]!.members[0]!.nationalId, 'living-allowance', { amount: '120' });
    await submit(a.caseworker.actor, others[2]!.members[1]!.nationalId, 'medical-aid', { amount: '75.250' });

    // One request charity B let lapse: escalated to the ministry.
    const lapsed = await submit(a.caseworker.actor, others[2]!.members[0]!.nationalId, 'vocational-training');
    await as(b.caseworker.actor, (trx) => claimRequest(trx, b.caseworker.actor, lapsed.id, now()));
    await inTx(db, SYSTEM_ACTOR, (trx) => requestJobHandlers(dep)['request.escalate']!(trx, { payload: { requestId: lapsed.id, round: 0 } } as never, { now: now() }));

    // A charity waiting for the ministry's approval.
    await as(m.world.ministryAdmin.actor, (trx) => createCharity(trx, m.world.ministryAdmin.actor, dep, { name: 'جمعية النور الخيرية', aidTypes: ['food-basket'], regions: regions.slice(0, 2) }, 'pending'));
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  const people = () => [
    {
      who: 'applicant',
      nationalId: m.applicant.nationalId,
      pages: [
        { name: 'household', path: '/me', ready: '.request-card' },
        { name: 'new-request', path: '/me/requests/new', ready: 'form select' },
        { name: 'access-log', path: '/me/access', ready: 'table' },
        { name: 'declaration', path: '/me/declaration', ready: '.declaration-form, .declaration-versions' },
        { name: 'messages', path: '/notifications', ready: '.notice' },
      ],
    },
    {
      who: 'caseworker',
      nationalId: m.world.charities[0]!.caseworker.nationalId,
      pages: [
        { name: 'pool', path: '/charity/pool', ready: '.pool-item' },
        { name: 'queue', path: '/charity/queue', ready: '.queue-item' },
        { name: 'case', path: `/charity/requests/${caseId}`, ready: '#approve-title' },
        { name: 'give-aid', path: '/charity/give', ready: 'form select' },
        { name: 'imports', path: '/charity/imports', ready: 'form[aria-labelledby="upload-title"] input[type="file"]' },
        { name: 'charity-priority', path: '/charity/priority', ready: '.priority-item' },
      ],
    },
    { who: 'charity-admin', nationalId: m.world.charities[0]!.admin.nationalId, pages: [{ name: 'staff', path: '/charity/staff', ready: 'table' }] },
    {
      who: 'ministry',
      nationalId: m.world.ministryAdmin.nationalId,
      pages: [
        { name: 'charities', path: '/ministry/charities', ready: '.org-card' },
        { name: 'catalogue', path: '/ministry/catalogue', ready: '.policy' },
        { name: 'escalated', path: '/ministry/escalated', ready: '.card' },
        { name: 'exceptions', path: '/ministry/exceptions', ready: '.state.empty, .exception-card' },
        { name: 'sla', path: '/ministry/sla', ready: 'table' },
        { name: 'audit', path: '/ministry/audit', ready: '.audit-entry' },
        { name: 'sms', path: '/ministry/sms', ready: '.state.empty, dl.facts' },
        { name: 'need-model', path: '/ministry/need-model', ready: '#nm-weights' },
        { name: 'ministry-priority', path: '/ministry/priority', ready: '.priority-item' },
      ],
    },
  ];

  /** Shows a page at both widths: screenshots, direction, no sideways scrolling on the phone, axe. */
  async function check(page: Page, lang: Locale, p: MainPage, problems: string[]) {
    const dir = lang === 'en' ? 'ltr' : 'rtl';
    for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(p.path);
      await settle(page);
      await page.waitForSelector(p.ready, { timeout: 45_000 });
      const doc = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, scroll: document.documentElement.scrollWidth }));
      assert.deepEqual({ lang: doc.lang, dir: doc.dir }, { lang, dir }, `${p.name} ${width}`);
      if (width === 'phone') assert.ok(doc.scroll <= PHONE.width + 1, `${p.name} in ${lang} is ${doc.scroll}px wide on a ${PHONE.width}-px phone`);
      await screenshot(page, `${lang}-${p.name}-${width === 'phone' ? 360 : 1280}`);
      if (width === 'desktop' || lang === 'ar') problems.push(...(await seriousViolations(page)).map((v) => `${lang} ${p.name} ${width}: ${v}`));
    }
  }

  for (const lang of LANGS) {
    test(`main pages in ${lang}`, async () => {
      for (const person of people()) await m.setLocale(person.nationalId, lang);
      const problems: string[] = [];

      // The sign-in page, before anyone signs in (its language is the browser's choice).
      const context = await browser.newContext({ baseURL: m.base, viewport: DESKTOP });
      const anon = await context.newPage();
      await anon.addInitScript((l) => localStorage.setItem('mizan.locale', l), lang);
      await check(anon, lang, { name: 'sign-in', path: '/', ready: 'a[href^="/auth/login"]' }, problems);
      await check(anon, lang, { name: 'invitation-unknown', path: '/i/an-unknown-invitation-token', ready: '.invitation' }, problems);
      await context.close();

      for (const person of people()) {
        const s = await signedIn(browser, m.base, person);
        for (const p of person.pages) await check(s.page, lang, p, problems);
        await s.context.close();
      }
      assert.deepEqual(problems, [], `axe found serious or critical violations:\n${problems.join('\n')}`);
    });
  }

  test('the ministry reassigns an escalated request to a ranked charity, approves a charity and changes a policy, with no reload', async () => {
    await m.setLocale(m.world.ministryAdmin.nationalId, 'en');
    const s = await signedIn(browser, m.base, m.world.ministryAdmin);
    await s.go('/ministry/escalated');
    await s.page.getByRole('button', { name: 'Suggested charities' }).click();
    const first = s.page.locator('.ranked li').first();
    await first.waitFor();
    // Charity B let it lapse: it is never suggested; charity A is.
    assert.equal(await s.page.locator('.ranked li', { hasText: m.world.charities[1]!.name }).count(), 0);
    assert.match((await first.textContent()) ?? '', new RegExp(m.world.charities[0]!.name));
    await first.getByRole('button', { name: `Reassign to ${m.world.charities[0]!.name}` }).click();
    await s.page.locator('dialog.confirm-dialog').getByRole('button', { name: `Reassign to ${m.world.charities[0]!.name}` }).click();
    await s.page.locator('.state.empty').waitFor();
    assert.equal(await s.page.locator('main .card').count(), 0);

    await s.page.getByRole('navigation').getByRole('link', { name: 'Charities' }).click();
    await settle(s.page);
    const pending = s.page.locator('.org-card', { hasText: 'جمعية النور الخيرية' });
    await pending.getByLabel('Reason for the decision').fill('Registration number checked');
    await pending.getByRole('button', { name: 'Approve جمعية النور الخيرية' }).click();
    await s.page.locator('dialog.confirm-dialog').getByRole('button', { name: 'Approve the charity' }).click();
    await s.page.locator('.state.empty').waitFor();
    await s.page.getByLabel('Show').selectOption('approved');
    await s.page.locator('.org-card', { hasText: 'جمعية النور الخيرية' }).waitFor();

    await s.page.getByRole('navigation').getByRole('link', { name: 'Aid catalogue' }).click();
    await settle(s.page);
    const rent = s.page.locator('.cards > li', { has: s.page.getByRole('heading', { name: 'Rent assistance', exact: true }) });
    await rent.getByLabel('Days').fill('');
    await rent.getByRole('button', { name: 'Save the policy for Rent assistance' }).click();
    await rent.locator('.field-error').waitFor();
    await rent.getByLabel('Days').fill('400');
    await rent.getByRole('button', { name: 'Save the policy for Rent assistance' }).click();
    await rent.locator('.alert.success').waitFor();
    assert.match((await rent.textContent()) ?? '', /once every 400 days/);
    const g = await m.t.database.db.selectFrom('exclusivity_groups').select(['window_kind', 'window_days']).where('code', '=', 'rent').executeTakeFirstOrThrow();
    assert.deepEqual(g, { window_kind: 'days', window_days: 400 });
    await s.context.close();
  });

  test('a charity saves its study, releases the claim back to the pool, and its admin manages staff', async () => {
    const cw = m.world.charities[0]!.caseworker;
    await m.setLocale(cw.nationalId, 'en');
    const s = await signedIn(browser, m.base, cw);
    await s.go(`/charity/requests/${caseId}`);
    await s.page.getByLabel('Notes').fill('Home visit on Sunday: the kitchen is bare.');
    await s.page.getByRole('button', { name: 'Save the study' }).click();
    await s.page.getByText('The study was saved.').waitFor();
    await s.page.getByLabel('Reason for releasing').fill('no');
    await s.page.getByRole('button', { name: 'Release', exact: true }).click();
    await s.page.locator('.has-error .field-error').waitFor();
    await s.page.getByLabel('Reason for releasing').fill('We cannot deliver food baskets this month');
    await s.page.getByRole('button', { name: 'Release', exact: true }).click();
    await s.page.waitForFunction(() => location.pathname === '/charity/queue');
    await settle(s.page);
    // The request reassigned by the ministry stays; the released one is gone.
    await s.page.locator('.queue-item').first().waitFor();
    assert.equal(await s.page.locator(`.queue-item a[href="/charity/requests/${caseId}"]`).count(), 0);
    // The request the ministry gave us: rejected with a reason the applicant will read.
    await s.page.locator('.queue-item a').first().click();
    await settle(s.page);
    await s.page.getByLabel('Reason (shown to the applicant)').fill('The training course is full until next year');
    await s.page.getByRole('button', { name: 'Reject the request' }).click();
    await s.page.locator('p.reason', { hasText: 'The training course is full until next year' }).waitFor();
    assert.equal(await s.page.locator('.card .badge').first().textContent(), 'Rejected');
    await s.page.getByRole('navigation').getByRole('link', { name: 'My queue' }).click();
    await settle(s.page);
    await s.page.locator('.state.empty').waitFor();
    await s.page.getByRole('navigation').getByRole('link', { name: 'Request pool' }).click();
    await settle(s.page);
    await s.page.locator(`.pool-item[data-request="${caseId}"]`).waitFor();
    await s.context.close();

    const admin = m.world.charities[0]!.admin;
    await m.setLocale(admin.nationalId, 'en');
    const a = await signedIn(browser, m.base, admin);
    await a.go('/charity/staff');
    await a.page.getByLabel('Name').fill('S');
    await a.page.getByRole('button', { name: 'Add', exact: true }).click();
    await a.page.locator('.has-error .field-error').waitFor();
    await a.page.getByLabel('Name').fill('Salma Al-Mutairi');
    await a.page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = a.page.locator('tbody tr', { hasText: 'Salma Al-Mutairi' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Turn off access for Salma Al-Mutairi' }).click();
    await row.getByText('Turned off').waitFor();
    await a.context.close();
  });

  test('the applicant reads the messages about their requests; marking one read updates the count at once', async () => {
    await m.setLocale(m.applicant.nationalId, 'en');
    const s = await signedIn(browser, m.base, m.applicant);
    await s.go('/notifications');
    await s.page.locator('.notice.unread').first().waitFor();
    const before = await s.page.locator('.notice.unread').count();
    assert.ok(before >= 3, `claimed, approved and rejected: ${before} unread`);
    const nav = s.page.getByRole('navigation').getByRole('link', { name: /Messages/ });
    await s.page.waitForFunction((n) => document.querySelector('.app-nav .count')?.textContent === `${n} unread`, before);
    await s.page.locator('.notice.unread').first().getByRole('button', { name: 'Mark as read' }).click();
    await s.page.waitForFunction((n) => document.querySelector('.app-nav .count')?.textContent === `${n} unread`, before - 1);
    // The list changed in the same render as the count.
    assert.equal(await s.page.locator('.notice.unread').count(), before - 1);
    assert.match((await nav.textContent()) ?? '', new RegExp(`${before - 1} unread`));
    await s.context.close();
  });

  test('the accessibility check itself finds a violation when there is one', async () => {
    const context = await browser.newContext({ baseURL: m.base });
    const page = await context.newPage();
    await page.goto('/');
    await settle(page);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      document.querySelector('main')!.append(input);
    });
    const found = await seriousViolations(page);
    assert.ok(found.some((v) => v.startsWith('label')), found.join('\n'));
    await context.close();
  });

  test('the keyboard reaches everything, with a visible focus', async () => {
    await m.setLocale(m.applicant.nationalId, 'ar');
    const s = await signedIn(browser, m.base, m.applicant);
    await s.go('/me');
    const rejected = s.page.locator('.request-card[data-status="rejected"]');
    assert.match((await rejected.textContent()) ?? '', /سبب الرفض:\s*عقد الإيجار المقدم منتهي الصلاحية/);
    await s.go('/me/requests/new');
    await s.page.waitForSelector('form select');
    await s.page.keyboard.press('Tab');
    const skip = await s.page.evaluate(() => ({ cls: document.activeElement?.className, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    assert.equal(skip.cls, 'skip-link');
    assert.notEqual(skip.outline, 'none', 'the focused element shows a focus outline');
    // Tab on to the aid type, choose with the arrow keys, write the reason and send with Enter: no mouse.
    for (let i = 0; i < 20; i++) {
      await s.page.keyboard.press('Tab');
      if (await s.page.evaluate(() => document.activeElement?.tagName === 'SELECT' && document.activeElement.id !== 'lang-select')) break;
    }
    const focused = await s.page.evaluate(() => ({ tag: document.activeElement?.tagName, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    assert.equal(focused.tag, 'SELECT');
    assert.notEqual(focused.outline, 'none');
    await s.page.keyboard.press('ArrowDown');
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 10; i++) {
        await s.page.keyboard.press('Tab');
        if (await s.page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
      }
      assert.fail(`Tab never reached ${selector}`);
    };
    await tabTo('textarea');
    await s.page.keyboard.type('نحتاج هذه المساعدة لأن دخل الأسرة انقطع');
    await tabTo('button[type=submit]');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => location.pathname === '/me');
    await s.page.locator('.alert.success').waitFor();
    await s.context.close();
  });
});
