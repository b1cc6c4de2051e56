-- rate_limit_sweep: the current definition (migrations 0013 are its history).

CREATE OR REPLACE FUNCTION public.rate_limit_sweep()
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with gone as (
    delete from rate_limit_counters
     where key in (select key from rate_limit_counters where reset_at < statement_timestamp() for update skip locked)
    returning 1
  )
  select count(*)::integer from gone
$function$;
