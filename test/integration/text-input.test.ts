/**
 * Text in, one rule; bounded query numbers; every error as problem+json without echoing input.
 * The NUL test is GENERATED from the route table: every text field of every body, query string
 * and path schema a route registered gets a NUL, sent by a caller who may call the route, and
 * must be refused with 400 /problems/invalid-text naming that field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Role } from '../../src/db/schema.js';
import { callerRole, fillPath, paramNames, placeAt, textPaths, tokensByRole, type JsonSchema, type Part } from '../support/route-schemas.js';

const PROBLEM = 'application/problem+json';

for (const engine of engines()) {
  describe(`text input, query bounds and framework errors (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let tokens: Map<Role, string>;
    let region: string;
    const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 1 });
      const fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      tokens = await tokensByRole(t.database.db, w, fam.members[0]!.nationalId);
      api = await makeApi(t, clock);
      region = [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const cw = () => tokens.get('caseworker')!;
    const household = (member: Record<string, unknown>) => ({ regionCode: region, members: [{ relation: 'head', ...member }] });
    const countPersons = async () => Number((await t.database.db.selectFrom('persons').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    test('a NUL in any text field of any route (body, query string, path) is refused with 400 naming the field', async () => {
      const routes = api.app.mizan.routes.filter((r) => r.method !== 'HEAD');
      const failures: string[] = [];
      const tried: string[] = [];
      for (const route of routes) {
        const role = callerRole(route);
        const token = role ? tokens.get(role) : undefined;
        const parts: [Part, JsonSchema | undefined][] = [['params', route.schema?.params as JsonSchema], ['querystring', route.schema?.querystring as JsonSchema], ['body', route.schema?.body as JsonSchema]];
        for (const [part, schema] of parts) {
          for (const path of textPaths(schema)) {
            if (path.length === 0 && part !== 'body') continue;
            const field = [part, ...path].join('.');
            const params = Object.fromEntries(paramNames(route.url).map((n) => [n, n === '*' ? 'x' : '00000000-0000-4000-8000-000000000000']));
            let url = route.url;
            let body: unknown;
            if (part === 'params') url = fillPath(route.url, { ...params, [path[0]!]: 'a\u0000b' });
            else url = fillPath(route.url, params);
            if (part === 'querystring') url += `?${encodeURIComponent(path[0]!)}=a%00b`;
            if (part === 'body') body = placeAt(path, 'a\u0000b');
            const res = await api.call(route.method, url, token, body);
            tried.push(`${route.method} ${route.url} ${field}`);
            const got = res.body as { type?: string; field?: string; errors?: { field: string }[] };
            const ok = res.status === 400 && String(res.headers['content-type']).startsWith(PROBLEM) && got.type === '/problems/invalid-text' && got.field === field;
            if (!ok) failures.push(`${route.method} ${route.url} ${field}: ${res.status} ${JSON.stringify(got).slice(0, 160)}`);
          }
        }
      }
      console.log(`NUL refused in ${tried.length} text fields of ${new Set(tried.map((x) => x.split(' ').slice(0, 2).join(' '))).size} routes`);
      assert.ok(tried.length >= 60, `only ${tried.length} text fields found in the route table`);
      assert.ok(tried.some((x) => x.startsWith('POST /api/v1/organisations/applications body.organisation.name')));
      assert.ok(tried.some((x) => x.startsWith('GET /api/v1/pool querystring.aidType')));
      assert.ok(tried.some((x) => x.startsWith('GET /api/v1/requests/:id/case querystring.purpose')));
      assert.deepEqual(failures, []);
    });

    test('the probed NUL cases: the public charity application, /pool, /audit and the case view', async () => {
      const app = await api.call('POST', '/api/v1/organisations/applications', undefined, { organisation: { name: 'Good\u0000Works', aidTypes: [], regions: [] }, admin: { displayName: 'Admin', nationalId: w.nextId() } });
      assert.equal(app.status, 400);
      assert.equal(app.body.field, 'body.organisation.name');
      for (const [url, token, field] of [
        ['/api/v1/pool?aidType=%00', cw(), 'querystring.aidType'],
        ['/api/v1/audit?action=%00', tokens.get('ministry_admin')!, 'querystring.action'],
        ['/api/v1/requests/00000000-0000-4000-8000-000000000000/case?purpose=%00', cw(), 'querystring.purpose'],
      ] as const) {
        const res = await api.call('GET', url, token);
        assert.equal(res.status, 400, url);
        assert.equal(res.body.type, '/problems/invalid-text');
        assert.equal(res.body.field, field);
      }
    });

    test('a lone surrogate is refused, and no person is written', async () => {
      const before = await countPersons();
      const raw = JSON.stringify(household({ nationalId: w.nextId(), fullName: 'X', birthDate: '1985-04-12' })).replace('"X"', '"Ali \\ud800"');
      const res = await api.call('POST', '/api/v1/households', cw(), raw);
      assert.equal(res.status, 400);
      assert.equal(res.body.type, '/problems/invalid-text');
      assert.equal(res.body.field, 'body.members.0.fullName');
      assert.equal(await countPersons(), before);
    });

    test('a name of invisible marks only (U+200F, U+200C), or of digits and spaces, has no letter: refused', async () => {
      const before = await countPersons();
      for (const name of ['\u200f\u200c', ' \u200f ', '1234', '--']) {
        const res = await api.call('POST', '/api/v1/households', cw(), household({ nationalId: w.nextId(), fullName: name, birthDate: '1985-04-12' }));
        assert.equal(res.status, 400, JSON.stringify(name));
        assert.equal(res.body.errors[0].field, 'body.members.0.fullName');
        assert.equal(res.body.errors[0].message, 'must contain a letter');
      }
      const org = await api.call('POST', '/api/v1/organisations/applications', undefined, { organisation: { name: '\u200f\u200c\u200f', aidTypes: [], regions: [] }, admin: { displayName: 'Admin', nationalId: w.nextId() } });
      assert.equal(org.status, 400);
      assert.equal(org.body.errors[0].field, 'body.organisation.name');
      const staff = await api.call('POST', `/api/v1/organisations/${w.charities[0]!.id}/staff`, tokens.get('charity_admin'), { role: 'caseworker', displayName: '\u200c\u200c' });
      assert.equal(staff.status, 400);
      assert.equal(staff.body.errors[0].field, 'body.displayName');
      assert.equal(await countPersons(), before);
    });

    test('text is stored trimmed and in NFC; a name in any script with a letter is accepted', async () => {
      const id = w.nextId();
      const res = await api.call('POST', '/api/v1/households', cw(), household({ nationalId: id, fullName: '  Jose\u0301 \u200fعلی  ', birthDate: '1985-04-12' }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const p = await t.database.db.selectFrom('persons').select('full_name').where('national_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(p.full_name, 'José \u200fعلی');
      // a field no service touches: the hook alone cleans it
      const token = await api.call('POST', '/api/v1/me/tokens', cw(), { name: '  Cafe\u0301 token \n' });
      assert.equal(token.status, 201, JSON.stringify(token.body));
      assert.equal(token.body.name, 'Café token');
    });

    test('a member born after today (the application clock) is refused: by the birth date, or by the date the ID encodes', async () => {
      const before = await countPersons();
      const nextYear = '2027-02-03';
      const given = await api.call('POST', '/api/v1/households', cw(), household({ nationalId: w.nextId(nextYear), fullName: 'Future Child', birthDate: nextYear }));
      assert.equal(given.status, 400);
      assert.equal(given.body.field, 'members[0].birthDate');
      const fromId = await api.call('POST', '/api/v1/households', cw(), household({ nationalId: w.nextId(nextYear), fullName: 'Future Child' }));
      assert.equal(fromId.status, 400);
      assert.equal(fromId.body.type, '/problems/invalid-national-id');
      assert.equal(fromId.body.reason, 'future_birth_date');
      const hh = (await t.database.db.selectFrom('households').select('id').executeTakeFirstOrThrow()).id;
      const added = await api.call('POST', `/api/v1/households/${hh}/members`, cw(), { nationalId: w.nextId('2026-06-02'), fullName: 'Tomorrow', birthDate: '2026-06-02', relation: 'child' });
      assert.equal(added.status, 400);
      assert.equal(added.body.field, 'members[0].birthDate');
      assert.equal(await countPersons(), before);
      // born today is fine
      const today = await api.call('POST', '/api/v1/households', cw(), household({ nationalId: w.nextId('2026-06-01'), fullName: 'Newborn', birthDate: '2026-06-01' }));
      assert.equal(today.status, 201, JSON.stringify(today.body));
    });

    test('query numbers are bounded by their schema: /audit?before beyond a bigint is a 400 problem', async () => {
      const admin = tokens.get('ministry_admin')!;
      for (const v of ['99999999999999999999', '9223372036854775808', '1e30']) {
        const res = await api.call('GET', `/api/v1/audit?before=${v}`, admin);
        assert.equal(res.status, 400, v);
        assert.ok(String(res.headers['content-type']).startsWith(PROBLEM));
        assert.equal(res.body.errors[0].field, 'querystring.before');
      }
      assert.equal((await api.call('GET', `/api/v1/audit?before=${Number.MAX_SAFE_INTEGER}`, admin)).status, 200);
    });

    test('a path parameter over 100 characters: 414 problem+json that does not repeat the path', async () => {
      const long = 'a'.repeat(150);
      const res = await api.call('POST', `/api/v1/requests/${long}/claim`, cw());
      assert.equal(res.status, 414);
      assert.ok(String(res.headers['content-type']).startsWith(PROBLEM));
      assert.equal(res.body.type, '/problems/uri-too-long');
      assert.ok(!JSON.stringify(res.body).includes(long.slice(0, 20)));
    });

    test('a bad percent-encoding, a bad content type, bad JSON, an empty JSON body, a poisoned prototype: 4xx problem+json, input not repeated', async () => {
      const secret = 'zzsecretzz';
      const cases: [string, string, string | undefined, Record<string, string>, number][] = [
        ['GET', `/api/v1/households/%zz${secret}`, undefined, {}, 400],
        ['POST', '/api/v1/households', `{"regionCode": "${secret}"`, { 'content-type': 'application/json' }, 400],
        ['POST', '/api/v1/households', '', { 'content-type': 'application/json' }, 400],
        ['POST', '/api/v1/households', `regionCode=${secret}`, { 'content-type': 'application/x-www-form-urlencoded' }, 415],
        ['POST', '/api/v1/households', secret, { 'content-type': `text/${secret}` }, 415],
        ['POST', '/api/v1/households', `{"__proto__": {"${secret}": 1}}`, { 'content-type': 'application/json' }, 400],
        ['GET', `/api/v1/no-such-thing-${secret}`, undefined, {}, 404],
        ['POST', `/api/v1/no-such-thing-${secret}`, '{}', { 'content-type': 'application/json' }, 404],
      ];
      for (const [method, url, payload, headers, status] of cases) {
        const res = await api.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${cw()}`, ...headers }, ...(payload !== undefined ? { payload } : {}) });
        assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
        assert.ok(String(res.headers['content-type']).startsWith(PROBLEM), `${method} ${url}: ${res.headers['content-type']}`);
        assert.equal(res.json().status, status);
        // `instance` is the request's own path (at most 256 characters); nothing else repeats the input
        const { instance: _instance, ...rest } = res.json();
        assert.ok(!JSON.stringify(rest).includes(secret), `${method} ${url} repeats its input: ${res.body}`);
      }
    });

    test('a deeply nested body is refused before it is walked (400, no stack overflow)', async () => {
      const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      const res = await api.call('POST', '/api/v1/households', cw(), deep);
      assert.equal(res.status, 400);
      assert.ok(String(res.headers['content-type']).startsWith(PROBLEM));
    });

    test('malformed HTTP on the socket gets a problem+json answer', async () => {
      await api.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (api.app.server.address() as { port: number }).port;
      const send = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => s.write(request));
          let got = '';
          s.on('data', (d) => (got += String(d)));
          s.on('end', () => resolve(got));
          s.on('error', reject);
        });
      const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { type: string; status: number };
      const bad = await send('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
      assert.match(bad, /^HTTP\/1\.1 400 /);
      assert.match(bad, /content-type: application\/problem\+json/i);
      assert.equal(bodyOf(bad).type, '/problems/validation');
      const huge = await send(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
      assert.match(huge, /^HTTP\/1\.1 431 /);
      assert.deepEqual([bodyOf(huge).type, bodyOf(huge).status], ['/problems/headers-too-large', 431]);
    });
  });
}
