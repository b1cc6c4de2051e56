/**
 * Browser tests: a real Mizan server (the same buildApp as `mizan serve`, serving the built web app
 * from dist/web) on an ephemeral port on 127.0.0.1, over a fresh embedded database with a small
 * world, and Debian's Chromium driven by playwright-core.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildApp, type App } from '../../src/http/app.js';
import { systemClock } from '../../src/kernel/clock.js';
import type { Locale } from '../../src/db/schema.js';
import { freshDatabase, type TestDb } from '../support/db.js';
import type { Country } from '../../src/deployments/profiles.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist/web/index.html');
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');

function newestMtime(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/** Builds the web app once when dist/web is missing (or older than its sources); concurrent test files wait for one build. */
export async function ensureWebBuild(): Promise<void> {
  const stale = () => !existsSync(DIST) || statSync(DIST).mtimeMs < newestMtime(join(ROOT, 'web'));
  if (!stale()) return;
  const lock = join(ROOT, 'dist/.web-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch {
    /* another test file is building */
  }
  if (mine) {
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('The web app did not build (vite build failed).');
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
  for (let i = 0; i < 240 && existsSync(lock); i++) await new Promise((r) => setTimeout(r, 500));
  if (!existsSync(DIST)) throw new Error('The web app was not built.');
}

export interface Mizan {
  t: TestDb;
  app: App;
  base: string;
  world: World;
  family: Family;
  /** The head of the family signs in as an applicant with their national ID. */
  applicant: { nationalId: string };
  close(): Promise<void>;
  /** The language kept for the account of this national ID (as PATCH /api/v1/me does). */
  setLocale(nationalId: string, locale: Locale): Promise<void>;
}

/** A server (Kuwait unless a country is asked for) with the ministry, two charities (A and B) with staff, and one registered family. */
export async function startMizan(opts: { country?: Country } = {}): Promise<Mizan> {
  await ensureWebBuild();
  const t = await freshDatabase('pglite', opts.country ? { country: opts.country } : {});
  const db = t.database.db;
  const world = await makeWorld(db, t.dep, { charities: 2, seed: 11 });
  const family = await registerFamily(db, t.dep, world, world.charities[0]!.caseworker.actor);
  // Staff read the app in Arabic unless a test says otherwise.
  await db.updateTable('users').set({ locale: 'ar' }).execute();
  // The built-in identity provider (no OIDC_* from the environment); sign-in is not rate limited here.
  const app = await buildApp({ db, deployment: t.dep, clock: systemClock, logger: false, env: {}, rateLimits: { signIn: 100_000, sensitive: 100_000, user: 100_000, organisation: 100_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    t,
    app,
    base: `http://127.0.0.1:${port}`,
    world,
    family,
    applicant: { nationalId: family.members[0]!.nationalId },
    async setLocale(nationalId, locale) {
      await db.updateTable('users').set({ locale }).where('national_id', '=', nationalId).execute();
    },
    async close() {
      await app.close();
      await t.close();
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * A browser tab signed in through the real sign-in: the app's "Sign in with national ID" button →
 * /auth/login → the development identity provider's page, where the national ID is typed →
 * /auth/callback sets the session cookies → back to the address asked for.
 */
export async function signedIn(browser: Browser, base: string, who: { nationalId: string }, viewport = DESKTOP, path = '/'): Promise<{ context: BrowserContext; page: Page; go(path: string): Promise<void> }> {
  const context = await browser.newContext({ viewport, baseURL: base });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(path);
  await settle(page);
  await page.locator('a[href^="/auth/login"]:not([href*="as=donor"])').click();
  // By id: the provider's page is in the visitor's language.
  await page.locator('#national-id').fill(who.nationalId);
  await page.locator('#sign-in-typed').click();
  await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/auth') && !u.pathname.startsWith('/idp'));
  await settle(page);
  const cookies = await context.cookies();
  if (!cookies.some((c) => c.name === 'mizan_session')) throw new Error('Sign-in set no session cookie.');
  return {
    context,
    page,
    async go(to: string) {
      await page.goto(to);
      await settle(page);
      if (errors.length) throw new Error(`The page failed: ${errors.join('; ')}`);
    },
  };
}

/** Waits until the app has rendered a page heading and nothing is loading. */
export async function settle(page: Page): Promise<void> {
  try {
    await page.waitForSelector('h1#page-title', { timeout: 45_000 });
    await page.waitForFunction(() => !document.querySelector('.state.loading'), undefined, { timeout: 45_000 });
  } catch (e) {
    const body = await page.evaluate(() => document.body?.innerText.slice(0, 500)).catch(() => '');
    throw new Error(`${page.url()} did not finish rendering: ${(e as Error).message.split('\n')[0]} — the page shows: ${body}`);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core: the serious and critical violations on the page (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export const ARABIC_DIGIT = /[\u0660-\u0669]/;
export const PERSIAN_DIGIT = /[\u06f0-\u06f9]/;
export const LATIN_DIGIT = /[0-9]/;

/** Switches the app's language with its own control and waits for the page to be read again. */
export async function inLanguage(page: Page, lang: Locale): Promise<void> {
  await page.selectOption('#lang-select', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await settle(page);
}

/** A new page looked at: its screenshot, no sideways scrolling, nothing serious or critical for axe. */
export async function looked(page: Page, name: string, lang: string, width: number): Promise<void> {
  await screenshot(page, `${name}-${lang}-${width}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${name} in ${lang} at ${width}px is ${overflow}px wider than the screen`);
  assert.deepEqual(await seriousViolations(page), [], `${name} in ${lang} at ${width}px`);
}

/** The words of the import page a test clicks, from a web catalogue (web/src/i18n/<lang>.json). */
export interface ImportWords {
  imports: { mapping: { start: string; confirmNote: string } };
}

/**
 * On an import's page: chooses each field's column, starts the import after its confirmation
 * (whose note is checked), and waits for the progress bar to reach the end and the report to show.
 */
export async function mapAndRunImport(page: Page, words: ImportWords, columns: Record<string, string>): Promise<void> {
  for (const [field, col] of Object.entries(columns)) await page.selectOption(`#map-${field}`, col);
  await page.getByRole('button', { name: words.imports.mapping.start, exact: true }).click();
  const dialog = page.locator('dialog.confirm-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(words.imports.mapping.confirmNote.slice(0, 20)));
  await dialog.getByRole('button', { name: words.imports.mapping.start, exact: true }).click();
  await page.getByRole('progressbar').waitFor();
  await page.locator('[role=progressbar][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
  await page.locator('.report-downloads').waitFor();
  await settle(page);
}

/** The file a link on the page downloads. */
export async function downloadOf(page: Page, linkName: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  return readFileSync((await file.path())!);
}
