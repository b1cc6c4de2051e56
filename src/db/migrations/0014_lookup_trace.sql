-- Lookups leave a trace. Every answer to "is this national ID registered?" (the lookup route, a
-- registration refused because a member belongs to another household, a grant or an exception by
-- a beneficiary's national ID) is an audit entry with the action 'registry.lookup': the acting
-- user and organisation, when, the purpose code (reason), the household found (household_id, so
-- that the person sees it in "who viewed my data") or none, and how it was asked (details.via).
-- Never the national ID itself. Explained by src/modules/registry/lookups.ts.

-- The per-user quota counts the acting user's lookups of the last hour and day: one short range
-- of this index.
create index audit_log_lookup_by_user on audit_log (actor_user, at) where action = 'registry.lookup';
-- The ministry's figures: lookups per charity per day, found or not, over a range of days.
create index audit_log_lookup_by_at on audit_log (at) include (actor_org, household_id) where action = 'registry.lookup';

-- The acting user's lookups since two instants (the hour and the day of the quota). The call takes
-- a transaction-scoped advisory lock of that user first, so two lookups of one user (on any
-- server) are counted one after the other: the second counts once the first has committed its
-- entry (or rolled back). The quota itself (how many are allowed) is decided by the caller.
create function registry_lookups_used(p_since_hour timestamptz, p_since_day timestamptz,
                                      out last_hour integer, out last_day integer)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  v_user uuid := nullif(current_setting('mizan.user_id', true), '')::uuid;
begin
  last_hour := 0;
  last_day := 0;
  if v_user is null then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('mizan.registry.lookup:' || v_user::text, 0));
  select count(*) filter (where a.at >= p_since_hour)::integer, count(*)::integer
    into last_hour, last_day
    from audit_log a
   where a.action = 'registry.lookup' and a.actor_user = v_user and a.at >= least(p_since_hour, p_since_day);
end $$;

revoke all on function registry_lookups_used(timestamptz, timestamptz) from public;
grant execute on function registry_lookups_used(timestamptz, timestamptz) to mizan_app;
