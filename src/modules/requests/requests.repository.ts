/**
 * SQL for aid requests, their timeline, assessments and the anonymous pool. Households' regions
 * and organisations' names are the registry's: asked of its published reads by id, never joined.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';
import { poolCache } from './pool-cache.js';
import type { ClaimOutcome } from './claim-outcome.js';

export interface RequestEventInsert {
  requestId: string;
  event: string;
  at: Date;
  actorUser: string | null;
  actorOrg: string | null;
  actorRole: string | null;
  orgId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Every write to aid_requests makes this process's cached pool pages stale (pool-cache.ts). */
async function changed<T>(db: Executor, write: Promise<T>): Promise<T> {
  const row = await write;
  if (row !== undefined) poolCache.changedIn(db);
  return row;
}

export const requestsRepository = {
  insert(db: Executor, r: {
    householdId: string; personId: string | null; aidTypeCode: string; amountMinor: number | null; item: string | null; quantity: number | null;
    justification: string; channel: 'staff' | 'applicant' | 'intake'; submittedBy: string | null; submittedByOrg: string | null; submittedAt: Date; deadlineAt: Date; priority: number;
    offeredToOrgId?: string | null; offeredUntil?: Date | null;
  }) {
    poolCache.changedIn(db);
    return db
      .insertInto('aid_requests')
      .values({
        household_id: r.householdId, person_id: r.personId, aid_type_code: r.aidTypeCode, amount_minor: r.amountMinor, item: r.item, quantity: r.quantity,
        justification: r.justification, channel: r.channel, submitted_by: r.submittedBy, submitted_by_org: r.submittedByOrg, submitted_at: r.submittedAt,
        deadline_at: r.deadlineAt, priority: r.priority, claimed_by_org: null, claimed_at: null, decided_at: null, decided_by: null, decision_reason: null, grant_id: null,
        escalated_at: null, escalated_from_org: null, reassigned_at: null,
        offered_to_org_id: r.offeredToOrgId ?? null, offered_until: r.offeredUntil ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  findById(db: Executor, id: string) {
    return db.selectFrom('aid_requests').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Does this charity offer the aid type in the region (org_suits_request(), the pool's own test)? */
  async orgSuitsTypeIn(db: Executor, orgId: string, aidTypeCode: string, regionCode: string): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select org_suits_request(${orgId}::uuid, ${aidTypeCode}::text, ${regionCode}::text) as ok`.execute(db);
    return r.rows[0]?.ok === true;
  },
  /** Does the request exist, even if the actor may not read it (row-level security)? */
  async exists(db: Executor, id: string): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select request_exists(${id}::uuid) as ok`.execute(db);
    return r.rows[0]?.ok === true;
  },
  /** The request, locked until the end of the caller's transaction. */
  findForUpdate(db: Executor, id: string) {
    return db.selectFrom('aid_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  /** The open (open, claimed or escalated) request of a household in an exclusivity group. */
  findOpenInGroup(db: Executor, householdId: string, groupCode: string) {
    return db
      .selectFrom('aid_requests')
      .select(['id', 'aid_type_code', 'status'])
      .where('household_id', '=', householdId)
      .where('group_code', '=', groupCode)
      .where('status', 'in', ['open', 'claimed', 'escalated'])
      .executeTakeFirst();
  },
  /** A household's requests, newest first (baskets and charities' names: lists.ts householdRequests). */
  listForHousehold(db: Executor, householdId: string) {
    return db
      .selectFrom('aid_requests as r')
      .select([
        'r.id', 'r.aid_type_code', 'r.group_code', 'r.status', 'r.amount_minor', 'r.item', 'r.quantity', 'r.submitted_at', 'r.deadline_at',
        'r.claimed_by_org', 'r.decided_at', 'r.decision_reason', 'r.grant_id', 'r.channel',
      ])
      .where('r.household_id', '=', householdId)
      .orderBy('r.submitted_at', 'desc')
      .execute();
  },

  /**
   * THE CLAIM: one conditional UPDATE (`where id = $1 and status = 'open' and claimed_by_org is
   * null`), run by the SECURITY DEFINER function request_claim (0002_requests.sql) because before
   * the claim the charity may not read the request. Of many charities claiming at once exactly one
   * matches; the others wait for its row lock, re-check the condition against the committed row
   * and match nothing. The outcome names the refusal: not-found, mine, taken, invalid-state,
   * not-in-pool; or claimed.
   */
  async claim(db: Executor, id: string, at: Date): Promise<{ outcome: ClaimOutcome; status: string | null }> {
    const r = await sql<{ outcome: ClaimOutcome; status: string | null }>`select outcome, request_status as status from request_claim(${id}::uuid, ${at}::timestamptz)`.execute(db);
    if (r.rows[0]?.outcome === 'claimed') poolCache.changedIn(db);
    return r.rows[0] ?? { outcome: 'not-found', status: null };
  },
  release(db: Executor, id: string, orgId: string) {
    return changed(db, db
      .updateTable('aid_requests')
      .set({ status: 'open', claimed_by_org: null, claimed_at: null })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by_org', '=', orgId)
      .returningAll()
      .executeTakeFirst());
  },
  decide(db: Executor, id: string, orgId: string, d: { status: 'approved' | 'rejected'; by: string; at: Date; reason: string | null; grantId: string | null }) {
    return changed(db, db
      .updateTable('aid_requests')
      .set({ status: d.status, decided_by: d.by, decided_at: d.at, decision_reason: d.reason, grant_id: d.grantId })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by_org', '=', orgId)
      .returningAll()
      .executeTakeFirst());
  },
  /** At the deadline: to the ministry; the claimant (if any) loses it. Only in the given round. */
  escalate(db: Executor, id: string, round: number, at: Date) {
    return changed(db, db
      .updateTable('aid_requests')
      .set((eb) => ({ status: 'escalated', escalated_at: at, escalated_from_org: eb.ref('claimed_by_org'), claimed_by_org: null, claimed_at: null }))
      .where('id', '=', id)
      .where('status', 'in', ['open', 'claimed'])
      .where('assignment_round', '=', round)
      .returningAll()
      .executeTakeFirst());
  },
  reassign(db: Executor, id: string, orgId: string, at: Date, deadlineAt: Date) {
    return changed(db, db
      .updateTable('aid_requests')
      .set((eb) => ({ status: 'claimed', claimed_by_org: orgId, claimed_at: at, reassigned_at: at, deadline_at: deadlineAt, assignment_round: eb('assignment_round', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'escalated')
      .returningAll()
      .executeTakeFirst());
  },

  // The timeline -------------------------------------------------------------------------------
  insertEvent(db: Executor, e: RequestEventInsert) {
    return db
      .insertInto('request_events')
      .values({
        request_id: e.requestId, event: e.event, at: e.at, actor_user: e.actorUser, actor_org: e.actorOrg, actor_role: e.actorRole,
        org_id: e.orgId ?? null, reason: e.reason ?? null, details: JSON.stringify(e.details ?? {}),
      })
      .execute();
  },
  events(db: Executor, requestId: string) {
    return db
      .selectFrom('request_events as e')
      .select(['e.id', 'e.at', 'e.event', 'e.actor_user', 'e.actor_org', 'e.actor_role', 'e.org_id', 'e.reason', 'e.details'])
      .where('e.request_id', '=', requestId)
      .orderBy('e.id')
      .execute();
  },
  /** Organisations that let this request pass its deadline. */
  async lostBy(db: Executor, requestId: string): Promise<string[]> {
    const rows = await db.selectFrom('request_events').select('org_id').where('request_id', '=', requestId).where('event', '=', 'escalated').where('org_id', 'is not', null).execute();
    return rows.map((r) => r.org_id!);
  },

  // Assessments (per organisation) ---------------------------------------------------------------
  upsertAssessment(db: Executor, a: { requestId: string; orgId: string; notes: string; documents: string[]; by: string; at: Date }) {
    return db
      .insertInto('request_assessments')
      .values({ request_id: a.requestId, org_id: a.orgId, notes: a.notes, documents: JSON.stringify(a.documents), updated_by: a.by, updated_at: a.at })
      .onConflict((oc) => oc.columns(['request_id', 'org_id']).doUpdateSet({ notes: a.notes, documents: JSON.stringify(a.documents), updated_by: a.by, updated_at: a.at }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  assessmentOf(db: Executor, requestId: string, orgId: string) {
    return db.selectFrom('request_assessments').selectAll().where('request_id', '=', requestId).where('org_id', '=', orgId).executeTakeFirst();
  },

  // Who may see / take it --------------------------------------------------------------------------
  /** Is this request in this charity's pool (open, unclaimed, and the charity suits it)? */
  async inPoolOf(db: Executor, requestId: string, orgId: string): Promise<boolean> {
    const r = await db.selectFrom('request_pool').select('id').where('id', '=', requestId).where('org_id', '=', orgId).executeTakeFirst();
    return !!r;
  },
  async poolOrgs(db: Executor, requestId: string): Promise<string[]> {
    return (await db.selectFrom('request_pool').select('org_id').where('id', '=', requestId).execute()).map((r) => r.org_id);
  },
  /** Does the charity offer the request's aid type and serve its household's region (the registry's)? */
  async orgSuits(db: Executor, orgId: string, requestId: string): Promise<boolean> {
    const r = await requestsRepository.findById(db, requestId);
    const region = r && (await householdsRepository.regionsOf(db, [r.household_id])).get(r.household_id);
    if (!r || region === undefined) return false;
    const ok = await sql<{ ok: boolean }>`select org_suits_request(${orgId}::uuid, ${r.aid_type_code}, ${region}) as ok`.execute(db);
    return ok.rows[0]?.ok === true;
  },

  /**
   * Charities a request may be reassigned to, best first: they offer the aid type and serve the
   * region, did not already let this request pass its deadline, and carry the lowest load of
   * overdue work (held past a deadline now, plus requests lost at a deadline in the last 90 days),
   * then the fewest requests in hand.
   */
  async suggestions(db: Executor, requestId: string, now: Date): Promise<{ org_id: string; name: string; overdue_now: number; escalated_recent: number; claimed: number }[]> {
    // The request's region and the approved charities (by name, then id) are the registry's.
    const r = await requestsRepository.findById(db, requestId);
    const region = r && (await householdsRepository.regionsOf(db, [r.household_id])).get(r.household_id);
    if (!r || region === undefined) return [];
    const charities = await organisationsRepository.approvedCharities(db);
    if (charities.length === 0) return [];
    const rank = new Map(charities.map((o, i) => [o.id, { name: o.name, i }]));
    const rows = await sql<{ org_id: string; overdue_now: number; escalated_recent: number; claimed: number }>`
      select o.id as org_id,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed' and x.deadline_at <= ${now})::int as overdue_now,
             (select count(*) from request_events e where e.org_id = o.id and e.event = 'escalated' and e.at > ${now}::timestamptz - interval '90 days')::int as escalated_recent,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed')::int as claimed
        from unnest(${charities.map((o) => o.id)}::uuid[]) as o(id)
       where org_suits_request(o.id, ${r.aid_type_code}, ${region})
         and not exists (select 1 from request_events e where e.request_id = ${requestId}::uuid and e.event = 'escalated' and e.org_id = o.id)`.execute(db);
    return rows.rows
      .map((x) => ({ org_id: x.org_id, name: rank.get(x.org_id)!.name, overdue_now: x.overdue_now, escalated_recent: x.escalated_recent, claimed: x.claimed }))
      .sort((x, y) => x.overdue_now + x.escalated_recent - (y.overdue_now + y.escalated_recent) || x.claimed - y.claimed || rank.get(x.org_id)!.i - rank.get(y.org_id)!.i);
  },

  /**
   * Published for oversight: per organisation, pending (open requests in its pool), claimed (held
   * now), overdue (held past the deadline now), escalated (lost at a deadline, ever), decided,
   * decided within the deadline, and the median hours from claim to decision.
   */
  async loadOf(db: Executor, orgIds: readonly string[], now: Date) {
    if (orgIds.length === 0) return [];
    const r = await sql<{ org_id: string; pending: number; claimed: number; overdue: number; escalated: number; decided: number; decided_in_time: number; median_hours_to_act: number | null }>`
      select o.id as org_id,
             (select count(*) from request_pool p where p.org_id = o.id)::int as pending,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed')::int as claimed,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed' and x.deadline_at <= ${now})::int as overdue,
             (select count(*) from request_events e where e.org_id = o.id and e.event = 'escalated')::int as escalated,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected'))::int as decided,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected') and x.decided_at <= x.deadline_at)::int as decided_in_time,
             (select percentile_cont(0.5) within group (order by extract(epoch from (x.decided_at - x.claimed_at)) / 3600.0)
                from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected') and x.claimed_at is not null)::float8 as median_hours_to_act
        from unnest(${[...orgIds]}::uuid[]) as o(id)`.execute(db);
    return r.rows;
  },

  // Lists ------------------------------------------------------------------------------------------
  /** A charity's requests in hand, soonest deadline first (baskets and regions: lists.ts). */
  queue(db: Executor, orgId: string) {
    return db
      .selectFrom('aid_requests as r')
      .select(['r.id', 'r.household_id', 'r.aid_type_code', 'r.priority', 'r.submitted_at', 'r.claimed_at', 'r.deadline_at', 'r.reassigned_at'])
      .where('r.claimed_by_org', '=', orgId)
      .where('r.status', '=', 'claimed')
      .orderBy('r.deadline_at')
      .orderBy('r.id')
      .execute();
  },
  /** Requests escalated to the ministry, oldest escalation first (baskets, regions, names: oversight.service.ts). */
  escalated(db: Executor) {
    return db
      .selectFrom('aid_requests as r')
      .select(['r.id', 'r.household_id', 'r.aid_type_code', 'r.priority', 'r.submitted_at', 'r.deadline_at', 'r.escalated_at', 'r.escalated_from_org', 'r.assignment_round'])
      .where('r.status', '=', 'escalated')
      .orderBy('r.escalated_at')
      .orderBy('r.id')
      .execute();
  },
};
