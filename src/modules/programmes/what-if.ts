/**
 * POLICY WHAT-IF. Before publishing, the ministry sees what a change of criteria or amounts would
 * do across the whole registry: households and persons covered, the budget per period, per region,
 * and how many would gain or lose eligibility compared with the version in force. Both rules (and
 * both formulas) are compiled to SQL (rules/compile-sql.ts, rules/benefit.ts) and evaluated in one
 * set-based pass over the facts snapshot (household_facts), grouped by first-level region; nothing
 * is stored. Counts of 1 to SMALL_CELL - 1 are suppressed, and the budget of a suppressed cell with them,
 * so a preview never points at a household.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { formatMinor } from '../../shared/money.js';
import { checkedFormula, checkedRule } from './checked-rule.js';
import { manageableProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';
import type { WhatIfView } from './programmes.contracts.js';

export const SMALL_CELL = 5;

interface Cell {
  now_h: number; now_p: number; now_b: number;
  new_h: number; new_p: number; new_b: number;
  gain: number; lose: number;
}

/**
 * The sums of one pass, per region: SQL text built from compiled rules only (never from input text).
 * Each household's two verdicts are computed once (the inner select; `offset 0` keeps the planner
 * from folding it into the aggregates, which would evaluate each rule once per sum), and each
 * amount only for a household that passes. The expressions are evaluated as they are, without
 * compiling them to machine code first: for one pass over the snapshot, LLVM's compilation costs
 * more than it saves (the what-if bench, BENCHMARKS.md).
 */
export async function whatIfCells(db: Executor, now: { ruleSql: string; benefitSql: string | null } | null, proposed: { ruleSql: string; benefitSql: string | null }) {
  const nowRule = now ? `(${now.ruleSql}) is true` : 'false';
  const newRule = `(${proposed.ruleSql}) is true`;
  const nowBen = now?.benefitSql ? `(${now.benefitSql})` : '0';
  const newBen = proposed.benefitSql ? `(${proposed.benefitSql})` : '0';
  await sql`select set_config('jit', 'off', true)`.execute(db);
  const r = await sql<{ province_code: string } & Record<keyof Cell, string | number>>`
    select v.province_code,
           count(*) filter (where v.now_ok) as now_h,
           coalesce(sum(v.members) filter (where v.now_ok), 0) as now_p,
           coalesce(sum(case when v.now_ok then ${sql.raw(nowBen)} end), 0) as now_b,
           count(*) filter (where v.new_ok) as new_h,
           coalesce(sum(v.members) filter (where v.new_ok), 0) as new_p,
           coalesce(sum(case when v.new_ok then ${sql.raw(newBen)} end), 0) as new_b,
           count(*) filter (where v.new_ok and not v.now_ok) as gain,
           count(*) filter (where v.now_ok and not v.new_ok) as lose
      from (select f.*, ${sql.raw(nowRule)} as now_ok, ${sql.raw(newRule)} as new_ok from household_facts f offset 0) v
     group by v.province_code
     order by v.province_code`.execute(db);
  return r.rows.map((x) => ({
    regionCode: x.province_code,
    cell: Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'province_code').map(([k, v]) => [k, Number(v)])) as unknown as Cell,
  }));
}

/** A count of 1 to 4 is suppressed (null); none is not a person. */
const suppress = (n: number) => (n > 0 && n < SMALL_CELL ? null : n);
const small = (n: number) => n > 0 && n < SMALL_CELL;

export async function whatIf(db: Executor, actor: Actor, dep: Deployment, programmeId: string, input: { rule?: unknown; benefit?: unknown }, clock: () => Date): Promise<WhatIfView> {
  await manageableProgramme(db, actor, programmeId);
  const versions = await programmesRepository.versions(db, programmeId);
  const current = versions.find((v) => v.state === 'published');
  const draft = versions.find((v) => v.state === 'draft');
  const base = draft ?? current;
  const rule = input.rule !== undefined ? checkedRule(input.rule).sql : base?.rule_sql ?? checkedRule(false).sql;
  const benefit = input.benefit !== undefined ? checkedFormula(input.benefit)?.sql ?? null : base?.benefit_sql ?? null;
  const started = clock().getTime();
  const cells = await whatIfCells(db, current ? { ruleSql: current.rule_sql, benefitSql: current.benefit_sql } : null, { ruleSql: rule, benefitSql: benefit });
  const elapsedMs = clock().getTime() - started;
  const stats = await sql<{ n: string; at: Date | null }>`select count(*) as n, min(computed_at) as at from household_facts`.execute(db);
  const total: Cell = { now_h: 0, now_p: 0, now_b: 0, new_h: 0, new_p: 0, new_b: 0, gain: 0, lose: 0 };
  for (const { cell } of cells) for (const k of Object.keys(total) as (keyof Cell)[]) total[k] += cell[k];
  const money = (minor: number, households: number) => (small(households) ? null : formatMinor(minor, dep.currency));
  const side = (c: Cell, which: 'now' | 'new') => ({
    households: suppress(c[`${which}_h`]), persons: small(c[`${which}_h`]) ? null : c[`${which}_p`], budget: money(c[`${which}_b`], c[`${which}_h`]),
  });
  return {
    programmeId,
    version: current?.version ?? null,
    households: Number(stats.rows[0]!.n),
    factsAt: stats.rows[0]!.at ? new Date(stats.rows[0]!.at).toISOString() : null,
    now: side(total, 'now'),
    proposed: side(total, 'new'),
    gain: suppress(total.gain),
    lose: suppress(total.lose),
    regions: cells.map(({ regionCode, cell }) => ({ regionCode, now: side(cell, 'now'), proposed: side(cell, 'new'), gain: suppress(cell.gain), lose: suppress(cell.lose) })),
    suppressedBelow: SMALL_CELL,
    elapsedMs,
  };
}

/** What a rule and formula cover over the registry now, per region (unsuppressed: stored, shown suppressed). */
export async function projectionOf(db: Executor, ruleSql: string, benefitSql: string | null) {
  const cells = await whatIfCells(db, null, { ruleSql, benefitSql });
  return { at: new Date().toISOString(), regions: cells.map(({ regionCode, cell }) => ({ regionCode, households: cell.new_h, persons: cell.new_p, budgetMinor: cell.new_b })) };
}
