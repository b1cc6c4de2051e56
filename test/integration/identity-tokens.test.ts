/**
 * Machine clients and account control, on every engine: API tokens are scoped (read / write),
 * stored hashed and revocable (by their owner, by the owner's charity admin, not by another
 * charity); an admin ends a staff member's sessions; sign-in endpoints are rate limited; the
 * applicant sees who accessed their household's data; the ministry searches the audit trail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { applicantAccount, makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { sql } from 'kysely';
import { buildApp } from '../../src/http/app.js';
import { createSession } from '../../src/modules/identity/sessions.js';

for (const engine of engines()) {
  describe(`API tokens, sessions, rate limits and the audit trail over HTTP (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let fam: Family;
    let applicantToken: string;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t);
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      applicantToken = (await applicantAccount(t.database.db, w, fam.members[0]!, 'ar')).token;
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('a read-only token reads but cannot write; a write token can; the secret is shown once and stored hashed', async () => {
      const cw = w.charities[0]!.caseworker;
      const read = await api.call('POST', '/api/v1/me/tokens', cw.token, { name: 'reporting', scopes: ['read'] });
      assert.equal(read.status, 201, JSON.stringify(read.body));
      assert.deepEqual(read.body.scopes, ['read']);
      assert.match(read.body.token, /^mzn_/);
      assert.equal((await api.call('GET', '/api/v1/me', read.body.token)).status, 200);
      const denied = await api.call('PATCH', '/api/v1/me', read.body.token, { locale: 'ar' });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.type, '/problems/insufficient-scope');
      const write = await api.call('POST', '/api/v1/me/tokens', cw.token, { name: 'sync', scopes: ['read', 'write'] });
      assert.equal((await api.call('PATCH', '/api/v1/me', write.body.token, { locale: 'ar' })).status, 200);
      const list = await api.call('GET', '/api/v1/me/tokens', cw.token);
      assert.ok(list.body.some((x: { id: string; scopes: string[] }) => x.id === read.body.id && x.scopes.join() === 'read'));
      assert.ok(!JSON.stringify(list.body).includes(read.body.token), 'never the secret again');
      const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', read.body.id).executeTakeFirstOrThrow();
      assert.ok(!Buffer.from(stored.token_hash).toString('utf8').includes(read.body.token));
      assert.equal(Buffer.from(stored.token_hash).length, 32);
    });

    test('revocation: by the owner, by their charity admin; not by another charity; a revoked token is refused', async () => {
      const cw = w.charities[0]!.caseworker;
      const mk = async () => (await api.call('POST', '/api/v1/me/tokens', cw.token, { name: 'x', scopes: ['read'] })).body as { id: string; token: string };
      const own = await mk();
      assert.equal((await api.call('POST', `/api/v1/tokens/${own.id}/revoke`, cw.token)).status, 200);
      const after = await api.call('GET', '/api/v1/me', own.token);
      assert.equal(after.status, 401);
      const byAdmin = await mk();
      assert.equal((await api.call('POST', `/api/v1/tokens/${byAdmin.id}/revoke`, w.charities[1]!.admin.token)).status, 404, "another charity's admin cannot even see it");
      assert.equal((await api.call('GET', '/api/v1/me', byAdmin.token)).status, 200);
      assert.equal((await api.call('POST', `/api/v1/tokens/${byAdmin.id}/revoke`, w.charities[0]!.admin.token)).status, 200);
      assert.equal((await api.call('GET', '/api/v1/me', byAdmin.token)).status, 401);
      const audit = await t.database.db.selectFrom('audit_log').select(['actor_user', 'details']).where('action', '=', 'token.revoke').execute();
      assert.ok(audit.some((a) => a.actor_user === w.charities[0]!.admin.actor.userId));
    });

    test("an admin ends a staff member's sessions; another charity's admin may not", async () => {
      const cw = w.charities[0]!.caseworker.actor;
      const s = await createSession(t.database.db, cw.userId, new Date());
      const cookie = { cookie: `mizan_session=${s.token}` };
      assert.equal((await api.call('GET', '/api/v1/me', undefined, undefined, cookie)).status, 200);
      const other = await api.call('POST', `/api/v1/users/${cw.userId}/sessions/revoke`, w.charities[1]!.admin.token);
      assert.ok([403, 404].includes(other.status), `another charity is refused (${other.status}); row-level security hides the user from it`);
      assert.equal((await api.call('GET', '/api/v1/me', undefined, undefined, cookie)).status, 200);
      const mine = await api.call('POST', `/api/v1/users/${cw.userId}/sessions/revoke`, w.charities[0]!.admin.token);
      assert.equal(mine.status, 200);
      assert.ok(mine.body.revoked >= 1);
      assert.equal((await api.call('GET', '/api/v1/me', undefined, undefined, cookie)).status, 401);
    });

    test('sign-in endpoints are rate limited per client (429 problem)', async () => {
      const limited = await buildApp({ db: t.database.db, deployment: t.dep, logger: false, env: {}, rateLimits: { signIn: 3, sensitive: 3 } });
      // The counters are in the database, shared with the suite's other server: start from none.
      await sql`delete from rate_limit_counters`.execute(t.database.db);
      try {
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) codes.push((await limited.inject({ method: 'GET', url: '/auth/callback?state=x&code=y', headers: { accept: 'application/json' } })).statusCode);
        assert.deepEqual(codes, [400, 400, 400, 429, 429]);
        const lookup: number[] = [];
        for (let i = 0; i < 4; i++) lookup.push((await limited.inject({ method: 'GET', url: `/api/v1/households/lookup?nationalId=${fam.members[0]!.nationalId}&purpose=aid-check`, headers: { authorization: `Bearer ${w.charities[1]!.caseworker.token}` } })).statusCode);
        assert.deepEqual(lookup, [200, 200, 200, 429], 'looking people up by national ID is limited too');
        const r = await limited.inject({ method: 'GET', url: '/auth/callback?state=x&code=y', headers: { accept: 'application/json' } });
        assert.equal(r.json().type, '/problems/rate-limited');
      } finally {
        await limited.close();
      }
    });

    test("the applicant sees who read their household's data and when; only the ministry searches the whole trail", async () => {
      const cwA = w.charities[0]!.caseworker.token;
      assert.equal((await api.call('GET', `/api/v1/households/${fam.householdId}?purpose=home-visit`, cwA)).status, 200);
      const log = await api.call('GET', '/api/v1/me/access-log', applicantToken);
      assert.equal(log.status, 200, JSON.stringify(log.body));
      assert.equal(log.body.householdId, fam.householdId);
      const read = log.body.items.find((i: { action: string }) => i.action === 'personal_data.read');
      assert.ok(read, 'the read is listed');
      assert.equal(read.organisation.name, w.charities[0]!.name);
      assert.equal(read.role, 'caseworker');
      assert.equal(read.purpose, 'home-visit', 'the purpose is a code the reader’s language renders');
      assert.equal(read.reason, null);
      assert.equal(typeof read.at, 'string');
      assert.equal((await api.call('GET', '/api/v1/me/access-log', cwA)).status, 403);

      const search = await api.call('GET', `/api/v1/audit?action=personal_data.read&householdId=${fam.householdId}`, w.supervisor.token);
      assert.equal(search.status, 200);
      assert.ok(search.body.items.length >= 1);
      assert.ok(search.body.items.every((i: { action: string; householdId: string }) => i.action === 'personal_data.read' && i.householdId === fam.householdId));
      const byOrg = await api.call('GET', `/api/v1/audit?actorOrg=${w.charities[1]!.id}&limit=500`, w.supervisor.token);
      assert.ok(byOrg.body.items.every((i: { actor: { orgId: string } }) => i.actor.orgId === w.charities[1]!.id));
      const prefix = await api.call('GET', '/api/v1/audit?action=token.&limit=500', w.ministryAdmin.token);
      assert.ok(prefix.body.items.length > 0 && prefix.body.items.every((i: { action: string }) => i.action.startsWith('token.')));
      assert.equal((await api.call('GET', '/api/v1/audit', cwA)).status, 403);
      const verify = await api.call('GET', '/api/v1/audit/verify', w.supervisor.token);
      assert.equal(verify.status, 200);
      assert.equal(verify.body.ok, true);
    });

    test('anonymous writes that are meant to work still work under row-level security: a charity applies with its admin', async () => {
      const res = await api.call('POST', '/api/v1/organisations/applications', undefined, {
        organisation: { name: 'Charity Applying', aidTypes: ['food-basket'], regions: [] },
        admin: { displayName: 'Founder', nationalId: w.nextId('1979-09-09') },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'pending');
      const admins = await t.database.db.selectFrom('users').select(['role']).where('org_id', '=', res.body.id).execute();
      assert.deepEqual(admins.map((a) => a.role), ['charity_admin']);
    });

    test('/api/v1/me carries the contract fields; the applicant reads their own household', async () => {
      const me = await api.call('GET', '/api/v1/me', w.charities[0]!.admin.token);
      for (const k of ['userId', 'role', 'orgId', 'orgKind', 'locale', 'displayName']) assert.ok(k in me.body, k);
      assert.equal(me.body.role, 'charity_admin');
      const own = await api.call('GET', '/api/v1/me/household', applicantToken);
      assert.equal(own.status, 200);
      assert.deepEqual(own.body.members.map((m: { nationalId: string }) => m.nationalId).sort(), fam.members.map((m) => m.nationalId).sort());
    });
  });
}
