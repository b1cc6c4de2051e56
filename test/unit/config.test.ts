/** Settings from the environment: defaults, accepted values, and a plain error for anything else. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';

describe('configuration', () => {
  test('defaults: embedded database with demo data, caches and grant batching on', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demo, true);
    assert.equal(c.poolCacheTtlMs, 2000);
    assert.equal(c.authCacheTtlMs, 5000);
    assert.equal(c.grantBatchMax, 32);
    assert.equal(c.grantInFlight, 2);
    assert.deepEqual(c.rateLimits, { windowMs: 60_000, user: 600, organisation: 6000, sensitive: 120, signIn: 120 });
  });

  test('rate limits are set from the environment; 0 turns one off; a bad value is named', () => {
    const c = loadConfig({ MIZAN_RATE_USER: '50', MIZAN_RATE_ORG: '0', MIZAN_RATE_SENSITIVE: '7', MIZAN_RATE_SIGN_IN: '9' });
    assert.deepEqual(c.rateLimits, { windowMs: 60_000, user: 50, organisation: 0, sensitive: 7, signIn: 9 });
    assert.throws(() => loadConfig({ MIZAN_RATE_ORG: 'lots' }), /MIZAN_RATE_ORG must be a whole number/);
  });

  test('grant batching and caches are set from the environment; 1 grant per transaction turns batching off', () => {
    const c = loadConfig({ MIZAN_GRANT_BATCH_MAX: '1', MIZAN_GRANT_IN_FLIGHT: '4', MIZAN_POOL_CACHE_MS: '0' });
    assert.equal(c.grantBatchMax, 1);
    assert.equal(c.grantInFlight, 4);
    assert.equal(c.poolCacheTtlMs, 0);
  });

  test('a value that is not a whole number in range is refused, naming the setting', () => {
    assert.throws(() => loadConfig({ MIZAN_GRANT_IN_FLIGHT: 'x' }), /MIZAN_GRANT_IN_FLIGHT must be a whole number/);
    assert.throws(() => loadConfig({ MIZAN_GRANT_BATCH_MAX: '1001' }), /MIZAN_GRANT_BATCH_MAX/);
    assert.throws(() => loadConfig({ MIZAN_POOL_CACHE_MS: '-1' }), /MIZAN_POOL_CACHE_MS/);
  });
});
