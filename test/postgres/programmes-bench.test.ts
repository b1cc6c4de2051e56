/**
 * The programmes benches (src/bench/programmes.ts) at a tiny size, on a real PostgreSQL server.
 * what-if: the facts snapshot is generated, the what-if's counts and budgets are those of the rules
 * and formulas evaluated household by household in TypeScript (evaluate.ts, benefitAmount), its
 * plan runs without JIT and calls no function per row for the ministry; a second run reuses the
 * snapshot and answers the same. benefit-cycle: the registry copied for each run, every household
 * enrolled, the cycle computed and paid by one runner and by two at once: one grant per entitlement,
 * every entitlement with its outcome, the cycle paid. The databases are dropped after.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from '../support/db.js';
import { CURRENT_BENEFIT, CURRENT_RULE, PROPOSED_BENEFIT, PROPOSED_RULE, benefitCycleBench, whatIfBench } from '../../src/bench/programmes.js';
import { factsFromRow } from '../../src/modules/programmes/household-facts.js';
import { benefitAmount, evaluate, requireFormula, requireRule } from '../../src/modules/programmes/rules/index.js';

describe('bench what-if and benefit-cycle, tiny (PostgreSQL)', () => {
  const prefix = `mizan_t_${randomBytes(4).toString('hex')}`;
  const saved = process.env.MIZAN_BENCH_DB_PREFIX;
  process.env.MIZAN_BENCH_DB_PREFIX = prefix;
  const query = async <T extends pg.QueryResultRow>(database: string, text: string) => {
    const u = new URL(PG_URL!);
    u.pathname = `/${database}`;
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    try {
      return (await c.query<T>(text)).rows;
    } finally {
      await c.end();
    }
  };
  after(async () => {
    if (saved === undefined) delete process.env.MIZAN_BENCH_DB_PREFIX;
    else process.env.MIZAN_BENCH_DB_PREFIX = saved;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const name of ['whatif_3000_s7', 'kw_300_s7', 'cycle_300_s7']) await c.query(`drop database if exists ${prefix}_${name} with (force)`);
    await c.end();
  });

  test('what-if: the counts and budgets of the rules evaluated one household at a time; no JIT, no function per row; reused the second time', async () => {
    const opts = { serverUrl: PG_URL!, households: 3_000, seed: 7, runs: 2, log: () => {} };
    const a = await whatIfBench(opts);
    assert.equal(a.database, `${prefix}_whatif_3000_s7`);
    assert.equal(a.dataset.generatedThisRun, true);
    assert.equal(a.households, 3_000);
    assert.ok(a.regions >= 2 && a.regions <= 6, `${a.regions} first-level regions`);
    assert.equal(a.ms.all.length, 2);
    assert.ok(a.ms.median > 0 && a.ms.p95 >= a.ms.median);

    // The same sums, household by household, in TypeScript.
    const rows = await query<Record<string, unknown>>(a.database, 'select * from household_facts');
    const [now, next, nowBen, nextBen] = [requireRule(CURRENT_RULE), requireRule(PROPOSED_RULE), requireFormula(CURRENT_BENEFIT), requireFormula(PROPOSED_BENEFIT)];
    const want = { now_h: 0, now_p: 0, now_b: 0, new_h: 0, new_p: 0, new_b: 0, gain: 0, lose: 0 };
    for (const row of rows) {
      const f = factsFromRow(row);
      const was = evaluate(now, f).passed;
      const will = evaluate(next, f).passed;
      if (was) Object.assign(want, { now_h: want.now_h + 1, now_p: want.now_p + (f.members as number), now_b: want.now_b + benefitAmount(nowBen, f) });
      if (will) Object.assign(want, { new_h: want.new_h + 1, new_p: want.new_p + (f.members as number), new_b: want.new_b + benefitAmount(nextBen, f) });
      if (will && !was) want.gain++;
      if (was && !will) want.lose++;
    }
    assert.deepEqual(a.totals, want);
    assert.ok(want.now_h > 100 && want.gain > 0 && want.lose > 0, JSON.stringify(want));
    // Some households have no declaration, and every housing code occurs.
    assert.ok(rows.some((r) => r.declared === false && r.monthly_income_minor === null));
    assert.deepEqual(new Set(rows.map((r) => r.housing).filter((h) => h !== null)).size, 5);

    const plan = a.plans.find((p) => /household_facts/.test(p.sql))!.plan;
    assert.match(plan, /Seq Scan on household_facts/);
    assert.doesNotMatch(plan, /JIT:/);
    // The ministry's read is decided once for the statement (an InitPlan), before any per-row function.
    assert.match(plan, /Filter: \(\$\d+ OR mizan_can_see_household\(household_id\)\)/);

    const b = await whatIfBench(opts);
    assert.equal(b.dataset.generatedThisRun, false);
    assert.equal(b.dataset.loadSeconds, a.dataset.loadSeconds);
    assert.deepEqual(b.totals, a.totals);
  });

  test('benefit-cycle: each run on its own copy of the registry; one runner and two pay each entitlement once and the cycle ends paid', async () => {
    const r = await benefitCycleBench({ serverUrl: PG_URL!, households: 300, seed: 7, runners: [1, 2], batch: 40, log: () => {} });
    assert.equal(r.registry.name, `${prefix}_kw_300_s7`);
    assert.equal(r.registry.households, 300);
    assert.equal(r.runs.length, 2);
    for (const run of r.runs) {
      assert.equal(run.database, `${prefix}_cycle_300_s7`);
      assert.equal(run.enrolled, 300);
      assert.equal(run.preview.households, 300, 'every household receives at least the base amount');
      assert.equal(run.pay.status, 'paid');
      assert.equal(run.pay.outcomes.reduce((s, o) => s + o.n, 0), 300);
      assert.ok(run.pay.outcomes.every((o) => o.outcome !== null), JSON.stringify(run.pay.outcomes));
      const granted = run.pay.outcomes.find((o) => o.outcome === 'granted')?.n ?? 0;
      assert.equal(run.pay.grants, granted, 'one grant for each entitlement granted, none twice');
      assert.ok(run.pay.batches >= Math.ceil(300 / 40));
      assert.ok(run.preview.seconds > 0 && run.pay.seconds > 0);
    }
    assert.deepEqual(r.runs.map((x) => x.runners), [1, 2]);
    // The last run's copy: each household granted once in the cycle, each grant named by its entitlement.
    const [row] = await query<{ grants: string; households: string; linked: string }>(r.runs[1]!.database, `
      select count(*) as grants, count(distinct g.household_id) as households, count(e.grant_id) as linked
        from grants g left join entitlements e on e.grant_id = g.id where g.programme_id is not null`);
    assert.equal(Number(row!.grants), Number(row!.households));
    assert.equal(Number(row!.linked), Number(row!.grants));
  });
});
