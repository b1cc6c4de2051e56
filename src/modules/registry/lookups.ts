/**
 * LOOKUPS LEAVE A TRACE, explained.
 *
 * Telling someone whether a national ID is registered tells them whether that person asked for
 * aid. So every answer to that question — the lookup route, a registration (or a new member)
 * refused because the person is a member of another household, a grant or an exception by a
 * beneficiary's national ID — is:
 *
 * - given for a purpose, one of LOOKUP_PURPOSES (a code; the reader's language renders it);
 * - written to the audit trail as 'registry.lookup' in the same transaction as the answer (who,
 *   which organisation, when, the purpose as `reason`, the household found or none, how it was
 *   asked in details.via; never the national ID), so the person sees it in "who viewed my data";
 * - given only within the acting user's quota of lookups per hour and per day (deployment settings
 *   lookup_quota_hour, lookup_quota_day), counted from the audit trail by
 *   registry_lookups_used() (0014), which serialises one user's lookups on an advisory lock held
 *   until the transaction ends: the quota holds across servers, and two simultaneous lookups of
 *   one user are counted one after the other. Over the quota: 429 `rate-limited`, before anything
 *   is revealed, and no entry.
 *
 * A refusal that reveals the person is registered would normally roll its transaction back, and
 * its trace with it. A registration therefore runs its writes under a savepoint (keepingTrace): a
 * RevealingRefusal rolls back to the savepoint — undoing the household, persons and members
 * written so far — writes the trace, and is returned as a value (Refused) so the transaction
 * commits the trace alone; the route throws the problem once committed (afterCommit). This covers
 * the race too: a member registered elsewhere at the same moment makes the unique index refuse
 * the insert, the savepoint clears the error, and the trace names the household the person is now
 * in. Grants are refused without raising (grant_aid), so their trace is written in the
 * transaction that explains the refusal (recordGrants, grants/record-grants.ts).
 */
import { deploymentSettings } from '../../deployments/settings.js';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, type ProblemType } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from './registry.repository.js';

export const LOOKUP_ACTION = 'registry.lookup';

/** Why a national ID is looked up. Stored as the code; rendered in the reader's language. */
export const LOOKUP_PURPOSES = ['household-registration', 'aid-check', 'own-inquiry', 'aid-delivery', 'exception-request', 'aid-request'] as const;
export type LookupPurpose = (typeof LOOKUP_PURPOSES)[number];

/**
 * Why a charity or the ministry opens a request's case (an audited reveal, requests/case-view.ts).
 * Stored as the code in the audit trail's `reason`; the applicant's "who viewed my data" renders it
 * in the reader's language. Older entries hold free text, shown as it was written.
 */
export const CASE_PURPOSES = ['case-study', 'home-visit', 'decision', 'oversight-review'] as const;
export type CasePurpose = (typeof CASE_PURPOSES)[number];

/** Every purpose code an access to a household's data is given for: one closed list. */
export const ACCESS_PURPOSES: readonly string[] = [...LOOKUP_PURPOSES, ...CASE_PURPOSES];
export const isAccessPurpose = (reason: string | null): reason is LookupPurpose | CasePurpose => reason !== null && ACCESS_PURPOSES.includes(reason);

/** How the question was asked. */
export type LookupVia = 'lookup' | 'registration' | 'member' | 'likely-match' | 'grant' | 'exception' | 'request';

/**
 * Deployment settings: lookup_quota_hour, lookup_quota_day (per user); lookup_flag_factor,
 * lookup_flag_minimum (the ministry's flag of unusual volumes, oversight/lookups.ts).
 */
export interface LookupSettings {
  perHour: number;
  perDay: number;
  flagFactor: number;
  flagMinimum: number;
}
export const LOOKUP_SETTINGS_DEFAULTS: LookupSettings = { perHour: 60, perDay: 300, flagFactor: 3, flagMinimum: 20 };

const setting = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt);

export async function lookupSettings(db: Executor): Promise<LookupSettings> {
  const s = await deploymentSettings(db);
  const d = LOOKUP_SETTINGS_DEFAULTS;
  return {
    perHour: Math.floor(setting(s.lookup_quota_hour, d.perHour)),
    perDay: Math.floor(setting(s.lookup_quota_day, d.perDay)),
    flagFactor: setting(s.lookup_flag_factor, d.flagFactor),
    flagMinimum: Math.floor(setting(s.lookup_flag_minimum, d.flagMinimum)),
  };
}

const HOUR = 3_600_000;

/**
 * Refuses (429) when the acting user has used their quota of lookups in the last hour or day.
 * Holds the user's lookup lock until the transaction ends, so the entry written next is counted by
 * the user's next lookup on any server.
 */
export async function assertLookupQuota(db: Executor, actor: Actor, now: Date): Promise<void> {
  const quota = await lookupSettings(db);
  const r = await sql<{ last_hour: number; last_day: number }>`
    select last_hour, last_day from registry_lookups_used(${new Date(now.getTime() - HOUR)}, ${new Date(now.getTime() - 24 * HOUR)})`.execute(db);
  const used = r.rows[0] ?? { last_hour: 0, last_day: 0 };
  const over = used.last_hour >= quota.perHour ? { window: 'hour', limit: quota.perHour } : used.last_day >= quota.perDay ? { window: 'day', limit: quota.perDay } : null;
  if (over) {
    throw new Problem('rate-limited', `You have made ${over.limit} national-ID lookups in the last ${over.window}, your quota per ${over.window}. Try again later, or ask the ministry to raise the quota.`, {
      quota: { window: over.window, limit: over.limit, settings: over.window === 'hour' ? 'lookup_quota_hour' : 'lookup_quota_day' },
    });
  }
}

export interface LookupTrace {
  purpose: LookupPurpose;
  via: LookupVia;
  /** The household found, or null when the ID is not registered. */
  householdId: string | null;
  personId: string | null;
  at: Date;
}

/** The audit entry of one answer. Identifiers and codes only. */
export function traceLookup(db: Executor, actor: Actor, t: LookupTrace) {
  return audit(db, actor, {
    action: LOOKUP_ACTION,
    subjectType: 'person',
    subjectId: t.personId,
    householdId: t.householdId,
    reason: t.purpose,
    details: { via: t.via, found: t.householdId !== null },
    at: t.at,
  });
}

/** A refusal that reveals that a person is registered: its trace must outlive the rollback. */
export class RevealingRefusal extends Problem {
  constructor(
    slug: ProblemType,
    detail: string,
    extensions: Record<string, unknown>,
    readonly revealed: { personId: string; householdId?: string | undefined },
  ) {
    super(slug, detail, extensions);
  }
}

/** The refusal, returned (not thrown) so that its transaction commits the trace. */
export class Refused {
  constructor(readonly problem: Problem) {}
}

/** Throws a refusal once its transaction has committed. */
export function afterCommit<T>(r: T | Refused): T {
  if (r instanceof Refused) throw r.problem;
  return r;
}

/**
 * Runs `fn` under a savepoint. A RevealingRefusal undoes what `fn` wrote, writes the trace of what
 * it revealed, and comes back as Refused; anything else is thrown as usual.
 */
export async function keepingTrace<T>(db: Executor, actor: Actor, t: { purpose: LookupPurpose; via: LookupVia; at: Date }, fn: () => Promise<T>): Promise<T | Refused> {
  return underSavepoint(db, fn, RevealingRefusal, async (e) => {
    const householdId = e.revealed.householdId ?? (await householdsRepository.activeMemberships(db, [e.revealed.personId]))[0]?.household_id ?? null;
    await traceLookup(db, actor, { ...t, householdId, personId: e.revealed.personId });
  });
}

/**
 * For a use case that answers after its lookup was traced: `fn` runs under a savepoint, and a
 * Problem it throws undoes what it wrote and comes back as Refused, so that the transaction still
 * commits the trace written before.
 */
export async function refusedAfterTrace<T>(db: Executor, fn: () => Promise<T>): Promise<T | Refused> {
  return underSavepoint(db, fn, Problem, async () => {});
}

/** `fn` under a savepoint; an error of `kind` rolls back to it, runs `then` and comes back as Refused. */
async function underSavepoint<T, E extends Problem>(db: Executor, fn: () => Promise<T>, kind: abstract new (...args: never[]) => E, then: (e: E) => Promise<void>): Promise<T | Refused> {
  await sql`savepoint registry_lookup`.execute(db);
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    if (!(e instanceof kind)) throw e;
    await sql`rollback to savepoint registry_lookup`.execute(db);
    await then(e);
    return new Refused(e);
  }
  await sql`release savepoint registry_lookup`.execute(db);
  return value;
}
