/**
 * `mizan bench --only what-if` and `--only benefit-cycle`: the programmes module at a national size.
 *
 * what-if: a change of a monthly programme's criteria (a higher income limit, rent taken into
 * account, the amount by household size with a cap) evaluated against the version in force over
 * the facts snapshot of 1 000 000 households, by whatIfCells (programmes/what-if.ts) in a
 * transaction with the ministry's acting context, as POST /programmes/:id/what-if runs it (under
 * household_facts' row-level security). The snapshot is its own database
 * (<MIZAN_BENCH_DB_PREFIX>_whatif_<households>_s<seed>), generated set-based in SQL (one row of
 * `households` per household, for the foreign key, and its facts) with deterministic, hash-based
 * distributions, and kept for later runs (the database comment records what it holds).
 *
 * benefit-cycle: the monthly cycle of a ministry programme with 200 000 households enrolled, on the
 * registry data set of that size (datasets.ts: households with their members and persons, as the
 * grant bench uses), copied for each run so that every run pays the same cycle to the same
 * registry: the programme defined, its criteria published and its regions opened through the
 * programmes' use cases, every household enrolled (set-based), then (a) previewCycle (the enrolled
 * households' facts refreshed, the entitlements computed) and (b) the payment, payBatch after
 * payBatch (each batch through recordGrants → grant_aid(), each entitlement's outcome in the same
 * transaction) until the cycle is paid, by one runner and, on a second copy, by two at once.
 */
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { migrate } from '../db/migrate.js';
import { ensureDeployment, loadDeployment, type Deployment } from '../deployments/setup.js';
import type { Actor } from '../kernel/actor.js';
import { SYSTEM_ACTOR } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import { HOUSING } from '../modules/scoring/need-score.js';
import { checkedFormula, checkedRule } from '../modules/programmes/checked-rule.js';
import { publishCriteria, saveCriteria } from '../modules/programmes/criteria.js';
import { defineProgramme, openProgrammePhase, planProgrammeRegion, setProgrammeStatus } from '../modules/programmes/define-programme.js';
import { approveCycle, PAY_BATCH, payBatch, previewCycle } from '../modules/programmes/benefit-cycle.js';
import { whatIfCells } from '../modules/programmes/what-if.js';
import { admin, postgresDataset, withDatabase } from './datasets.js';
import { explainPath, explainStatements, type ExplainedStatement } from './explain.js';
import { percentile, postgresCpu } from './measure.js';
import { benchDatabasePrefix } from './schema.js';

const ROLLBACK = Symbol('rollback');
const r2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);
const seconds = (t0: number) => r2((performance.now() - t0) / 1000);

/** The criteria in force: income per member at most 60 KWD, a household of two or more with a child, an elder or a disabled member. */
export const CURRENT_RULE = {
  and: [
    { '<=': [{ var: 'incomePerMemberMinor' }, 60_000] },
    { '>=': [{ var: 'members' }, 2] },
    { or: [{ '>=': [{ var: 'children' }, 1] }, { '>=': [{ var: 'elders' }, 1] }, { '>=': [{ var: 'disabledMembers' }, 1] }] },
    { '!=': [{ var: 'housing' }, 'owned'] },
  ],
};
export const CURRENT_BENEFIT = { baseMinor: 50_000, perMemberMinor: 10_000, maxMembers: 8, capMinor: 120_000 };

/**
 * The change proposed: the limit raised to 75 KWD a member, or income after rent at most 60 KWD a
 * member for tenants; a disabled member qualifies a household of one; debts over 5 000 KWD count
 * as need; a household that received more than 150 KWD of cash aid in the last 90 days waits;
 * the amount by household size, capped.
 */
export const PROPOSED_RULE = {
  and: [
    {
      or: [
        { '<=': [{ var: 'incomePerMemberMinor' }, 75_000] },
        { and: [{ '==': [{ var: 'housing' }, 'rented'] }, { '<=': [{ '-': [{ var: 'monthlyIncomeMinor' }, { var: 'monthlyRentMinor' }] }, { '*': [{ var: 'members' }, 60_000] }] }] },
        { '>': [{ var: 'debtsMinor' }, 5_000_000] },
      ],
    },
    { or: [{ '>=': [{ var: 'members' }, 2] }, { '>=': [{ var: 'disabledMembers' }, 1] }] },
    { or: [{ '>=': [{ var: 'children' }, 1] }, { '>=': [{ var: 'elders' }, 1] }, { '>=': [{ var: 'disabledMembers' }, 1] }, { '>=': [{ var: 'chronicallyIllMembers' }, 1] }] },
    { in: [{ var: 'housing' }, ['rented', 'family', 'informal', 'homeless']] },
    { '<=': [{ var: 'cashAid90dMinor' }, 150_000] },
  ],
};
export const PROPOSED_BENEFIT = {
  baseMinor: 40_000, perMemberMinor: 0, maxMembers: 8, capMinor: 130_000,
  bySize: [{ members: 2, amountMinor: 60_000 }, { members: 4, amountMinor: 85_000 }, { members: 6, amountMinor: 110_000 }, { members: 8, amountMinor: 140_000 }],
};

// ---------------------------------------------------------------------------------------------
// Data sets

interface WhatIfMarker { whatIf: 1; households: number; seed: number; loadSeconds: number }

async function readComment(serverUrl: string, name: string): Promise<Record<string, unknown> | null | undefined> {
  return admin(serverUrl, async (c) => {
    const r = await c.query<{ comment: string | null }>(`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`, [name]);
    if (r.rows.length === 0) return undefined;
    try {
      return JSON.parse(r.rows[0]!.comment ?? '') as Record<string, unknown>;
    } catch {
      return null;
    }
  });
}

const writeComment = (serverUrl: string, name: string, m: object) =>
  admin(serverUrl, (c) => c.query(`comment on database ${name} is '${JSON.stringify(m).replaceAll("'", "''")}'`));

/**
 * The facts of `households` households, set-based. Each household's values come from the md5 of
 * (seed, household number): eight uniform draws, so the same seed gives the same snapshot. The
 * region is one of the deployment's level-2 regions (a region's weight grows with its position, so
 * some are large and some small), members 1–9 (most 3–6), children, elders, disabled and chronically
 * ill members among them; 12 % of households have no declaration (income, rent, debts, housing,
 * disability and illness unknown); incomes from none to 3 000 KWD a month, rent for tenants,
 * debts for some, housing of the need score's list (HOUSING), cash aid in the last 90 days for some.
 */
async function generateFacts(db: Kysely<DB>, households: number, seed: number) {
  const housing = `(array[${HOUSING.map((h) => `'${h}'`).join(', ')}])`;
  await sql`
    create temporary table bench_draws on commit drop as
    select n,
           md5(${seed}::text || ':' || n) as a, md5(${seed}::text || ':' || n || ':b') as b
      from generate_series(1, ${households}::int) n`.execute(db);
  await sql`
    create temporary table bench_units on commit drop as
    select n,
           md5(${seed}::text || ':household:' || n)::uuid as id,
           ('x' || substr(a, 1, 8))::bit(32)::bigint / 4294967296.0 as u1,
           ('x' || substr(a, 9, 8))::bit(32)::bigint / 4294967296.0 as u2,
           ('x' || substr(a, 17, 8))::bit(32)::bigint / 4294967296.0 as u3,
           ('x' || substr(a, 25, 8))::bit(32)::bigint / 4294967296.0 as u4,
           ('x' || substr(b, 1, 8))::bit(32)::bigint / 4294967296.0 as u5,
           ('x' || substr(b, 9, 8))::bit(32)::bigint / 4294967296.0 as u6,
           ('x' || substr(b, 17, 8))::bit(32)::bigint / 4294967296.0 as u7,
           ('x' || substr(b, 25, 8))::bit(32)::bigint / 4294967296.0 as u8
      from bench_draws`.execute(db);
  // Regions: level 2 under a level-1 region; a region's chance grows with its position (sqrt of a uniform).
  await sql`
    create temporary table bench_facts on commit drop as
    with regions as (
      select array_agg(code order by code) as codes, array_agg(coalesce(parent_code, code) order by code) as parents, count(*)::int as k
        from regions where level = 2 and parent_code is not null
    ), base as (
      select u.*, 1 + floor(r.k * sqrt(u.u1))::int as ri, r.codes, r.parents,
             -- members 1–9: the sum of two draws, most households of 3 to 6
             least(9, greatest(1, 1 + floor(4.5 * (u.u2 + u.u3))::int)) as members
        from bench_units u cross join regions r
    ), people as (
      select b.*,
             case when members = 1 then 0 else floor((members - 1) * u4 * 0.9)::int end as children,
             case when u5 < 0.18 then 1 when u5 < 0.22 then 2 else 0 end as elders0,
             u6 >= 0.12 as declared
        from base b
    )
    select id, codes[least(ri, array_length(codes, 1))] as region_code, parents[least(ri, array_length(parents, 1))] as province_code,
           members, children, least(elders0, members - children) as elders,
           case when not declared then null when u7 < 0.07 then 1 when u7 < 0.085 then 2 else 0 end as disabled_members,
           case when not declared then null when u8 < 0.10 then 1 when u8 < 0.13 then 2 else 0 end as chronically_ill_members,
           20 + floor(u5 * 60)::int as head_age,
           case when u6 < 0.82 then 'KW' when u6 < 0.9 then 'EG' when u6 < 0.95 then 'IN' else 'SY' end as head_nationality,
           u6 < 0.78 as all_nationals,
           -- income: none for 8 %, else 120–3 000 KWD skewed low (cube of a draw)
           case when not declared then null when u2 < 0.08 then 0::bigint else (120000 + floor(2880000 * u4 * u4 * u4))::bigint end as monthly_income_minor,
           case when not declared then null
                when ${sql.raw(housing)}[1 + floor(u3 * 5)::int] = 'rented' then (150000 + floor(450000 * u8))::bigint else 0::bigint end as monthly_rent_minor,
           case when not declared then null when u7 < 0.55 then 0::bigint else floor(20000000 * u7 * u7 * u7 * u8)::bigint end as debts_minor,
           case when u1 * 7 % 1 < 0.2 then (50000 + floor(250000 * u3))::bigint else 0::bigint end as cash_aid_90d_minor,
           -- housing: owned 20 %, rented 20 %, family 20 %, informal 20 %, homeless 20 % of the raw draw, then most homeless moved to owned
           case when not declared then null
                when ${sql.raw(housing)}[1 + floor(u3 * 5)::int] = 'homeless' and u5 > 0.1 then 'owned'
                else ${sql.raw(housing)}[1 + floor(u3 * 5)::int] end as housing,
           declared
      from people`.execute(db);
  await sql`insert into households (id, region_code, created_at, updated_at) select id, region_code, now() - interval '400 days', now() - interval '400 days' from bench_facts`.execute(db);
  await sql`
    insert into household_facts (household_id, region_code, province_code, members, children, elders, disabled_members, chronically_ill_members,
                                 head_age, head_nationality, all_nationals, monthly_income_minor, income_per_member_minor, monthly_rent_minor,
                                 debts_minor, cash_aid_90d_minor, housing, declared, computed_at)
    select id, region_code, province_code, members, children, elders, disabled_members, chronically_ill_members,
           head_age, head_nationality, all_nationals, monthly_income_minor, monthly_income_minor / members, monthly_rent_minor,
           debts_minor, cash_aid_90d_minor, housing, declared, now()
      from bench_facts`.execute(db);
}

/** The ministry's administrator of the deployment (made once per data set). */
async function ministryAdmin(db: Kysely<DB>, role: 'ministry_admin' | 'ministry_supervisor' = 'ministry_admin'): Promise<Actor> {
  const org = await db.selectFrom('organisations').select('id').where('kind', '=', 'ministry').executeTakeFirstOrThrow();
  let u = await db.selectFrom('users').select(['id', 'national_id']).where('org_id', '=', org.id).where('role', '=', role).orderBy('id').executeTakeFirst();
  if (!u) u = await db.insertInto('users').values({ org_id: org.id, role, national_id: null, display_name: `Bench ${role.replace('_', ' ')}`, phone: null }).returning(['id', 'national_id']).executeTakeFirstOrThrow();
  return { userId: u.id, orgId: org.id, orgKind: 'ministry', role, locale: 'en', nationalId: u.national_id };
}

/** Reads every page of `tables` into the operating system's cache (pg_prewarm in its own schema), as a running server has them. */
async function prewarm(database: Database, tables: string[]) {
  await database.rawSession(async (s) => {
    await s.exec('create schema if not exists bench_tools; create extension if not exists pg_prewarm schema bench_tools');
    for (const t of tables) await s.query(`select bench_tools.pg_prewarm('${t}'::regclass, 'read')`);
  });
}

/** The what-if data set, generated when missing (or --fresh), then opened and migrated. */
export async function whatIfDataset(opts: { serverUrl: string; households: number; seed: number; log: (l: string) => void; fresh?: boolean }) {
  const name = `${benchDatabasePrefix()}_whatif_${opts.households}_s${opts.seed}`;
  const url = withDatabase(opts.serverUrl, name);
  let marker = (await readComment(opts.serverUrl, name)) as WhatIfMarker | null | undefined;
  if (marker === null || (marker && marker.whatIf !== 1)) throw new Error(`The database ${name} exists but was not made by this bench (no what-if comment): not touched.`);
  if (marker && (opts.fresh || marker.households !== opts.households || marker.seed !== opts.seed)) {
    await admin(opts.serverUrl, (c) => c.query(`drop database ${name} with (force)`));
    marker = undefined;
  }
  let generatedThisRun = false;
  if (!marker) {
    opts.log(`what-if: generating the facts of ${opts.households.toLocaleString('en')} households into ${name}…`);
    const t0 = performance.now();
    await admin(opts.serverUrl, (c) => c.query(`create database ${name}`));
    // Ours from the start: a load stopped half-way is dropped and made again by the next run.
    await writeComment(opts.serverUrl, name, { whatIf: 1, households: -1, seed: opts.seed, loadSeconds: 0 });
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      await migrate(database);
      await ensureDeployment(database.db, 'KW');
      await ministryAdmin(database.db);
      await database.db.transaction().execute((trx) => generateFacts(trx, opts.households, opts.seed));
      await database.rawSession((s) => s.exec('vacuum analyze households, household_facts'));
    } finally {
      await database.close();
    }
    marker = { whatIf: 1, households: opts.households, seed: opts.seed, loadSeconds: seconds(t0) };
    await writeComment(opts.serverUrl, name, marker);
    generatedThisRun = true;
    opts.log(`what-if: ${opts.households.toLocaleString('en')} households' facts generated in ${marker.loadSeconds} s`);
  }
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await migrate(database);
    await prewarm(database, ['household_facts', 'household_facts_pkey']);
  } catch (e) {
    await database.close();
    throw e;
  }
  return { name, database, marker, generatedThisRun };
}

// ---------------------------------------------------------------------------------------------
// what-if

export interface WhatIfBenchOptions {
  serverUrl: string;
  households: number;
  seed: number;
  /** Measured runs (after two unmeasured ones). */
  runs: number;
  log: (l: string) => void;
  fresh?: boolean;
}

export async function whatIfBench(opts: WhatIfBenchOptions) {
  const ds = await whatIfDataset(opts);
  const db = ds.database.db;
  try {
    const actor = await ministryAdmin(db);
    const now = { ruleSql: checkedRule(CURRENT_RULE).sql, benefitSql: checkedFormula(CURRENT_BENEFIT)!.sql };
    const proposed = { ruleSql: checkedRule(PROPOSED_RULE).sql, benefitSql: checkedFormula(PROPOSED_BENEFIT)!.sql };
    const facts = Number((await sql<{ n: string }>`select count(*) as n from household_facts`.execute(db)).rows[0]!.n);
    const once = async (cdb: Kysely<DB> = db) => {
      const t0 = performance.now();
      const cells = await inTx(cdb, actor, (trx) => whatIfCells(trx, now, proposed));
      return { ms: performance.now() - t0, cells };
    };
    for (let i = 0; i < 2; i++) await once();
    const times: number[] = [];
    let cells: Awaited<ReturnType<typeof once>>['cells'] = [];
    for (let i = 0; i < opts.runs; i++) {
      const r = await once();
      times.push(r.ms);
      cells = r.cells;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = r2(percentile(sorted, 50));
    const p95 = r2(percentile(sorted, 95));
    const total = { now_h: 0, now_p: 0, now_b: 0, new_h: 0, new_p: 0, new_b: 0, gain: 0, lose: 0 };
    for (const { cell } of cells) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += cell[k];
    const plans = await explainPath(db, actor, (cdb) => inTx(cdb, actor, (trx) => whatIfCells(trx, now, proposed)));
    const settings = (await sql<{ name: string; setting: string }>`select name, current_setting(name) as setting from pg_settings
      where name in ('jit', 'jit_above_cost', 'max_parallel_workers_per_gather', 'parallel_setup_cost', 'work_mem') order by name`.execute(db)).rows;
    opts.log(`what-if over ${facts.toLocaleString('en')} households: median ${median} ms, p95 ${p95} ms (${opts.runs} runs), ${Math.round(facts / (median / 1000)).toLocaleString('en')} households/s; now ${total.now_h} households, proposed ${total.new_h}, gain ${total.gain}, lose ${total.lose}`);
    return {
      database: ds.name,
      dataset: { ...ds.marker, generatedThisRun: ds.generatedThisRun },
      households: facts,
      regions: cells.length,
      runs: opts.runs,
      ms: { median, p95, min: r2(sorted[0]!), max: r2(sorted.at(-1)!), all: times.map(r2) },
      householdsPerSecond: Math.round(facts / (median / 1000)),
      totals: total,
      rules: { current: CURRENT_RULE, currentBenefit: CURRENT_BENEFIT, proposed: PROPOSED_RULE, proposedBenefit: PROPOSED_BENEFIT },
      settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
      plans: plans.slice(0, 2) as ExplainedStatement[],
    };
  } finally {
    await ds.database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// benefit-cycle

export interface BenefitCycleBenchOptions {
  serverUrl: string;
  households: number;
  seed: number;
  /** The runner counts to measure the payment with, each on a fresh copy of the registry (default 1 and 2). */
  runners: number[];
  batch?: number;
  log: (l: string) => void;
  fresh?: boolean;
}

/** The cycle's programme: monthly cash from the general budget, the criteria in force above, every first-level region opened. */
async function monthlyProgramme(db: Kysely<DB>, dep: Deployment, minister: Actor, now: Date) {
  const p = await inTx(db, minister, (trx) => defineProgramme(trx, minister, dep, {
    code: 'bench-monthly-benefit', kind: 'cash', aidTypeCode: 'monthly-benefit', funding: 'general',
    names: { en: 'Monthly cash benefit', ar: 'الإعانة النقدية الشهرية', fa: 'مستمری نقدی ماهانه' },
  }, now));
  await inTx(db, minister, async (trx) => {
    await saveCriteria(trx, minister, dep, p.id, { rule: CURRENT_RULE, benefit: CURRENT_BENEFIT }, now);
    await publishCriteria(trx, minister, dep, p.id, now);
    for (const r of dep.regions.values()) if (r.level === 1) await planProgrammeRegion(trx, minister, dep, p.id, r.code, { phase: 1 }, now);
    await openProgrammePhase(trx, minister, dep, p.id, 1, now);
    await setProgrammeStatus(trx, minister, dep, p.id, 'active', now);
  });
  return p.id;
}

/** Every household of the registry enrolled in the programme (set-based, as the owner), each with its first-level region. */
async function enrolAll(db: Kysely<DB>, programmeId: string, since: Date) {
  const r = await sql`
    insert into enrolments (programme_id, household_id, province_code, since)
    select ${programmeId}::uuid, h.id, coalesce(r.parent_code, r.code), ${since}
      from households h join regions r on r.code = h.region_code`.execute(db);
  await sql`analyze enrolments`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The plan's text with each long array literal ('{…}'::uuid[]) replaced by `instead`. */
function elideArrays(plan: string, instead: string) {
  let out = '';
  let at = 0;
  for (;;) {
    const start = plan.indexOf("'{", at);
    const end = start < 0 ? -1 : plan.indexOf("}'", start);
    if (end < 0) return out + plan.slice(at);
    out += plan.slice(at, start + 1) + (end - start > 200 ? instead : plan.slice(start + 1, end + 1));
    at = end + 1;
  }
}

/** One cycle computed and paid on a fresh copy of the registry, by `runners` runners at once. */
async function oneCycle(template: string, opts: BenefitCycleBenchOptions, runners: number) {
  const name = `${benchDatabasePrefix()}_cycle_${opts.households}_s${opts.seed}`;
  const previous = await readComment(opts.serverUrl, name);
  if (previous !== undefined && (previous === null || previous.benefitCycleCopy !== 1)) throw new Error(`The database ${name} exists but was not made by this bench: not touched.`);
  const t0 = performance.now();
  await admin(opts.serverUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    // The data set's own connections, just closed, end a moment later (ten seconds at most).
    for (let i = 0; i < 100; i++) {
      const r = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [template]);
      if (r.rows[0]!.n === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await c.query(`create database ${name} template ${template} strategy file_copy`);
  });
  await writeComment(opts.serverUrl, name, { benefitCycleCopy: 1, of: template });
  const copySeconds = seconds(t0);
  const database = await openDatabase({ url: withDatabase(opts.serverUrl, name), poolSize: runners + 2 });
  try {
    const db = database.db;
    const dep = await loadDeployment(db);
    const minister = await ministryAdmin(db, 'ministry_admin');
    const supervisor = await ministryAdmin(db, 'ministry_supervisor');
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const t1 = performance.now();
    const programmeId = await monthlyProgramme(db, dep, minister, now);
    const enrolled = await enrolAll(db, programmeId, new Date(now.getTime() - 40 * 86_400_000));
    const setupSeconds = seconds(t1);
    await sql`checkpoint`.execute(db);

    const t2 = performance.now();
    const preview = await inTx(db, minister, (trx) => previewCycle(trx, minister, dep, programmeId, month, now));
    const previewSeconds = seconds(t2);
    opts.log(`benefit-cycle (${runners} runner${runners > 1 ? 's' : ''}): ${enrolled.toLocaleString('en')} enrolled; preview ${previewSeconds} s: ${preview.households.toLocaleString('en')} entitlements, ${preview.total} ${dep.currency.code}`);
    // The entitlements' statistics, as autovacuum gathers them between the preview and its approval
    // by someone else (this server runs without autovacuum; without them the planner takes each
    // household's row through the index of all the cycle's unpaid ones).
    await sql`analyze entitlements`.execute(db);
    await inTx(db, supervisor, (trx) => approveCycle(trx, supervisor, dep, preview.id, now));
    const approver = { userId: supervisor.userId, orgId: supervisor.orgId!, role: supervisor.role };

    const batch = opts.batch ?? PAY_BATCH;
    let batches = 0;
    const batchMs: number[] = [];
    const runner = async () => {
      for (;;) {
        const tb = performance.now();
        const more = await inTx(db, SYSTEM_ACTOR, (trx) => payBatch(trx, dep, preview.id, approver, batch, new Date()));
        batchMs.push(performance.now() - tb);
        batches++;
        if (!more) return;
      }
    };
    const backendCpu = postgresCpu(async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db)).rows.map((r) => r.pid));
    const cpu0 = await backendCpu();
    const node0 = process.cpuUsage();
    const t3 = performance.now();
    await Promise.all(Array.from({ length: runners }, runner));
    const paySeconds = seconds(t3);
    const nodeUsage = process.cpuUsage(node0);
    const nodeCpu = r2((nodeUsage.user + nodeUsage.system) / 1e6);
    const pgCpu = r2(((await backendCpu()) - cpu0) / 1000);
    const outcomes = (await sql<{ outcome: string | null; n: number }>`select outcome, count(*)::int as n from entitlements where cycle_id = ${preview.id}::uuid group by outcome order by 2 desc`.execute(db)).rows;
    const status = (await sql<{ status: string }>`select status from benefit_cycles where id = ${preview.id}::uuid`.execute(db)).rows[0]!.status;
    const grants = Number((await sql<{ n: string }>`select count(*) as n from grants where programme_id = ${programmeId}::uuid`.execute(db)).rows[0]!.n);
    const sortedBatch = [...batchMs].sort((a, b) => a - b);
    opts.log(`benefit-cycle (${runners} runner${runners > 1 ? 's' : ''}): paid in ${paySeconds} s, ${grants.toLocaleString('en')} grants (${Math.round(grants / paySeconds)} grants/s), ${batches} batches of ${batch} (p50 ${r2(percentile(sortedBatch, 50))} ms, first tenth ${r2(mean(batchMs.slice(0, Math.ceil(batchMs.length / 10))))} ms, last ${r2(mean(batchMs.slice(-Math.ceil(batchMs.length / 10))))} ms), CPU: PostgreSQL ${pgCpu} s, Node ${nodeCpu} s, cycle ${status}; outcomes ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')}`);

    // What limits the preview: its refresh of the enrolled households' facts timed again alone (rolled
    // back), and the plan of its read of household_facts_live for them.
    const ids = (await sql<{ household_id: string }>`select household_id from enrolments where programme_id = ${programmeId}::uuid and status = 'active'`.execute(db)).rows.map((r) => r.household_id);
    let refreshSeconds = 0;
    await inTx(db, minister, async (trx) => {
      const tr = performance.now();
      await sql`select programmes_refresh_facts(${ids}::uuid[])`.execute(trx);
      refreshSeconds = seconds(tr);
      throw ROLLBACK;
    }).catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
    const plans = (await explainStatements(db, minister, [{ sql: 'select count(*), sum(members), sum(monthly_income_minor) from household_facts_live where household_id = any($1::uuid[])', parameters: [ids] }]))
      // the plan prints the array of 200 000 identifiers in full
      .map((p) => ({ ...p, plan: elideArrays(p.plan, `{… ${ids.length} households …}`) }));
    return {
      database: name, runners, copySeconds, setupSeconds, enrolled,
      preview: { seconds: previewSeconds, refreshSeconds, households: preview.households, total: preview.total },
      pay: {
        seconds: paySeconds, grants, grantsPerSecond: Math.round(grants / paySeconds), batches, batchSize: batch, status, outcomes,
        batchMs: {
          p50: r2(percentile(sortedBatch, 50)), p95: r2(percentile(sortedBatch, 95)), max: r2(sortedBatch.at(-1) ?? 0),
          // the first and the last tenth of the batches: what grows as the cycle is paid
          firstTenth: r2(mean(batchMs.slice(0, Math.ceil(batchMs.length / 10)))), lastTenth: r2(mean(batchMs.slice(-Math.ceil(batchMs.length / 10)))),
        },
      },
      serverCpuSeconds: pgCpu, nodeCpuSeconds: nodeCpu,
      plans,
    };
  } finally {
    await database.close();
  }
}

export async function benefitCycleBench(opts: BenefitCycleBenchOptions) {
  const ds = await postgresDataset(opts.serverUrl, { households: opts.households, seed: opts.seed, country: 'KW' }, { poolSize: 2, log: opts.log, ...(opts.fresh ? { fresh: true } : {}) });
  const template = ds.name;
  const registry = { name: ds.name, ...ds.marker, generatedThisRun: ds.loaded !== null };
  // A template database takes no connections while it is copied.
  await ds.database.close();
  const runs = [];
  for (const n of opts.runners) runs.push(await oneCycle(template, opts, n));
  return { registry, runs };
}
