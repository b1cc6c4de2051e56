/**
 * ENTITLEMENT CYCLES. On the first of each month (the job monthlyCyclesJob), or when its staff ask,
 * the programme's period's entitlements are computed: every
 * household actively enrolled, in a region the programme has opened, with its amount by the
 * benefit formula in force — one set-based statement over the facts snapshot, refreshed for those
 * households first (programmes.repository.ts createCycle). One cycle per programme and period (a
 * unique key): asking again computes a preview afresh (the same facts give the same entitlements),
 * and answers an approved or paid cycle as it is. The preview shows each region's total against
 * its budget per period; it is approved by someone other than who computed it (the check
 * benefit_cycles_four_eyes), and not while a region is over its budget; approving schedules the
 * payment.
 *
 * Paying is a typed job in batches (payCycleJob): each batch takes entitlements not yet recorded
 * (locked, skipping those another runner holds), records them as grants through the one grant
 * path (grants/record-grants.ts: the no-duplicate rule, the zakat check, the audit), and writes
 * each entitlement's outcome in the same transaction. A batch that fails is retried; one killed
 * half-way left nothing; an entitlement with an outcome is never paid again, so a second run of
 * the same cycle pays nobody twice.
 */
import { Type } from 'typebox';
import type { Deployment } from '../../deployments/setup.js';
import { SYSTEM_ACTOR, type Acting, type Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Executor } from '../../db/database.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { recordGrants } from '../grants/record-grants.js';
import type { GrantItem } from '../grants/grants.repository.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { Refused } from '../registry/lookups.js';
import { manageableProgramme } from './define-programme.js';
import { versionInForce } from './decide-eligibility.js';
import { programmesRepository } from './programmes.repository.js';
import { cycleView } from './views.js';

/** Entitlements a batch pays: at 200 000 households 1 000 a batch cost less of the server than 500 (the benefit-cycle bench, BENCHMARKS.md). */
export const PAY_BATCH = 1_000;
/** Chains of batches an approval starts: each worker process pays one at a time, two workers pay at once. */
export const PAY_CHAINS = 2;
const payKey = (cycleId: string, chain: number, batch: number) => `pay-cycle:${cycleId}:${chain}:${batch}`;

async function view(db: Executor, dep: Deployment, id: string) {
  const c = await programmesRepository.cycle(db, id);
  if (!c) throw notFound('The cycle');
  return cycleView(c, await programmesRepository.cycleOutcomes(db, id), await programmesRepository.cycleRegions(db, id), dep.currency);
}

export async function readCycle(db: Executor, dep: Deployment, id: string) {
  return view(db, dep, id);
}

export async function listCycles(db: Executor, dep: Deployment, programmeId: string) {
  const rows = await programmesRepository.cycles(db, programmeId);
  return Promise.all(rows.map(async (c) => cycleView(c, await programmesRepository.cycleOutcomes(db, c.id), await programmesRepository.cycleRegions(db, c.id), dep.currency)));
}

/** Computes (or finds) the cycle of a period, `YYYY-MM`, for staff who may manage the programme. */
export async function previewCycle(trx: Tx, actor: Actor, dep: Deployment, programmeId: string, month: string, now: Date) {
  const p = await manageableProgramme(trx, actor, programmeId);
  return computeCycle(trx, actor, dep, p, month, now);
}

/** Computes (or finds) the cycle of a period; by a person, or by the monthly job (the system). */
async function computeCycle(trx: Tx, actor: Acting, dep: Deployment, p: { id: string; code: string; status: string }, month: string, now: Date) {
  const programmeId = p.id;
  if (p.status !== 'active') throw new Problem('invalid-state', 'Only an active programme has cycles.');
  const version = await versionInForce(trx, programmeId);
  if (!version.benefit_sql) throw new Problem('invalid-state', 'The criteria in force have no benefit formula, so there is nothing to compute.');
  const period = `${month}-01`;
  if (month > now.toISOString().slice(0, 7)) throw new Problem('validation', 'A cycle is computed for this month or an earlier one, never ahead.', { field: 'period' });
  const existing = (await programmesRepository.cycles(trx, programmeId)).find((c) => String(c.period).slice(0, 10) === period);
  if (existing && existing.status !== 'preview') return view(trx, dep, existing.id);
  await programmesRepository.refreshFacts(trx, await programmesRepository.enrolledHouseholds(trx, programmeId));
  const cycle = await programmesRepository.createCycle(trx, { programmeId, period, version: version.version, benefitSql: version.benefit_sql, at: now, by: actor.userId ?? null });
  if (!cycle) {
    // approved by someone else a moment ago: as it is now
    const now = (await programmesRepository.cycles(trx, programmeId)).find((c) => String(c.period).slice(0, 10) === period);
    if (!now) throw new Problem('conflict', 'The cycle of this period changed a moment ago; reload it.');
    return view(trx, dep, now.id);
  }
  await audit(trx, actor, { action: 'programme.cycle.preview', subjectType: 'benefit_cycle', subjectId: cycle.id, details: { programme: p.code, period, version: version.version, households: cycle.households, totalMinor: Number(cycle.total_minor) }, at: now });
  return view(trx, dep, cycle.id);
}

const PayPayload = Type.Object(
  {
    cycleId: Type.String({ format: 'uuid' }),
    batch: Type.Integer({ minimum: 0 }),
    chain: Type.Optional(Type.Integer({ minimum: 0, maximum: 15 })),
    /** The approver, under whom the grants are recorded (and audited). */
    actor: Type.Object({ userId: Type.String({ format: 'uuid' }), orgId: Type.String({ format: 'uuid' }), role: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const payCycleJob = defineJob({
  kind: 'programmes.pay-cycle',
  payload: PayPayload,
  run: async (trx, payload, { now, deps }: { now: Date; deps: Deployment }) => {
    const more = await payBatch(trx, deps, payload.cycleId, payload.actor, PAY_BATCH, now);
    if (more) await payCycleJob.schedule(trx, { key: payKey(payload.cycleId, payload.chain ?? 0, payload.batch + 1), payload: { ...payload, batch: payload.batch + 1 }, runAt: now }, now);
  },
});

/**
 * One batch of a cycle's payment; true when there may be more to pay. Marks the cycle paid once
 * no entitlement is left without an outcome. The batch's outcomes are written in one statement,
 * in the transaction of its grants (programmesRepository.setOutcomes); with runners at once, one that finds fewer
 * than `limit` to take (the others hold theirs) marks the cycle paid only when the others'
 * batches have committed, else answers true so that a later batch does.
 */
export async function payBatch(trx: Tx, dep: Deployment, cycleId: string, approver: { userId: string; orgId: string; role: string }, limit: number, now: Date): Promise<boolean> {
  const cycle = await programmesRepository.cycle(trx, cycleId);
  if (!cycle || cycle.status !== 'approved') return false;
  const programme = (await programmesRepository.findProgramme(trx, cycle.programme_id))!;
  const due = await programmesRepository.unpaid(trx, cycleId, limit);
  if (due.length > 0) {
    const actor: Actor = { userId: approver.userId, orgId: approver.orgId, orgKind: null, role: approver.role as Actor['role'], locale: 'en', nationalId: null };
    const items: GrantItem[] = due.map((e) => ({
      userId: approver.userId, orgId: approver.orgId, role: approver.role, aidTypeCode: programme.aid_type_code, householdId: e.household_id,
      amountMinor: Number(e.amount_minor), currency: dep.currency.code, programmeId: programme.id, grantedOn: String(cycle.period).slice(0, 10), at: now.toISOString(),
    }));
    const results = await recordGrants(trx, dep, items.map((item) => ({ actor, item })));
    await programmesRepository.setOutcomes(trx, cycleId, results.map((r, i) => (r instanceof Refused
      ? { householdId: due[i]!.household_id, outcome: r.problem.slug, grantId: null }
      : { householdId: due[i]!.household_id, outcome: 'granted', grantId: r.id })));
  }
  if (due.length < limit) {
    const left = (await programmesRepository.cycleOutcomes(trx, cycleId)).find((o) => o.outcome === null)?.n ?? 0;
    if (left > 0) return true;
    await programmesRepository.markCyclePaid(trx, cycleId, now);
    return false;
  }
  return true;
}

export async function approveCycle(trx: Tx, actor: Actor, dep: Deployment, cycleId: string, now: Date) {
  const c = await programmesRepository.cycle(trx, cycleId);
  if (!c) throw notFound('The cycle');
  const p = await manageableProgramme(trx, actor, c.programme_id);
  if (c.created_by === actor.userId) throw new Problem('four-eyes', 'You computed this cycle; someone else approves its payment.');
  const over = (await programmesRepository.cycleRegions(trx, cycleId)).filter((r) => r.budgetMinor !== null && r.totalMinor > r.budgetMinor);
  if (over.length > 0) {
    throw new Problem('over-budget', `The entitlements exceed the budget per period in ${over.map((r) => dep.regions.get(r.regionCode)?.names.en ?? r.regionCode).join(', ')}: raise the budget or change the formula, then compute the cycle of a later period.`, { regions: over.map((r) => r.regionCode) });
  }
  if (!actor.orgId) throw new Problem('forbidden');
  const approved = await programmesRepository.approveCycle(trx, cycleId, actor.userId, now);
  if (!approved) throw new Problem('invalid-state', `The cycle is ${c.status}, not awaiting approval.`);
  // PAY_CHAINS chains of batches: two workers (`mizan serve` and `mizan worker`) pay at once.
  for (let chain = 0; chain < PAY_CHAINS; chain++) {
    await payCycleJob.schedule(trx, { key: payKey(cycleId, chain, 0), payload: { cycleId, batch: 0, chain, actor: { userId: actor.userId, orgId: actor.orgId, role: actor.role } }, runAt: now }, now);
  }
  await audit(trx, actor, { action: 'programme.cycle.approve', subjectType: 'benefit_cycle', subjectId: cycleId, details: { programme: p.code, period: c.period, households: c.households, totalMinor: Number(c.total_minor) }, at: now });
  return view(trx, dep, cycleId);
}

const MonthPayload = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false });
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
/** The first of a month, 03:00 UTC: when its cycles are computed. */
const monthStart = (month: string) => new Date(`${month}-01T03:00:00Z`);

/**
 * On the first of each month, every active programme with a benefit formula in force gets the
 * month's cycle computed as a preview (by the system: anyone who may approve does), then the job
 * schedules the next month's. A programme whose cycle cannot be computed is left for its staff.
 */
export const monthlyCyclesJob = defineJob({
  kind: 'programmes.monthly-cycles',
  payload: MonthPayload,
  run: async (trx, payload, { now, deps }: { now: Date; deps: Deployment }) => {
    for (const p of await programmesRepository.listProgrammes(trx, { status: 'active' })) {
      const version = await programmesRepository.currentVersion(trx, p.id);
      if (version?.benefit_sql) await computeCycle(trx, SYSTEM_ACTOR, deps, p, payload.month, now);
    }
    const next = nextMonth(payload.month);
    await monthlyCyclesJob.schedule(trx, { key: `monthly-cycles:${next}`, payload: { month: next }, runAt: monthStart(next) }, now);
  },
});

/** Next month's computation of the cycles, scheduled once whichever process starts first. */
export function scheduleMonthlyCycles(db: Executor, now: Date): Promise<boolean> {
  const next = nextMonth(now.toISOString().slice(0, 7));
  return monthlyCyclesJob.schedule(db, { key: `monthly-cycles:${next}`, payload: { month: next }, runAt: monthStart(next) }, now);
}

/** The programmes module's job handlers, for the worker. */
export function programmesJobHandlers(dep: Deployment): Record<string, JobHandler> {
  return { [payCycleJob.kind]: payCycleJob.handler(dep), [monthlyCyclesJob.kind]: monthlyCyclesJob.handler(dep) };
}
