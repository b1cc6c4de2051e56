/**
 * The authorisation matrix, GENERATED from the route table the server registered (the onRoute hook
 * collects every route with its declared permission into app.mizan.routes): every route × every
 * role, anonymous, and users of another charity, over real HTTP on a listening server.
 *
 * Expected outcomes come from the permission table (roleHas) and, for routes about one tenant's
 * data, from the row-level rule declared for the route here (e.g. "a household of charity A":
 * the ministry, A's staff and the household's applicant may read it; charity B may not, even
 * with the permission). Every route must be declared in SAMPLES: a new route without a declared
 * sample and rule fails this test, as a route without a permission fails the server's start.
 *
 * Writes are sent with a body the schema refuses (or, without a body schema, for an ID that does
 * not exist), so the matrix changes nothing: it proves who passes the permission gate (which runs
 * before the body is parsed). A few writes carry a real body to prove their row-level rule.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { callersOfA, caseOfCharityA, donorAccount, makeWorld, type Family, type World } from '../support/fixtures.js';
import { buildApp, type App, type RouteEntry } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { requestException } from '../../src/modules/grants/grants.service.js';
import { roleHas } from '../../src/modules/identity/permissions.js';
import type { Role } from '../../src/db/schema.js';
import { createSession } from '../../src/modules/identity/sessions.js';

type ActorKey = 'anonymous' | 'ministry_admin' | 'ministry_supervisor' | 'A:charity_admin' | 'A:caseworker' | 'A:field_visitor' | 'applicant' | 'donor' | 'B:charity_admin' | 'B:caseworker';
const ACTORS: ActorKey[] = ['anonymous', 'ministry_admin', 'ministry_supervisor', 'A:charity_admin', 'A:caseworker', 'A:field_visitor', 'applicant', 'donor', 'B:charity_admin', 'B:caseworker'];
const roleOf = (a: ActorKey): Role | null => (a === 'anonymous' ? null : (a.replace(/^[AB]:/, '') as Role));

/** Row-level rules: who, among those with the permission, may touch charity A's item. */
const ROW = {
  /** Personal data of a household charity A registered and holds a request of (its applicant is a member; a donor is not, even the same person's donor account). */
  householdOfA: (a: ActorKey) => !a.startsWith('B:') && a !== 'donor',
  /** Charity A's organisation-internal data. */
  orgA: (a: ActorKey) => !a.startsWith('B:') && a !== 'applicant' && a !== 'donor',
  /** Something of one user (A's caseworker): themself, A's admin, the ministry admin. */
  userOfA: (a: ActorKey) => ['A:caseworker', 'A:charity_admin', 'ministry_admin'].includes(a),
} as const;

interface Fixture {
  orgA: string; orgB: string; hA: string; headA: string; personA: string; requestA: string; grantA: string;
  userA: string; sessionsA: Record<string, string>; tokenIdA: string; notificationA: string;
}

interface Sample {
  /** Path parameters; defaults: a fresh random UUID for every :param of a write (nothing is changed). */
  params?: (f: Fixture, actor: ActorKey) => Record<string, string>;
  query?: (f: Fixture) => string;
  /** A real body (with `row`): the write reaches its handler. Otherwise writes get a refused body. */
  body?: (f: Fixture) => unknown;
  /** The row-level rule for the item the request is about. */
  row?: (a: ActorKey) => boolean;
  /** The route answers 404 by design for this sample (e.g. an unknown ID); it still must pass or fail the gate. */
  note?: string;
}

const q = (s: string) => () => s;
/** Every registered route, keyed "METHOD url". Declare new routes here. */
const SAMPLES: Record<string, Sample> = {
  'GET /healthz': {},
  'GET /api/openapi.json': {},
  'GET /problems/:slug': { params: () => ({ slug: 'forbidden' }) },
  'GET /api/v1/deployment': {},
  'GET /api/v1/regions': {},
  'GET /api/v1/catalogue': {},
  'PATCH /api/v1/catalogue/groups/:code': { params: () => ({ code: 'rent' }) },
  'POST /api/v1/catalogue/groups': {},
  'PUT /api/v1/catalogue/aid-types/:code': { params: () => ({ code: 'refrigerator' }) },
  'GET /api/v1/organisations': {},
  'POST /api/v1/organisations/applications': {},
  'POST /api/v1/organisations/applications/status': {},
  'GET /api/v1/organisations/applications/aid-types': {},
  'GET /api/v1/organisations/:id/application': { params: (f) => ({ id: f.orgA }) },
  'POST /api/v1/organisations': {},
  'GET /api/v1/organisations/:id': { params: (f) => ({ id: f.orgA }) },
  'POST /api/v1/organisations/:id/decision': { params: (f) => ({ id: f.orgA }) },
  'PUT /api/v1/organisations/:id/offer': { params: (f) => ({ id: f.orgA }) },
  'GET /api/v1/organisations/:id/staff': { params: (f) => ({ id: f.orgA }), row: ROW.orgA },
  'POST /api/v1/organisations/:id/staff': { params: (f) => ({ id: f.orgA }) },
  'PATCH /api/v1/staff/:userId': { params: (f) => ({ userId: f.userA }) },
  'POST /api/v1/users/:userId/tokens': { params: (f) => ({ userId: f.userA }) },
  'POST /api/v1/households': {},
  'GET /api/v1/households/lookup': { query: (f) => `nationalId=${f.headA}&purpose=aid-check` },
  'GET /api/v1/households/:id': { params: (f) => ({ id: f.hA }), row: ROW.householdOfA },
  'POST /api/v1/households/:id/members': {
    params: (f) => ({ id: f.hA }),
    row: ROW.householdOfA,
    // the same new member each time: the first permitted caller adds them, the others get 409
    body: () => ({ nationalId: MEMBER_ID, fullName: 'Matrix Member', birthDate: '2001-01-01', relation: 'child' }),
  },
  'DELETE /api/v1/households/:id/members/:personId': { params: (f) => ({ id: f.hA, personId: f.personA }) },
  'POST /api/v1/households/:id/members/:personId/move': {},
  'POST /api/v1/persons/:id/merge': {},
  'GET /api/v1/match/proposals': { query: q('status=pending&limit=5') },
  'POST /api/v1/match/proposals/:id/decision': { note: 'a refused body (or an unknown proposal): 400/404 once through the gate' },
  'GET /api/v1/households/:id/history': { params: (f) => ({ id: f.hA }), row: ROW.householdOfA },
  'POST /api/v1/requests': {},
  'GET /api/v1/requests/mine': {},
  'GET /api/v1/requests/mine/:id': { params: (f) => ({ id: f.requestA }), row: ROW.householdOfA },
  'GET /api/v1/pool': {},
  'GET /api/v1/queue': {},
  'GET /api/v1/requests/:id': { params: (f) => ({ id: f.requestA }), row: ROW.householdOfA },
  'POST /api/v1/requests/:id/claim': { note: 'unknown request: 404 once through the gate' },
  'POST /api/v1/requests/:id/release': {},
  'GET /api/v1/requests/:id/case': { params: (f) => ({ id: f.requestA }), row: ROW.householdOfA },
  'PUT /api/v1/requests/:id/assessment': { params: (f) => ({ id: f.requestA }), row: ROW.householdOfA, body: () => ({ notes: 'Visited the family.', documents: [] }) },
  'POST /api/v1/requests/:id/approve': {},
  'POST /api/v1/requests/:id/reject': {},
  'GET /api/v1/requests/:id/suggestions': { params: (f) => ({ id: f.requestA }) },
  'POST /api/v1/requests/:id/reassign': {},
  'GET /api/v1/notifications': {},
  'POST /api/v1/notifications/:id/read': { note: 'unknown notification: 404 once through the gate' },
  'GET /api/v1/oversight/charities': {},
  'GET /api/v1/oversight/escalated': {},
  'GET /api/v1/oversight/lookups': {},
  'POST /api/v1/grants': {},
  'GET /api/v1/grants/date-findings': {},
  'GET /api/v1/need-model': {},
  'PUT /api/v1/need-model': {},
  'POST /api/v1/need-model/preview': {},
  'GET /api/v1/priority': {},
  'GET /api/v1/grants/:id': { params: (f) => ({ id: f.grantA }), row: ROW.householdOfA },
  'POST /api/v1/grants/:id/revoke': {},
  'POST /api/v1/exceptions': {},
  'GET /api/v1/exceptions': {},
  'GET /api/v1/exceptions/mine': {},
  'POST /api/v1/exceptions/:id/decision': {},
  'GET /idp/interaction/:uid': { note: 'an unknown sign-in page: 400 sign-in-failed' },
  'POST /idp/interaction/:uid/login': { note: 'an unknown sign-in page: 400 sign-in-failed' },
  'GET /idp': {}, 'OPTIONS /idp': {}, 'POST /idp': {},
  'GET /idp/*': { params: () => ({ '*': '.well-known/openid-configuration' }) },
  'OPTIONS /idp/*': { params: () => ({ '*': 'token' }) }, 'POST /idp/*': { params: () => ({ '*': 'token' }) },
  'GET /auth/login': {},
  'GET /auth/callback': { note: 'no sign-in in progress: 400 sign-in-failed' },
  'POST /auth/logout': {},
  'GET /api/v1/me': {},
  'PATCH /api/v1/me': {},
  'GET /api/v1/me/household': {},
  'GET /api/v1/me/sessions': {},
  // one of A's caseworker's sessions per caller: each permitted caller really ends one
  'DELETE /api/v1/sessions/:id': { params: (f, a) => ({ id: f.sessionsA[a]! }), row: ROW.userOfA },
  'POST /api/v1/users/:userId/sessions/revoke': { params: (f) => ({ userId: f.userA }), row: ROW.userOfA },
  'GET /api/v1/me/tokens': {},
  'POST /api/v1/me/tokens': {},
  'POST /api/v1/tokens/:id/revoke': {},
  'GET /api/v1/audit': {},
  'GET /api/v1/audit/verify': {},
  'GET /api/v1/transparency/audit-key': { note: 'no checkpoints published by this server: 404 once through the gate' },
  'GET /api/v1/transparency/checkpoints': {},
  'GET /api/v1/me/access-log': {},
  'GET /*': { params: () => ({ '*': 'charity/pool' }) },
  'POST /api/v1/imports': {}, 'GET /api/v1/imports': {}, 'GET /api/v1/imports/mapping': {}, 'GET /api/v1/imports/:id': {}, 'PUT /api/v1/imports/:id/mapping': {}, 'GET /api/v1/imports/:id/rows': {}, 'GET /api/v1/imports/:id/report.csv': {}, 'GET /api/v1/imports/:id/report.xlsx': {}, 'PATCH /api/v1/imports/:id/rows/:rowNo': { params: () => ({ id: randomUUID(), rowNo: '1' }) },
  'GET /api/v1/imports/limits': {},
  'GET /api/v1/me/declaration': {}, 'PUT /api/v1/me/declaration/draft': {}, 'POST /api/v1/me/declaration/members/check': {},
  'POST /api/v1/me/declaration/submit': { note: 'nothing saved yet: 422 declaration-incomplete once through the gate' },
  'GET /api/v1/households/:id/declaration': { params: (f) => ({ id: f.hA }), row: ROW.householdOfA },
  'GET /api/v1/programmes/facts': {}, 'GET /api/v1/programmes/facts/status': {}, 'POST /api/v1/programmes/facts/refresh': {}, 'GET /api/v1/programmes': {}, 'POST /api/v1/programmes': {}, 'GET /api/v1/programmes/:id': { note: 'an unknown programme: 404 once through the gate' },
  'POST /api/v1/programmes/:id/status': {}, 'PUT /api/v1/programmes/:id/criteria': {}, 'POST /api/v1/programmes/:id/criteria/publish': { note: 'an unknown programme: 404 once through the gate' },
  'POST /api/v1/programmes/:id/what-if': {}, 'GET /api/v1/programmes/:id/monitoring': { note: 'an unknown programme: 404 once through the gate' }, 'PUT /api/v1/programmes/:id/regions/:code': {}, 'POST /api/v1/programmes/:id/phases/open': {},
  'GET /api/v1/rollout': {}, 'PUT /api/v1/rollout/regions/:code': {}, 'POST /api/v1/rollout/open': {},
  'GET /api/v1/zakat/categories': {}, 'PUT /api/v1/zakat/categories': {},
  'GET /api/v1/households/:id/zakat': { params: (f) => ({ id: f.hA }), row: ROW.householdOfA },
  'GET /api/v1/me/programmes': {}, 'POST /api/v1/programmes/:id/applications': { note: 'an unknown programme: 404 once through the gate' },
  'POST /api/v1/applications/:id/appeal': {}, 'POST /api/v1/applications/:id/review': {}, 'GET /api/v1/appeals': {}, 'POST /api/v1/appeals/:id/documents': {}, 'GET /api/v1/appeals/:id/documents/:documentId': { note: 'an unknown document: 404 once through the gate' }, 'POST /api/v1/appeals/:id/decision': {},
  'GET /api/v1/programmes/:id/cycles': {}, 'POST /api/v1/programmes/:id/cycles': {}, 'GET /api/v1/cycles/:id': { note: 'an unknown cycle: 404 once through the gate' },
  'POST /api/v1/cycles/:id/approve': { note: 'an unknown cycle: 404 once through the gate' }, 'POST /api/v1/enrolments/:id/outcome': {}, 'GET /api/v1/programmes/:id/sessions': {}, 'POST /api/v1/programmes/:id/sessions': {}, 'POST /api/v1/enrolments/:id/session': {}, 'PUT /api/v1/enrolments/:id/attendance': {}, 'POST /api/v1/enrolments/:id/follow-up': {},
  'GET /api/v1/donations/catalogue': {}, 'PUT /api/v1/donations/gift-kinds/:code': { params: () => ({ code: 'matrix-kind' }), note: 'a refused body: 400 once through the gate' }, 'PUT /api/v1/donations/items/:code': { params: () => ({ code: 'matrix-item' }), note: 'a refused body: 400 once through the gate' }, 'GET /api/v1/receipts/:code': { params: () => ({ code: 'AAAA-BBBB-CCCC' }), note: 'an unknown code: 404' },
  'GET /api/v1/donor/me': {}, 'PATCH /api/v1/donor/me': {}, 'GET /api/v1/donor/gifts': {}, 'POST /api/v1/donor/gifts': { note: 'no body: 400 once through the gate' },
  'GET /api/v1/donor/gifts/:id': { note: 'an unknown gift: 404 once through the gate' }, 'GET /api/v1/donor/gifts/:id/receipt': { note: 'an unknown gift: 404 once through the gate' },
  'GET /api/v1/donors': {}, 'POST /api/v1/donors': { note: 'no body: 400 once through the gate' }, 'GET /api/v1/donations': {}, 'POST /api/v1/donations': { note: 'no body: 400 once through the gate' },
  'GET /api/v1/donations/:id': { note: 'an unknown gift: 404 once through the gate' }, 'GET /api/v1/donations/:id/receipt': { note: 'an unknown gift: 404 once through the gate' },
  'POST /api/v1/donations/:id/receive': { note: 'an unknown gift: 404 once through the gate' }, 'POST /api/v1/donations/:id/decline': { note: 'no body: 400 once through the gate' },
  'POST /api/v1/donations/:id/refund': { note: 'no body: 400 once through the gate' }, 'GET /api/v1/funds': {}, 'POST /api/v1/funds/books': {}, 'POST /api/v1/funds/warehouses': { note: 'no body: 400 once through the gate' },
  'POST /api/v1/funds/transfers': { note: 'no body: 400 once through the gate' }, 'POST /api/v1/funds/allocations': { note: 'no body: 400 once through the gate' },
  'GET /api/v1/grants/:id/funding': {}, 'GET /api/v1/ledger/flows': {}, 'GET /api/v1/ledger/reconciliation': {},
  'GET /api/v1/invitations/:token': { note: 'an unknown token: 404 once through the gate' }, 'GET /api/v1/sms/summary': {}, 'POST /api/v1/sms/dlr': { note: 'no query: 400' }, 'POST /api/v1/sms/inbound': { note: 'no query: 400' },
};
let MEMBER_ID = '';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

for (const engine of engines()) {
  describe(`authorisation matrix from the route table (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let app: App;
    let base: string;
    let f: Fixture;
    let fam: Family;
    const tokens = new Map<ActorKey, string>();
    const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      const db = t.database.db;
      const [A, B] = w.charities as [World['charities'][0], World['charities'][0]];
      const c = await caseOfCharityA(db, t.dep, w, clock);
      fam = c.family;
      MEMBER_ID = w.nextId('2001-01-01');
      const head = fam.members[0]!;
      const cw = A.caseworker.actor;
      await inTx(db, cw, (trx) => requestException(trx, cw, t.dep, { householdId: fam.householdId, aidTypeCode: 'food-basket', reason: 'A second basket after a flood', documentRef: 'DOC-9' }));
      const sessionsA: Record<string, string> = {};
      for (const a of ACTORS) sessionsA[a] = (await createSession(db, A.caseworker.actor.userId, new Date())).id;
      const tokenRow = await db.selectFrom('api_tokens').select('id').where('user_id', '=', A.caseworker.actor.userId).executeTakeFirstOrThrow();
      const notification = await db.insertInto('notifications').values({ recipient_org: A.id, recipient_user: null, template: 'request.claimed', params: '{}', locale: 'en', request_id: null, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
      const person = await db.selectFrom('persons').select('id').where('national_id', '=', fam.members[2]!.nationalId).executeTakeFirstOrThrow();
      f = {
        orgA: A.id, orgB: B.id, hA: fam.householdId, headA: head.nationalId, personA: person.id, requestA: c.requestId, grantA: c.grantId,
        userA: A.caseworker.actor.userId, sessionsA, tokenIdA: tokenRow.id, notificationA: notification.id,
      };
      for (const [k, token] of callersOfA(w, c.applicantToken)) tokens.set(k, token);
      // the donor account of the household's head: the same person as the applicant, another account
      tokens.set('donor', (await donorAccount(db, w, head.nationalId)).token);
      tokens.set('B:charity_admin', B.admin.token);
      tokens.set('B:caseworker', B.caseworker.token);

      mkdirSync('test-output/logs', { recursive: true });
      const log = createWriteStream(`test-output/logs/authz-matrix-${engine}-${process.pid}.log`);
      app = await buildApp({ db, deployment: t.dep, clock, logger: loggerOptions('info', log), env: {}, rateLimits: { signIn: 10_000, sensitive: 10_000, user: 10_000, organisation: 10_000 } });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const routes = (): RouteEntry[] => app.mizan.routes.filter((r) => r.method !== 'HEAD');

    test('every registered route has a declared sample and rule here (a new route without one fails)', () => {
      const undeclared = routes().map((r) => `${r.method} ${r.url}`).filter((k) => !(k in SAMPLES));
      assert.deepEqual(undeclared, [], `declare these routes in SAMPLES (with their row-level rule): ${undeclared.join(', ')}`);
      assert.ok(routes().length >= 60);
    });

    test('every route × every role, anonymous and another charity: allowed or denied as the tables say', async () => {
      const failures: string[] = [];
      let checked = 0;
      // Reads first, then writes (writes change nothing that a read depends on).
      const ordered = [...routes()].sort((a, b) => Number(!SAFE.has(a.method)) - Number(!SAFE.has(b.method)));
      for (const route of ordered) {
        const key = `${route.method} ${route.url}`;
        const sample = SAMPLES[key];
        if (!sample) continue; // reported by the test above
        const write = !SAFE.has(route.method);
        for (const actor of ACTORS) {
          const params = sample.params?.(f, actor) ?? {};
          const path = route.url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => {
            const v = params[name ?? '*'] ?? (m === '*' ? '' : randomUUID());
            return m === '*' ? v : encodeURIComponent(v);
          });
          const url = `${base}${path}${sample.query ? `?${sample.query(f)}` : ''}`;
          const headers: Record<string, string> = {};
          const token = tokens.get(actor);
          if (token) headers.authorization = `Bearer ${token}`;
          let body: string | undefined;
          if (write && route.method !== 'OPTIONS') {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(sample.body ? sample.body(f) : { __matrix: 'a field no schema accepts' });
          }
          const res = await fetch(url, { method: route.method, headers, body, redirect: 'manual' });
          await res.arrayBuffer();
          checked++;
          const role = roleOf(actor);
          const permitted = route.permission === 'public' || roleHas(role, route.permission);
          const rowOk = !sample.row || sample.row(actor);
          const got = res.status;
          let ok: boolean;
          let expected: string;
          if (!permitted) {
            expected = actor === 'anonymous' ? '401' : '403';
            ok = got === Number(expected);
          } else if (!rowOk) {
            expected = '403 or 404 (row-level rule)';
            ok = got === 403 || got === 404;
          } else if (sample.row) {
            expected = 'allowed on the real item (not 401/403/404)';
            ok = ![401, 403, 404].includes(got) && got < 500;
          } else {
            expected = 'through the gate (not 401/403)';
            ok = got !== 401 && got !== 403 && got < 500;
          }
          if (!ok) failures.push(`${key} as ${actor} (${route.permission}): got ${got}, expected ${expected}`);
        }
      }
      assert.ok(checked >= routes().length * ACTORS.length);
      assert.deepEqual(failures, []);
    });

    test('tables cannot drift: every permission a route names exists, and "public" is reserved for routes that need no one', () => {
      const publics = routes().filter((r) => r.permission === 'public').map((r) => r.url);
      for (const url of publics) {
        assert.ok(/^\/(healthz|problems|api\/openapi\.json|api\/docs|api\/v1\/(deployment|regions|organisations\/applications|transparency\/|invitations\/|sms\/(dlr|inbound)$|donations\/catalogue$|receipts\/)|idp|auth\/|\*)/.test(url), `${url} is public: is that intended?`);
      }
    });
  });
}
