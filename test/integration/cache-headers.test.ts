/**
 * Cache-Control, GENERATED from the route table (app.mizan.routes, as the authorisation matrix):
 * every GET route is called over real HTTP as an actor allowed to call it, on real data of
 * charity A, and every response of a route that may carry personal data says `no-store` — also
 * the refusals, the not-found answers and the identity provider's own responses. The public,
 * non-personal addresses listed here (and only they) do not, and the web app's hashed assets stay
 * cacheable for a year. A new route is covered without being listed: it must say no-store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { callersOfA, caseOfCharityA, makeWorld, type World, donorAccount } from '../support/fixtures.js';
import { buildApp, type App, type RouteEntry } from '../../src/http/app.js';
import { WEB_ROOT, webBuildExists } from '../../src/http/web.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { roleHas } from '../../src/modules/identity/permissions.js';
import type { Role } from '../../src/db/schema.js';

/** The GET routes whose responses are the same for everyone and name no one. */
const NOT_PERSONAL = new Set(['GET /healthz', 'GET /api/openapi.json', 'GET /problems/:slug', 'GET /api/v1/deployment', 'GET /api/v1/regions', 'GET /api/v1/catalogue', 'GET /api/v1/organisations/applications/aid-types', 'GET /*']);

type ActorKey = 'ministry_admin' | 'ministry_supervisor' | 'A:charity_admin' | 'A:caseworker' | 'A:field_visitor' | 'applicant' | 'donor';
/** Tried in this order: the first whose role has the route's permission calls it (all may see A's household). */
const ACTORS: ActorKey[] = ['A:caseworker', 'ministry_admin', 'A:charity_admin', 'ministry_supervisor', 'A:field_visitor', 'applicant', 'donor'];
const roleOf = (a: ActorKey) => a.replace(/^A:/, '') as Role;

interface Fixture { orgA: string; hA: string; headA: string; requestA: string; grantA: string }
/** Paths and queries on real items; a route not listed is called with random IDs (its answer must still say no-store). */
const SAMPLES: Record<string, { params?: (f: Fixture) => Record<string, string>; query?: (f: Fixture) => string; ok?: boolean }> = {
  'GET /problems/:slug': { params: () => ({ slug: 'forbidden' }), ok: true },
  'GET /api/v1/organisations/:id': { params: (f) => ({ id: f.orgA }), ok: true },
  'GET /api/v1/organisations/:id/staff': { params: (f) => ({ id: f.orgA }), ok: true },
  'GET /api/v1/households/lookup': { query: (f) => `nationalId=${f.headA}` },
  'GET /api/v1/households/:id': { params: (f) => ({ id: f.hA }), ok: true },
  'GET /api/v1/households/:id/history': { params: (f) => ({ id: f.hA }), ok: true },
  'GET /api/v1/households/:id/declaration': { params: (f) => ({ id: f.hA }), ok: true },
  'GET /api/v1/households/:id/zakat': { params: (f) => ({ id: f.hA }), ok: true },
  'GET /api/v1/requests/:id': { params: (f) => ({ id: f.requestA }), ok: true },
  'GET /api/v1/requests/:id/case': { params: (f) => ({ id: f.requestA }), query: () => 'purpose=case-study', ok: true },
  'GET /api/v1/requests/:id/suggestions': { params: (f) => ({ id: f.requestA }) },
  'GET /api/v1/grants/:id': { params: (f) => ({ id: f.grantA }), ok: true },
  'GET /api/v1/me': { ok: true },
  'GET /api/v1/me/household': { ok: true },
  'GET /api/v1/me/access-log': { ok: true },
  'GET /api/v1/queue': { ok: true },
  'GET /api/v1/audit': { ok: true },
  'GET /idp/*': { params: () => ({ '*': '.well-known/openid-configuration' }) },
  'GET /*': { params: () => ({ '*': 'charity/pool' }), ok: true },
};

const noStore = (res: Response) => (res.headers.get('cache-control') ?? '').split(',').map((s) => s.trim()).includes('no-store');

for (const engine of engines()) {
  describe(`Cache-Control from the route table (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let app: App;
    let base: string;
    let f: Fixture;
    const tokens = new Map<ActorKey, string>();
    const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      const db = t.database.db;
      const A = w.charities[0]!;
      const c = await caseOfCharityA(db, t.dep, w, clock);
      f = { orgA: A.id, hA: c.family.householdId, headA: c.family.members[0]!.nationalId, requestA: c.requestId, grantA: c.grantId };
      for (const [k, token] of callersOfA(w, c.applicantToken)) tokens.set(k, token);
      tokens.set('donor', (await donorAccount(db, w, w.nextId('1969-09-09'))).token);
      app = await buildApp({ db, deployment: t.dep, clock, logger: false, env: {}, rateLimits: { signIn: 10_000, sensitive: 10_000 } });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const getRoutes = (): RouteEntry[] => app.mizan.routes.filter((r) => r.method === 'GET');

    const call = async (route: RouteEntry, actor: ActorKey | null) => {
      const sample = SAMPLES[`${route.method} ${route.url}`] ?? {};
      const params = sample.params?.(f) ?? {};
      const path = route.url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => (m === '*' ? params['*'] ?? '' : encodeURIComponent(params[name!] ?? randomUUID())));
      const headers: Record<string, string> = {};
      if (actor) headers.authorization = `Bearer ${tokens.get(actor)}`;
      const res = await fetch(`${base}${path}${sample.query ? `?${sample.query(f)}` : ''}`, { headers, redirect: 'manual' });
      await res.arrayBuffer();
      return res;
    };

    test('every GET route that may carry personal data answers its permitted caller with Cache-Control: no-store, and only the listed public ones do not', async () => {
      const failures: string[] = [];
      let personal = 0;
      for (const route of getRoutes()) {
        const key = `${route.method} ${route.url}`;
        const actor = route.permission === 'public' ? null : ACTORS.find((a) => roleHas(roleOf(a), route.permission));
        assert.ok(actor !== undefined, `no test actor may call ${key} (${route.permission})`);
        const res = await call(route, actor);
        const sample = SAMPLES[key];
        if (res.status === 401 || res.status === 403 || res.status >= 500 || (sample?.ok && res.status !== 200)) {
          failures.push(`${key} as ${actor ?? 'anonymous'}: status ${res.status}, the caller should have been answered`);
          continue;
        }
        if (NOT_PERSONAL.has(key)) {
          if (noStore(res)) failures.push(`${key}: public and not personal, yet "${res.headers.get('cache-control')}"`);
        } else {
          personal++;
          if (!noStore(res)) failures.push(`${key} (${res.status}): "${res.headers.get('cache-control') ?? '(none)'}", expected no-store`);
          if (res.headers.get('pragma')) failures.push(`${key}: sends Pragma`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(personal >= 25, `only ${personal} personal GET routes were checked`);
    });

    test('refusals and unknown addresses say no-store too (an anonymous caller, an unknown household, no route)', async () => {
      const anonymous = await fetch(`${base}/api/v1/households/${f.hA}`);
      assert.equal(anonymous.status, 401);
      assert.ok(noStore(anonymous), 'a 401 says no-store');
      const unknown = await fetch(`${base}/api/v1/households/${randomUUID()}`, { headers: { authorization: `Bearer ${tokens.get('A:caseworker')}` } });
      assert.equal(unknown.status, 404);
      assert.ok(noStore(unknown), 'a 404 of a personal route says no-store');
      const noRoute = await fetch(`${base}/api/v1/no-such-route`);
      assert.equal(noRoute.status, 404);
      assert.ok(noStore(noRoute), `an unknown API address says no-store, not "${noRoute.headers.get('cache-control')}"`);
    });

    test('the public, non-personal documents stay cacheable; the web app keeps its own rule (index no-cache, hashed assets a year)', async (tc) => {
      const deployment = await fetch(`${base}/api/v1/deployment`);
      assert.equal(deployment.status, 200);
      assert.equal(deployment.headers.get('cache-control'), null);
      const docs = await fetch(`${base}/api/docs/`, { redirect: 'manual' });
      assert.ok(!noStore(docs), `docs: ${docs.headers.get('cache-control')}`);
      if (!webBuildExists()) return tc.skip('the web app is not built (npm run build)');
      const page = await fetch(`${base}/charity/pool`, { headers: { authorization: `Bearer ${tokens.get('A:caseworker')}` } });
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      const asset = readdirSync(join(WEB_ROOT, 'assets')).find((n) => n.endsWith('.js'));
      assert.ok(asset, 'the built web app has a script');
      const res = await fetch(`${base}/assets/${asset}`, { headers: { authorization: `Bearer ${tokens.get('A:caseworker')}` } });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    });
  });
}
