/**
 * Sign-in end to end through the built-in OpenID Connect provider, on a real listening server,
 * with a real HTTP client that follows every redirect and keeps cookies like a browser:
 * /auth/login → /idp (authorization request with PKCE, state, nonce) → the national-ID page →
 * /idp resumes → /auth/callback (code exchange) → session cookies → the API as that person.
 * Also: a registered non-resident and an unknown national ID are refused with a clear page;
 * staff sign in to their organisation; CSRF is required on cookie writes; logout and rotation end
 * sessions; every sign-in and refusal is audited, without the national ID.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync } from 'node:fs';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { buildApp, type App } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { CookieBrowser } from '../support/cookie-browser.js';

/** The test's browser (test/support/cookie-browser.ts), signing in from Mizan's own start page. */
class Browser extends CookieBrowser {
  /** Signs in as the given national ID through the provider's page, as a person would. */
  async signIn(nationalId: string, residency: string, returnTo = '/welcome', lang = 'en&keepLang=false') {
    const page = await this.request('GET', `/auth/login?returnTo=${encodeURIComponent(returnTo)}&lang=${lang}`);
    assert.equal(page.status, 200, page.hops.join(', '));
    assert.match(page.url.pathname, /^\/idp\/interaction\//, 'the provider shows its sign-in page');
    const action = /<form method="post" action="([^"]+)" id="typed-id">/.exec(page.text)?.[1];
    assert.ok(action, 'the page offers a national-ID form');
    return this.request('POST', action, { body: new URLSearchParams({ nationalId, residency }).toString() });
  }
}

for (const engine of engines()) {
  describe(`sign-in through the built-in national identity provider (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let app: App;
    let base: string;
    let fam: Family;
    let abroad: Family;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      abroad = await registerFamily(t.database.db, t.dep, w, w.charities[1]!.caseworker.actor);
      mkdirSync('test-output/logs', { recursive: true });
      const log = createWriteStream(`test-output/logs/identity-signin-${engine}-${process.pid}.log`);
      app = await buildApp({ db: t.database.db, deployment: t.dep, logger: loggerOptions('info', log), env: {} });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address() as { port: number };
      base = `http://127.0.0.1:${addr.port}`;
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    test('an applicant signs in (code + PKCE), gets an account, a session and their own household', async () => {
      const b = new Browser(base);
      const head = fam.members[0]!;
      const done = await b.signIn(head.nationalId, 'KW', '/welcome');
      assert.ok(done.hops.some((h) => h.startsWith('GET /auth/callback → 303')), done.hops.join(', '));
      assert.equal(done.url.pathname, '/welcome', 'back where the sign-in started');
      const session = b.cookies.get('mizan_session')!;
      assert.ok(session, 'a session cookie');
      assert.match(session.attrs, /HttpOnly/i);
      assert.match(session.attrs, /SameSite=Lax/i);
      assert.equal(session.path, '/');
      assert.ok(b.cookies.get('mizan_csrf'), 'a readable CSRF cookie');
      assert.doesNotMatch(b.cookies.get('mizan_csrf')!.attrs, /HttpOnly/i);
      assert.equal(b.cookies.has('mizan_login'), false, 'the sign-in state cookie is cleared');

      const me = await b.request('GET', '/api/v1/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json().role, 'applicant');
      assert.equal(me.json().nationalId, head.nationalId);
      assert.equal(me.json().displayName, head.fullName);
      const household = await b.request('GET', '/api/v1/me/household');
      assert.equal(household.status, 200);
      assert.equal(household.json().id, fam.householdId);
      assert.equal(household.json().members.length, 3);

      // Only a hash of the session token is stored.
      const rows = await t.database.db.selectFrom('sessions').select(['token_hash']).execute();
      assert.ok(rows.length > 0 && rows.every((r) => !Buffer.from(r.token_hash).equals(Buffer.from(session.value)) && Buffer.from(r.token_hash).length === 32));
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_user', 'details']).where('action', 'in', ['auth.sign_in', 'account.create']).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['account.create', 'auth.sign_in']);
      assert.ok(audit.every((a) => !JSON.stringify(a.details).includes(head.nationalId)));
    });

    test('cookie-authenticated writes need the CSRF header; a second sign-in rotates the session; logout ends it', async () => {
      const b = new Browser(base);
      await b.signIn(fam.members[1]!.nationalId, 'KW');
      const csrf = b.cookies.get('mizan_csrf')!.value;
      const json = { 'content-type': 'application/json' };
      const noHeader = await b.request('PATCH', '/api/v1/me', { body: JSON.stringify({ locale: 'en' }), headers: json });
      assert.equal(noHeader.status, 403);
      assert.equal(noHeader.json().type, '/problems/csrf');
      const wrong = await b.request('PATCH', '/api/v1/me', { body: JSON.stringify({ locale: 'en' }), headers: { ...json, 'x-csrf-token': 'x' + csrf } });
      assert.equal(wrong.status, 403);
      const ok = await b.request('PATCH', '/api/v1/me', { body: JSON.stringify({ locale: 'en' }), headers: { ...json, 'x-csrf-token': csrf } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await b.request('GET', '/api/v1/me')).json().locale, 'en', 'the language is kept per user');

      const first = b.cookies.get('mizan_session')!.value;
      const again = await b.signIn(fam.members[1]!.nationalId, 'KW');
      assert.equal(again.url.pathname, '/welcome', again.hops.join(', ') + again.text.slice(0, 300));
      const second = b.cookies.get('mizan_session')!.value;
      assert.notEqual(second, first, 'a new session on every sign-in');
      const stale = new Browser(base);
      stale.cookies.set('mizan_session', { value: first, path: '/', attrs: '' });
      assert.equal((await stale.request('GET', '/api/v1/me')).status, 401, 'the previous session was revoked');

      const out = await b.request('POST', '/auth/logout', { headers: { 'x-csrf-token': b.cookies.get('mizan_csrf')!.value } });
      assert.equal(out.status, 204);
      assert.equal(b.cookies.has('mizan_session'), false);
      const replay = new Browser(base);
      replay.cookies.set('mizan_session', { value: second, path: '/', attrs: '' });
      assert.equal((await replay.request('GET', '/api/v1/me')).status, 401, 'a logged-out session is dead server-side too');
    });

    test('staff sign in to their organisation', async () => {
      const b = new Browser(base);
      await b.signIn(w.charities[1]!.caseworker.nationalId, 'KW');
      const me = (await b.request('GET', '/api/v1/me')).json();
      assert.equal(me.role, 'caseworker');
      assert.equal(me.orgId, w.charities[1]!.id);
      assert.equal(me.orgKind, 'charity');
    });

    test('a registered household member who is not resident is refused, with a clear page', async () => {
      const b = new Browser(base);
      const res = await b.signIn(abroad.members[0]!.nationalId, '');
      assert.equal(res.status, 403);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.text, /Sign-in refused/);
      assert.match(res.text, /present in the country/);
      assert.equal(b.cookies.has('mizan_session'), false);
      const n = await t.database.db.selectFrom('users').select('id').where('national_id', '=', abroad.members[0]!.nationalId).execute();
      assert.equal(n.length, 0, 'no account is created');
    });

    test('an unknown national ID is refused, with a clear page and as a problem to API clients', async () => {
      const unknown = w.nextId('1990-01-01');
      const b = new Browser(base);
      const res = await b.signIn(unknown, 'KW');
      assert.equal(res.status, 403);
      assert.match(res.text, /neither a staff account nor a member of a registered household/);
      assert.equal(b.cookies.has('mizan_session'), false);
      const refused = await t.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'auth.sign_in.refused').execute();
      const reasons = refused.map((r) => (r.details as { reason: string }).reason).sort();
      assert.deepEqual(reasons, ['requirement-not-met', 'unknown-national-id']);
      assert.ok(refused.every((r) => !JSON.stringify(r.details).includes(unknown)));
    });

    test('in the language chosen before sign-in: the provider page and the refusal in Arabic, right to left; the language kept for the account', async () => {
      const b = new Browser(base);
      const page = await b.request('GET', `/auth/login?returnTo=%2F&lang=ar`);
      assert.match(page.text, /<html lang="ar" dir="rtl">/);
      assert.match(page.text, /رقم الهوية الوطنية/);
      const refused = await b.signIn(w.nextId('1991-02-02'), 'KW', '/', 'ar');
      assert.equal(refused.status, 403);
      assert.match(refused.text, /<html lang="ar" dir="rtl">/);
      assert.match(refused.text, /رُفض تسجيل الدخول/);
      assert.match(refused.text, /ليس لحساب موظف ولا لفرد من أسرة مسجلة/);
      const visitor = w.charities[1]!.visitor;
      await t.database.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', visitor.actor.userId).execute();
      const kept = new Browser(base);
      await kept.signIn(visitor.nationalId, 'KW', '/', 'fa&keepLang=true');
      const me = await kept.request('GET', '/api/v1/me', { headers: { accept: 'application/json' } });
      assert.equal(me.json().locale, 'fa', 'the language chosen just before sign-in is kept for the account');
      const untouched = new Browser(base);
      await untouched.signIn(visitor.nationalId, 'KW', '/', 'en');
      const again = await untouched.request('GET', '/api/v1/me', { headers: { accept: 'application/json' } });
      assert.equal(again.json().locale, 'fa', 'a language only shown, not chosen, leaves the account as it is');
    });

    test('a callback that this browser did not start is refused (state bound to the browser)', async () => {
      const victim = new Browser(base);
      const res = await victim.request('GET', '/auth/callback?code=abc&state=forged', { headers: { accept: 'application/json' } });
      assert.equal(res.status, 400);
      assert.equal(res.json().type, '/problems/sign-in-failed');
    });

    test('security headers: a content security policy that allows only the app itself, no framing', async () => {
      const res = await fetch(`${base}/api/docs/`, { redirect: 'follow' });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.status, 200, 'the API documentation still loads');
    });
  });
}
