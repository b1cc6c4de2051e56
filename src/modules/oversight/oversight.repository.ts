/** SQL for the ministry's oversight of requests across charities. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export interface CharityLoadRow {
  org_id: string;
  name: string;
  pending: number;
  claimed: number;
  overdue: number;
  escalated: number;
  decided: number;
  decided_in_time: number;
  median_hours_to_act: number | null;
}

export interface LookupDayRow {
  org_id: string;
  name: string;
  day: string;
  lookups: number;
  found: number;
}

export const oversightRepository = {
  /**
   * Per approved charity: pending (open requests in its pool), claimed (held now), overdue (held
   * past the deadline now), escalated (lost at a deadline, ever), decided, decided within the
   * deadline, and the median hours from claim to decision.
   */
  async charities(db: Executor, now: Date): Promise<CharityLoadRow[]> {
    const r = await sql<CharityLoadRow>`
      select o.id as org_id, o.name,
             (select count(*) from request_pool p where p.org_id = o.id)::int as pending,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed')::int as claimed,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status = 'claimed' and x.deadline_at <= ${now})::int as overdue,
             (select count(*) from request_events e where e.org_id = o.id and e.event = 'escalated')::int as escalated,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected'))::int as decided,
             (select count(*) from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected') and x.decided_at <= x.deadline_at)::int as decided_in_time,
             (select percentile_cont(0.5) within group (order by extract(epoch from (x.decided_at - x.claimed_at)) / 3600.0)
                from aid_requests x where x.claimed_by_org = o.id and x.status in ('approved', 'rejected') and x.claimed_at is not null)::float8 as median_hours_to_act
        from organisations o
       where o.kind = 'charity' and o.status = 'approved'
       order by o.name, o.id`.execute(db);
    return r.rows;
  },

  /**
   * National-ID lookups per charity and UTC day in [from, to): how many, and how many found a
   * household (the audit trail's 'registry.lookup' entries; index audit_log_lookup_by_at, 0014).
   */
  async lookupsPerDay(db: Executor, from: Date, to: Date): Promise<LookupDayRow[]> {
    const r = await sql<LookupDayRow>`
      select a.actor_org as org_id, o.name, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD') as day,
             count(*)::int as lookups, count(a.household_id)::int as found
        from audit_log a
        join organisations o on o.id = a.actor_org and o.kind = 'charity'
       where a.action = 'registry.lookup' and a.at >= ${from} and a.at < ${to}
       group by a.actor_org, o.name, 3
       order by 3, o.name, a.actor_org`.execute(db);
    return r.rows;
  },
};
