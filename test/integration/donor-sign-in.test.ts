/**
 * Donors sign in through the national identity (the built-in OpenID Connect provider, a real
 * listening server, a browser that keeps cookies): /auth/login?as=donor gives the donor account of
 * that national ID, created on the first sign-in, never refused for being unknown, and distinct
 * from the same person's applicant or staff account. A donor sees their own account and nothing
 * of the registry: the permission table refuses the household routes, and row-level security
 * shows a donor's transaction no household, person or request (default deny).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync } from 'node:fs';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { buildApp, type App } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { inTx } from '../../src/kernel/transaction.js';
import type { Actor } from '../../src/kernel/actor.js';
import { CookieBrowser } from '../support/cookie-browser.js';

class Browser extends CookieBrowser {
  /** Signs in through the provider's national-ID page; `as` 'donor' starts the donor's sign-in. */
  async signIn(nationalId: string, opts: { as?: string; lang?: string } = {}) {
    const page = await this.request('GET', `/auth/login?returnTo=%2Fdonor&lang=${opts.lang ?? 'en'}${opts.as ? `&as=${opts.as}` : ''}`);
    assert.equal(page.status, 200, page.hops.join(', '));
    assert.match(page.url.pathname, /^\/idp\/interaction\//, 'the provider shows its sign-in page');
    const action = /<form method="post" action="([^"]+)" id="typed-id">/.exec(page.text)?.[1];
    assert.ok(action, 'the page offers a national-ID form');
    return this.request('POST', action, { body: new URLSearchParams({ nationalId, residency: 'KW' }).toString() });
  }
  async me() {
    const res = await this.request('GET', '/api/v1/me', { accept: 'application/json' });
    assert.equal(res.status, 200, res.text);
    return res.json() as { userId: string; role: string; orgId: string | null; orgKind: string | null; locale: string; displayName: string; nationalId?: string; permissions: string[] };
  }
}

for (const engine of engines()) {
  describe(`donors sign in through the national identity (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let app: App;
    let base: string;
    let fam: Family;

    const accountsOf = (nationalId: string) =>
      t.database.db.selectFrom('users').select(['id', 'role', 'org_id', 'locale', 'display_name']).where('national_id', '=', nationalId).orderBy('role').execute();
    const auditOf = (userId: string, action: string) => t.database.db.selectFrom('audit_log').select(['details', 'actor_role']).where('actor_user', '=', userId).where('action', '=', action).execute();

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 1 });
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      mkdirSync('test-output/logs', { recursive: true });
      const log = createWriteStream(`test-output/logs/donor-sign-in-${engine}-${process.pid}.log`);
      app = await buildApp({ db: t.database.db, deployment: t.dep, logger: loggerOptions('info', log), env: {} });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    test('a national ID Mizan does not know signs in as a donor: a donor account in the sign-in language, audited, and GET /me answers', async () => {
      const nationalId = w.nextId('1988-04-04');
      const b = new Browser(base);
      const done = await b.signIn(nationalId, { as: 'donor', lang: 'fa' });
      assert.ok(done.hops.some((h) => h.startsWith('GET /auth/callback → 303')), done.hops.join(', '));
      assert.equal(done.url.pathname, '/donor', 'back where the sign-in started');
      assert.ok(b.cookies.get('mizan_session'), 'a session');

      const me = await b.me();
      assert.equal(me.role, 'donor');
      assert.equal(me.orgId, null);
      assert.equal(me.orgKind, null);
      assert.equal(me.nationalId, nationalId);
      assert.equal(me.locale, 'fa', 'the language of the sign-in page');
      assert.equal(me.displayName, 'Donor', 'the provider gave no name: the neutral one');
      assert.ok(me.permissions.includes('donation:own'));
      assert.ok(me.permissions.includes('self') && me.permissions.includes('notification:read') && me.permissions.includes('catalogue:read'));
      assert.ok(!me.permissions.includes('household:own') && !me.permissions.includes('household:read') && !me.permissions.includes('request:create'));

      const accounts = await accountsOf(nationalId);
      assert.deepEqual(accounts.map((a) => [a.id, a.role, a.org_id, a.locale]), [[me.userId, 'donor', null, 'fa']]);
      const created = await auditOf(me.userId, 'account.create');
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]!.details, { role: 'donor' });
      assert.equal(created[0]!.actor_role, 'donor');
      const signIns = await auditOf(me.userId, 'auth.sign_in');
      assert.equal(signIns.length, 1);
      assert.ok([...created, ...signIns].every((a) => !JSON.stringify(a.details).includes(nationalId)), 'no national ID in the audit details');
      assert.equal((await b.request('GET', '/api/v1/notifications', { accept: 'application/json' })).status, 200, 'a donor reads their notifications');
    });

    test('a second sign-in as a donor comes back to the same account, created once', async () => {
      const nationalId = w.nextId('1979-09-09');
      const first = new Browser(base);
      await first.signIn(nationalId, { as: 'donor' });
      const one = await first.me();
      const again = new Browser(base);
      await again.signIn(nationalId, { as: 'donor', lang: 'ar' });
      const two = await again.me();
      assert.equal(two.userId, one.userId);
      assert.equal(two.role, 'donor');
      assert.equal(two.locale, 'en', 'the account keeps its language (the sign-in page’s is not kept unless chosen)');
      assert.equal((await accountsOf(nationalId)).length, 1);
      assert.equal((await auditOf(one.userId, 'account.create')).length, 1);
      assert.equal((await auditOf(one.userId, 'auth.sign_in')).length, 2);
    });

    test('a household member signing in as a donor gets a donor account, distinct from their applicant account', async () => {
      const member = fam.members[1]!;
      const asDonor = new Browser(base);
      await asDonor.signIn(member.nationalId, { as: 'donor' });
      const donor = await asDonor.me();
      assert.equal(donor.role, 'donor');
      assert.equal((await asDonor.request('GET', '/api/v1/me/household', { accept: 'application/json' })).status, 403, 'the donor account is not the household’s');

      const asApplicant = new Browser(base);
      await asApplicant.signIn(member.nationalId);
      const applicant = await asApplicant.me();
      assert.equal(applicant.role, 'applicant', 'without as=donor nothing changes');
      assert.notEqual(applicant.userId, donor.userId);
      const household = await asApplicant.request('GET', '/api/v1/me/household', { accept: 'application/json' });
      assert.equal(household.status, 200);
      assert.equal(household.json().id, fam.householdId);

      const accounts = await accountsOf(member.nationalId);
      assert.deepEqual(accounts.map((a) => a.role), ['applicant', 'donor']);
      // and a donor's second sign-in still finds the donor account, not the applicant one
      const back = new Browser(base);
      await back.signIn(member.nationalId, { as: 'donor' });
      assert.equal((await back.me()).userId, donor.userId);
    });

    test('staff signing in as a donor get their donor account, not the staff one', async () => {
      const cw = w.charities[0]!.caseworker;
      const b = new Browser(base);
      await b.signIn(cw.nationalId, { as: 'donor' });
      const me = await b.me();
      assert.equal(me.role, 'donor');
      assert.equal(me.orgId, null);
      assert.notEqual(me.userId, cw.actor.userId);
      const staff = new Browser(base);
      await staff.signIn(cw.nationalId);
      assert.equal((await staff.me()).userId, cw.actor.userId, 'the ordinary sign-in is still the caseworker');
    });

    test('without as=donor an unknown national ID is still refused, and no other purpose is accepted', async () => {
      const unknown = w.nextId('1992-12-12');
      const b = new Browser(base);
      const refused = await b.signIn(unknown);
      assert.equal(refused.status, 403);
      assert.match(refused.text, /neither a staff account nor a member of a registered household/);
      assert.equal((await accountsOf(unknown)).length, 0);
      const odd = await new Browser(base).request('GET', '/auth/login?as=caseworker', { accept: 'application/json' });
      assert.equal(odd.status, 400);
    });

    test('a donor reads no household: refused by the API, and row-level security shows none', async () => {
      const nationalId = w.nextId('1985-05-05');
      const b = new Browser(base);
      await b.signIn(nationalId, { as: 'donor' });
      const me = await b.me();
      const res = await b.request('GET', `/api/v1/households/${fam.householdId}`, { accept: 'application/json' });
      assert.equal(res.status, 403);
      assert.doesNotMatch(res.text, new RegExp(fam.members[0]!.fullName));
      assert.equal((await b.request('GET', `/api/v1/households/${fam.householdId}/history`, { accept: 'application/json' })).status, 403);

      // Past the permission gate, the database itself: a donor's transaction sees its own account only.
      const donor: Actor = { userId: me.userId, orgId: null, orgKind: null, role: 'donor', locale: 'en', nationalId };
      const seen = await inTx(t.database.db, donor, async (trx) => ({
        households: (await trx.selectFrom('households').select('id').execute()).length,
        persons: (await trx.selectFrom('persons').select('id').execute()).length,
        members: (await trx.selectFrom('household_members').select('id').execute()).length,
        requests: (await trx.selectFrom('aid_requests').select('id').execute()).length,
        grants: (await trx.selectFrom('grants').select('id').execute()).length,
        users: (await trx.selectFrom('users').select('id').execute()).map((u) => u.id),
      }));
      assert.deepEqual(seen, { households: 0, persons: 0, members: 0, requests: 0, grants: 0, users: [me.userId] });
      const all = await t.database.db.selectFrom('households').select('id').execute();
      assert.ok(all.length >= 1, 'the registry does hold households');
    });

    test('the database keeps one donor account per national ID, without an organisation', async () => {
      const nationalId = w.nextId('1970-07-07');
      const db = t.database.db;
      await db.insertInto('users').values({ org_id: null, role: 'donor', national_id: nationalId, display_name: 'A donor', phone: null, locale: 'en' }).execute();
      await assert.rejects(
        db.insertInto('users').values({ org_id: null, role: 'donor', national_id: nationalId, display_name: 'Twice', phone: null, locale: 'en' }).execute(),
        (e: { code?: string; constraint?: string; message?: string }) => e.code === '23505' && /users_one_donor_per_national_id/.test(`${e.constraint ?? ''} ${e.message ?? ''}`),
      );
      await assert.rejects(
        db.insertInto('users').values({ org_id: w.charities[0]!.id, role: 'donor', national_id: w.nextId('1971-07-07'), display_name: 'In a charity', phone: null, locale: 'en' }).execute(),
        (e: { code?: string }) => e.code === '23514',
      );
      await assert.rejects(
        db.insertInto('users').values({ org_id: null, role: 'donor', national_id: null, display_name: 'Nobody', phone: null, locale: 'en' }).execute(),
        (e: { code?: string }) => e.code === '23514',
      );
    });
  });
}
