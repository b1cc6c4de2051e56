/** The audit checkpoint settings: where the key and the file are, by engine; intervals in range. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';

describe('configuration: audit checkpoints', () => {
  test('embedded database: the key and the file in the data directory; hourly; ten minutes of tolerance', () => {
    const c = loadConfig({ MIZAN_DATA_DIR: '/srv/mizan' }).auditCheckpoints;
    assert.deepEqual(c, {
      file: join('/srv/mizan', 'audit-checkpoints.jsonl'),
      signingKeyFile: join('/srv/mizan', 'audit-signing-key.pem'),
      publicKeyFile: null,
      intervalMs: 3_600_000,
      toleranceMs: 600_000,
    });
  });

  test('PostgreSQL: no signing key unless one is given (the key is kept off the database host)', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/mizan' }).auditCheckpoints.signingKeyFile, null);
    const c = loadConfig({ DATABASE_URL: 'postgres://db/mizan', MIZAN_AUDIT_SIGNING_KEY: 'keys/k.pem', MIZAN_AUDIT_PUBLIC_KEY: 'keys/p.pem', MIZAN_AUDIT_CHECKPOINTS: 'cp.jsonl', MIZAN_AUDIT_CHECKPOINT_INTERVAL_S: '600', MIZAN_AUDIT_TIME_TOLERANCE_S: '0' }).auditCheckpoints;
    assert.deepEqual(c, { file: resolve('cp.jsonl'), signingKeyFile: resolve('keys/k.pem'), publicKeyFile: resolve('keys/p.pem'), intervalMs: 600_000, toleranceMs: 0 });
  });

  test('an interval under a minute or over a day, or a tolerance that is not a whole number, is refused naming the setting', () => {
    assert.throws(() => loadConfig({ MIZAN_AUDIT_CHECKPOINT_INTERVAL_S: '59' }), /MIZAN_AUDIT_CHECKPOINT_INTERVAL_S must be a whole number from 60 to 86400/);
    assert.throws(() => loadConfig({ MIZAN_AUDIT_CHECKPOINT_INTERVAL_S: '86401' }), /MIZAN_AUDIT_CHECKPOINT_INTERVAL_S/);
    assert.throws(() => loadConfig({ MIZAN_AUDIT_TIME_TOLERANCE_S: '1.5' }), /MIZAN_AUDIT_TIME_TOLERANCE_S must be a whole number/);
  });
});
