/**
 * Fuzzing, GENERATED from the route table (app.mizan.routes, with the schemas each route
 * registered): for every route, fast-check makes path parameters, query strings and bodies of the
 * schema's shape with hostile values mixed in (NUL, lone surrogates, right-to-left and joining
 * marks alone, huge numbers, deep JSON, wrong types, over-long strings, bad percent-encodings),
 * sent by a caller whose role holds the route's permission. A route added to the server is fuzzed
 * without a line written here.
 *
 * Fails on: any 5xx; any error that is not application/problem+json with its status in the body;
 * any refusal (4xx) that left a write behind — a fingerprint of the database (every table's row
 * count and a hash of its rows) is taken before and after each 4xx and must not change.
 *
 * Bounded: RUNS cases per route, a fixed seed per route (the same cases every run). The dev
 * identity provider (/idp) answers in OpenID Connect's own error format (RFC 6749 §5.2, HTML
 * pages), so there only "no 5xx" and "no write left behind" are asserted.
 * Prints one summary line per route: the cases tried and the statuses they got.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Role } from '../../src/db/schema.js';
import type { RouteEntry } from '../../src/http/app.js';
import {
  arbitraryOf, callerRole, changedTables, deepJson, encodeUtf16, fillPath, fingerprint, hostile, HOSTILE_STRINGS, paramNames, queryString, shapeOf, tablesOf, tokensByRole, type JsonSchema,
} from '../support/route-schemas.js';

const RUNS = Number(process.env.MIZAN_FUZZ_RUNS ?? 12);
const PROBLEM = 'application/problem+json';
/** Raw (already encoded) hostile path and query values: kept exactly as written in the URL. */
const RAW = ['%zz', '%', '%00', '%ED%A0%80', '%C0%AF', 'a'.repeat(150), '..%2F..%2F', '%E2%80%8F'];

interface Case {
  params: Record<string, string>;
  rawParams: boolean;
  query: Record<string, unknown>;
  rawQuery: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string };
}

type Target = 'params' | 'query' | 'body' | 'none';

/**
 * One case: a request of the route's shape where one part (the target) carries the hostile
 * values, so that a refusal of one part does not hide what another would do.
 */
function caseArbitrary(route: RouteEntry, uuids: string[]): fc.Arbitrary<Case> {
  const names = paramNames(route.url);
  const paramsSchema = route.schema?.params as JsonSchema | undefined;
  const qs = route.schema?.querystring as JsonSchema | undefined;
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  const targets: Target[] = ['none', 'query', ...(names.length ? (['params'] as const) : []), ...(write ? (['body', 'body'] as const) : [])];
  return fc.constantFrom(...targets).chain((target) => {
    const paramValue = (name: string): fc.Arbitrary<string> => {
      const s = paramsSchema?.properties?.[name];
      const shaped: fc.Arbitrary<string> = s?.format === 'uuid' ? fc.oneof(fc.uuid(), fc.constantFrom(...uuids)) : s ? shapeOf(s).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'x'))) : fc.string({ maxLength: 20 });
      if (target !== 'params') return shaped;
      return fc.oneof(shaped, fc.constantFrom(...HOSTILE_STRINGS.filter((h) => h.length < 300 && h !== '')));
    };
    const params = fc.record(Object.fromEntries(names.map((n) => [n, paramValue(n)]))) as fc.Arbitrary<Record<string, string>>;
    const queryOf = target === 'query' ? arbitraryOf : shapeOf;
    const query = (qs ? queryOf(qs) : target === 'query' ? fc.record({ q: hostile }) : fc.constant({})).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { q: v }));
    const queryKeys = Object.keys(qs?.properties ?? { q: 1 });
    const rawQuery = target === 'query' ? (fc.oneof(fc.constant({}), fc.record({ [queryKeys[0]!]: fc.constantFrom(...RAW) })) as fc.Arbitrary<Record<string, string>>) : fc.constant({});
    const bodyOf = target === 'body' ? arbitraryOf : shapeOf;
    const json = bodyOf(route.schema?.body as JsonSchema | undefined).map((value) => ({ kind: 'json' as const, value }));
    const body: fc.Arbitrary<Case['body']> = !write
      ? fc.constant({ kind: 'none' as const })
      : target !== 'body'
        ? json
        : fc.oneof(
            { weight: 5, arbitrary: json },
            {
              weight: 1,
              arbitrary: fc.constantFrom<Case['body']>(
                { kind: 'raw', text: deepJson(3000), type: 'application/json' },
                { kind: 'raw', text: '{"a":', type: 'application/json' },
                { kind: 'raw', text: '', type: 'application/json' },
                { kind: 'raw', text: '{"__proto__":{"x":1}}', type: 'application/json' },
                { kind: 'raw', text: 'a=1&b=%00', type: 'application/x-www-form-urlencoded' },
                { kind: 'raw', text: '<x/>', type: 'text/xml' },
                { kind: 'raw', text: '"\\u0000"', type: 'application/json' },
                { kind: 'raw', text: '{"x":"\\ud800"}', type: 'application/json; charset=utf-8' },
              ),
            },
          );
    const plain = fc.record({ params, rawParams: fc.constant(false), query, rawQuery, body });
    if (target !== 'params') return plain;
    // sometimes every path parameter raw: a bad percent-encoding, an over-long segment
    return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: fc.tuple(plain, fc.constantFrom(...RAW)).map(([c, raw]) => ({ ...c, params: Object.fromEntries(names.map((n) => [n, raw])), rawParams: true })) });
  });
}

function urlOf(route: RouteEntry, c: Case): string {
  const path = c.rawParams ? fillPath(route.url, c.params, true) : route.url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => encodeUtf16(c.params[name ?? '*'] ?? 'x'));
  return path + queryString(c.query, c.rawQuery);
}

for (const engine of engines()) {
  describe(`fuzzing every route from its schema (${engine})`, () => {
    let t: TestDb;
    let api: Api;
    let tokens: Map<Role, string>;
    let uuids: string[] = [];
    const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));

    before(async () => {
      t = await freshDatabase(engine);
      const db = t.database.db;
      const w = await makeWorld(db, t.dep, { charities: 2 });
      const fam = await registerFamily(db, t.dep, w, w.charities[0]!.caseworker.actor);
      tokens = await tokensByRole(db, w, fam.members[0]!.nationalId);
      api = await makeApi(t, clock);
      // Identifiers that exist, so that some cases reach past "not found".
      uuids = [fam.householdId, w.charities[0]!.id, w.charities[1]!.id, w.charities[0]!.caseworker.actor.userId];
      // Each token's first use records its last use (once a minute, and the clock stands still): done here, not inside a case.
      for (const token of tokens.values()) assert.equal((await api.call('GET', '/api/v1/me', token)).status, 200);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('no route answers 5xx, every error is problem+json, and no refusal leaves a write behind', async () => {
      const db = t.database.db;
      const tables = await tablesOf(db);
      const routes = api.app.mizan.routes.filter((r) => r.method !== 'HEAD').sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
      const failures: string[] = [];
      let total = 0;
      let print = await fingerprint(db, tables);
      for (const route of routes) {
        const role = callerRole(route);
        const token = role ? tokens.get(role) : undefined;
        const oidc = route.url.startsWith('/idp');
        const seed = [...`${route.method} ${route.url}`].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);
        const cases = fc.sample(caseArbitrary(route, uuids), { numRuns: RUNS, seed });
        const statuses = new Map<number, number>();
        for (const c of cases) {
          const url = urlOf(route, c);
          const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
          let payload: string | undefined;
          if (c.body.kind === 'json') {
            headers['content-type'] = 'application/json';
            payload = JSON.stringify(c.body.value) ?? 'null';
          } else if (c.body.kind === 'raw') {
            headers['content-type'] = c.body.type;
            payload = c.body.text;
          }
          const res = await api.app.inject({ method: route.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
          total++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const what = `${route.method} ${route.url} as ${role ?? 'anonymous'}: ${url.slice(0, 120)} ${payload?.slice(0, 120) ?? ''}`;
          if (res.statusCode >= 500) failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400 && !oidc) {
            const type = String(res.headers['content-type'] ?? '');
            let status: unknown;
            try {
              status = (JSON.parse(res.body) as { status?: unknown }).status;
            } catch {
              status = undefined;
            }
            if (!type.startsWith(PROBLEM) || status !== res.statusCode) failures.push(`${what} → ${res.statusCode} ${type} ${res.body.slice(0, 200)}`);
          }
          const next = await fingerprint(db, tables);
          if (res.statusCode >= 400 && res.statusCode < 500) {
            const changed = changedTables(print, next);
            if (changed.length) failures.push(`${what} → ${res.statusCode} but changed ${changed.join(', ')}`);
          }
          print = next;
        }
        const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
        console.log(`fuzz ${route.method} ${route.url} as ${role ?? 'anonymous'}: ${cases.length} cases, ${summary}`);
      }
      console.log(`fuzz: ${routes.length} routes, ${total} cases, ${failures.length} failures`);
      assert.ok(routes.length >= 60 && total >= routes.length * RUNS);
      assert.deepEqual(failures, []);
    });
  });
}
