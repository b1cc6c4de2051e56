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
};
