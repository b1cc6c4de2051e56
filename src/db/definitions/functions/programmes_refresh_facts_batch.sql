-- programmes_refresh_facts_batch (0029): one batch of the facts snapshot's refresh, households in
-- the order of their id after p_after (null: from the first); answers the last id it refreshed and
-- how many (fewer than p_limit: the refresh is done). Households no longer registered keep no row.

CREATE OR REPLACE FUNCTION public.programmes_refresh_facts_batch(p_after uuid, p_limit integer)
 RETURNS TABLE(last_id uuid, refreshed integer)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_ids uuid[];
begin
  select array_agg(h.id order by h.id) into v_ids
    from (select id from households where p_after is null or id > p_after order by id limit p_limit) h;
  if v_ids is null then
    last_id := p_after;
    refreshed := 0;
    return next;
    return;
  end if;
  perform programmes_refresh_facts(v_ids);
  last_id := v_ids[array_length(v_ids, 1)];
  refreshed := array_length(v_ids, 1);
  return next;
end $function$;
