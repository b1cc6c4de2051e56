/**
 * The registry-scale match bench (src/bench/match-registry.ts) at a tiny size, on a real
 * PostgreSQL server: it loads its registry, indexes it through matching's repository, searches the
 * stored records in a child process and answers with figures that add up; a second run reuses
 * the registry (neither loaded nor indexed again) and decides the same. Its database is dropped after.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from '../support/db.js';
import { matchRegistryBench } from '../../src/bench/match-registry.js';

describe('bench match-registry, tiny (PostgreSQL)', () => {
  const prefix = `mizan_t_${randomBytes(4).toString('hex')}`;
  const saved = process.env.MIZAN_BENCH_DB_PREFIX;
  process.env.MIZAN_BENCH_DB_PREFIX = prefix;
  after(async () => {
    if (saved === undefined) delete process.env.MIZAN_BENCH_DB_PREFIX;
    else process.env.MIZAN_BENCH_DB_PREFIX = saved;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop database if exists ${prefix}_match_3000_s7 with (force)`);
    await c.end();
  });

  test('loads, indexes, searches; a second run reuses the registry and decides the same', async () => {
    const opts = { serverUrl: PG_URL!, persons: 3_000, records: 400, seed: 7, batch: 150, concurrency: 2, log: () => {} };
    const a = await matchRegistryBench(opts);
    assert.equal(a.database, `${prefix}_match_3000_s7`);
    assert.equal(a.registry.generatedThisRun, true);
    assert.equal(a.registry.registered, 3_000);
    assert.equal(a.registryPersons, 3_000);
    assert.equal(a.registry.index!.persons, 3_000);
    assert.ok(a.registry.index!.keys > 3_000 * 8);
    assert.equal(a.records, 400);
    assert.ok(a.recordsWithPersonInRegistry > 300 && a.recordsWithPersonInRegistry < 400);
    const s = a.atLink;
    assert.equal(s.truePositives + s.falseNegatives, a.recordsWithPersonInRegistry);
    assert.ok(s.f1 > 0.9, `F1 at link ${s.f1}`);
    assert.ok(a.atReview.recall >= s.recall);
    assert.ok(a.baseline.recall < s.recall);
    assert.ok(a.comparedPerRecord.mean > 0 && a.comparedPerRecord.max <= 7 * 50 + 12 * 50);
    assert.ok(a.holdersByKind.rg > 0 && a.holdersByKind.ide > 0);
    assert.ok(a.rssMaxMiB > 0 && a.seconds.total > 0);

    const b = await matchRegistryBench(opts);
    assert.equal(b.registry.generatedThisRun, false);
    assert.equal(b.registry.index!.at, a.registry.index!.at);
    assert.deepEqual(b.atLink, a.atLink);
    assert.deepEqual(b.holdersByKind, a.holdersByKind);
  });
});
