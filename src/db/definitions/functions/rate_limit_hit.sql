-- rate_limit_hit: the current definition (migrations 0013 are its history).

CREATE OR REPLACE FUNCTION public.rate_limit_hit(p_keys text[], p_max integer[], p_window_ms integer[])
 RETURNS TABLE(hits integer, allowed boolean, reset_ms integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_now timestamptz := statement_timestamp();
  v_hits integer;
  v_reset timestamptz;
begin
  for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
    insert into rate_limit_counters as c (key, hits, reset_at)
    values (p_keys[i], 1, v_now + p_window_ms[i] * interval '1 millisecond')
    on conflict (key) do update
      set hits = case when c.reset_at <= v_now then 1 else c.hits + 1 end,
          reset_at = case when c.reset_at <= v_now then excluded.reset_at else c.reset_at end
    returning c.hits, c.reset_at into v_hits, v_reset;
    hits := v_hits;
    allowed := v_hits <= p_max[i];
    reset_ms := greatest(0, ceil(extract(epoch from v_reset - v_now) * 1000))::integer;
    return next;
    exit when not allowed;
  end loop;
end $function$;
