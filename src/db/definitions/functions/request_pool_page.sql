-- request_pool_page: the current definition (migrations 0007 are its history). Since 0020 it takes
-- the application's time (p_at): a request whose first offer runs then is on the offered charity's
-- page only (request_offer_excludes(), the rule the view and request_claim() use too), and its
-- offered_until tells that charity until when it is offered to it first (null otherwise: never
-- another charity's offer).

DROP FUNCTION IF EXISTS public.request_pool_page(text, text, text, text, integer, text, integer, timestamp with time zone, uuid, integer);
DROP FUNCTION IF EXISTS public.request_pool_page(text, text, text, text, integer, text, integer, timestamp with time zone, uuid, integer, timestamp with time zone);

CREATE OR REPLACE FUNCTION public.request_pool_page(p_aid_type text, p_basket text, p_region text, p_nationality text, p_household_size integer, p_sort text, p_after_priority integer, p_after_deadline timestamp with time zone, p_after_id uuid, p_limit integer, p_at timestamp with time zone)
 RETURNS TABLE(id uuid, aid_type_code text, basket_code text, nationality text, household_size integer, region_code text, submitted_at timestamp with time zone, deadline_at timestamp with time zone, priority smallint, offered_until timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET enable_sort TO 'off'
 SET enable_bitmapscan TO 'off'
AS $function$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_types text[];
  v_tops text[];
  v_leaves text[];
  q text;
begin
  if p_sort is null or p_sort not in ('deadline', 'priority') then
    raise exception 'unknown pool sort %', p_sort using errcode = 'invalid_parameter_value';
  end if;
  -- the aid types an approved charity offers, as far as the filters keep them
  select array_agg(oat.aid_type_code order by oat.aid_type_code) into v_types
    from organisations o
    join organisation_aid_types oat on oat.org_id = o.id
    join aid_types t on t.code = oat.aid_type_code
   where o.id = v_org and o.kind = 'charity' and o.status = 'approved'
     and (p_aid_type is null or oat.aid_type_code = p_aid_type)
     and (p_basket is null or t.basket_code = p_basket);
  -- the regions it serves: whole level-1 regions, and level-2 regions whose parent it does not serve
  select array_agg(reg.code order by reg.code) filter (where reg.parent_code is null),
         array_agg(reg.code order by reg.code) filter (where reg.parent_code is not null)
    into v_tops, v_leaves
    from organisation_regions orr join regions reg on reg.code = orr.region_code
   where orr.org_id = v_org
     and (p_region is null or reg.code = p_region or reg.parent_code = p_region);
  if v_types is null or (v_tops is null and v_leaves is null) then
    return;
  end if;
  if v_tops is not null and v_leaves is not null then
    v_leaves := array(select x from unnest(v_leaves) x join regions reg on reg.code = x where reg.parent_code <> all(v_tops));
  end if;

  q := 'select r.id, r.aid_type_code, r.pool_basket, r.pool_nationality, r.pool_household_size, r.pool_anon_region,'
    || ' r.submitted_at, r.deadline_at, r.priority,'
    || ' case when r.offered_to_org_id = $13 and r.offered_until > $15 then r.offered_until end'
    || ' from aid_requests r where r.status = ''open'''
    || case when cardinality(v_types) = 1 then ' and r.aid_type_code = $2' else ' and r.aid_type_code = any($1)' end
    || case when v_tops is null then ' and r.pool_region = any($4)'
            when cardinality(v_leaves) > 0 then ' and (r.pool_anon_region = any($3) or r.pool_region = any($4))'
            when cardinality(v_tops) = 1 then ' and r.pool_anon_region = $5'
            else ' and r.pool_anon_region = any($3)' end
    || case when p_region is not null then ' and r.pool_anon_region = $6' else '' end
    || case when p_basket is not null then ' and r.pool_basket = $7' else '' end
    || case when p_nationality is not null then ' and r.pool_nationality = $8' else '' end
    || case when p_household_size is not null then ' and r.pool_household_size = $9' else '' end
    || case when p_after_deadline is null then ''
            when p_sort = 'deadline' then ' and (r.deadline_at, r.id) > ($11, $12)'
            else ' and r.priority <= $10 and (r.priority < $10 or (r.deadline_at, r.id) > ($11, $12))' end
    || ' and not exists (select 1 from request_events e where e.request_id = r.id and e.event = ''escalated'' and e.org_id = $13)'
    || ' and not request_offer_excludes(r.offered_to_org_id, r.offered_until, $13, $15)'
    || case when p_sort = 'deadline' then ' order by r.deadline_at, r.id' else ' order by r.priority desc, r.deadline_at, r.id' end
    || ' limit $14';
  return query execute q
    using v_types, v_types[1], v_tops, v_leaves, v_tops[1], p_region, p_basket, p_nationality, p_household_size,
          p_after_priority::smallint, p_after_deadline, p_after_id, v_org, p_limit, p_at;
end $function$;
