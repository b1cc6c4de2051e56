/**
 * Mizan serves the built web app itself: files as they are (hashed assets cached for good),
 * index.html for the app's own addresses so a reload works, and never the app for an API,
 * sign-in or problem address (those keep their problem+json 404). Nothing outside dist/web.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuild } from './support.js';
import { WEB_ROOT } from '../../src/http/web.js';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeApi, type Api } from '../support/http.js';

describe('web app served by Mizan', () => {
  let t: TestDb;
  let api: Api;
  before(async () => {
    await ensureWebBuild();
    t = await freshDatabase('pglite');
    api = await makeApi(t);
  });
  after(async () => {
    await api.app.close();
    await t.close();
  });

  test('the app at / and at its own addresses (a reload of /charity/pool works), not cached', async () => {
    for (const path of ['/', '/charity/pool', '/me/requests/new?x=1', '/ministry/audit']) {
      const res = await api.call('GET', path);
      assert.equal(res.status, 200, path);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(String(res.body), /<div id="root"><\/div>/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    }
  });

  test('hashed assets are sent as they are and cached for a year', async () => {
    const js = readdirSync(join(WEB_ROOT, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await api.call('GET', `/assets/${js}`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.match(String(res.headers['cache-control']), /max-age=31536000, immutable/);
  });

  test('API, sign-in and problem addresses never fall through to the app', async () => {
    for (const path of ['/api/v1/nothing-here', '/api/openapi.json.bak', '/auth/nothing', '/problems/nothing']) {
      const res = await api.call('GET', path);
      assert.equal(res.status, 404, path);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, path);
      assert.equal(res.body.type, '/problems/not-found');
    }
  });

  test('nothing outside dist/web is served', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/../../../package.json']) {
      const res = await api.call('GET', path);
      assert.ok(!String(res.body).includes('"name": "mizan"'), `${path} leaked a file`);
    }
  });
});
