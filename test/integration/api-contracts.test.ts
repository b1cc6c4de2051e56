/**
 * The API's contracts (src/modules/<module>/<module>.contracts.ts), checked from the route table:
 * every documented route declares its success response; an answer that drifts from its declared
 * schema fails (tests run with the response check on, src/http/response-check.ts), instead of
 * being cut to the schema by the serializer; and the web app's generated types
 * (web/src/api/openapi.d.ts) are those of the document the server serves now.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Type } from 'typebox';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeApi, type Api } from '../support/http.js';
import { buildApp } from '../../src/http/app.js';
import { Strict, Nullable, DateTime } from '../../src/http/schemas.js';
import { openapiDocument, openapiTypes } from '../../src/http/openapi-document.js';

const [engine] = engines();

describe('API contracts', () => {
  let t: TestDb;
  let api: Api;
  before(async () => {
    t = await freshDatabase(engine!);
    api = await makeApi(t);
  });
  after(async () => {
    await api.app.close();
    await t.close();
  });

  test('every documented route declares its success response (2xx, or its redirect)', () => {
    const routes = api.app.mizan.routes.filter((r) => !r.hidden && r.method !== 'HEAD');
    const missing = routes.filter((r) => !Object.keys(r.response ?? {}).some((code) => /^(2\d\d|2xx|30[23])$/.test(code))).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, [], `routes without a declared success response: ${missing.join(', ')}`);
    assert.ok(routes.length >= 60, `only ${routes.length} documented routes`);
  });

  test('an answer missing a declared field, carrying an undeclared one or of the wrong type is refused, not cut to the schema', async () => {
    const app = await buildApp({ db: t.database.db, deployment: t.dep, logger: false, checkResponses: true });
    const Shape = Strict({ id: Type.String(), at: DateTime, note: Nullable(Type.String()) });
    const answers: Record<string, unknown> = {
      good: { id: 'a', at: new Date('2026-01-01T00:00:00Z'), note: null },
      extra: { id: 'a', at: new Date('2026-01-01T00:00:00Z'), note: null, nationalId: '288020122596' },
      missing: { id: 'a', at: new Date('2026-01-01T00:00:00Z') },
      wrong: { id: 'a', at: 'yesterday', note: 7 },
    };
    app.get<{ Params: { kind: string } }>('/api/v1/contract-probe/:kind', { config: { permission: 'public' }, schema: { hide: true, response: { 200: Shape } } }, async (req) => answers[req.params.kind] as never);
    await app.ready();
    try {
      const good = await app.inject('/api/v1/contract-probe/good');
      assert.equal(good.statusCode, 200);
      assert.deepEqual(good.json(), { id: 'a', at: '2026-01-01T00:00:00.000Z', note: null });
      for (const kind of ['extra', 'missing', 'wrong']) {
        const res = await app.inject(`/api/v1/contract-probe/${kind}`);
        assert.equal(res.statusCode, 500, kind);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.ok(!res.body.includes('288020122596'), 'the refused value is not repeated');
      }
    } finally {
      await app.close();
    }
    // without the check the same drift is cut silently: the reason the check exists
    const plain = await buildApp({ db: t.database.db, deployment: t.dep, logger: false, checkResponses: false });
    plain.get('/api/v1/contract-probe', { config: { permission: 'public' }, schema: { hide: true, response: { 200: Shape } } }, async () => answers.extra as never);
    await plain.ready();
    try {
      const res = await plain.inject('/api/v1/contract-probe');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().nationalId, undefined);
    } finally {
      await plain.close();
    }
  });

  test('named schemas are components of the OpenAPI document, referred to by name', async () => {
    const doc = (await api.call('GET', '/api/openapi.json')).body;
    for (const name of ['Grant', 'Household', 'Case', 'Me', 'DeploymentInfo', 'Catalogue', 'Notification', 'AuditEntry']) assert.ok(doc.components.schemas[name], name);
    assert.deepEqual(doc.paths['/api/v1/grants/{id}'].get.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/Grant' });
    assert.ok(!Object.keys(doc.components.schemas).some((k) => /^def-\d+$/.test(k)), 'no unnamed components');
  });

  test('the document built without a database is the one the server serves, and web/src/api/openapi.d.ts is generated from it (npm run api:types)', async () => {
    const served = (await api.call('GET', '/api/openapi.json')).body;
    const built = await openapiDocument();
    assert.deepEqual(built, served);
    const committed = readFileSync(new URL('../../web/src/api/openapi.d.ts', import.meta.url), 'utf8');
    assert.ok(committed === (await openapiTypes(built)), 'web/src/api/openapi.d.ts is not current: run npm run api:types and commit it');
  });
});
