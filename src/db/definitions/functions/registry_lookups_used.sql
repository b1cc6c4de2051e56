-- registry_lookups_used: the current definition (migrations 0014 are its history).

CREATE OR REPLACE FUNCTION public.registry_lookups_used(p_since_hour timestamp with time zone, p_since_day timestamp with time zone, OUT last_hour integer, OUT last_day integer)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
end $function$;
