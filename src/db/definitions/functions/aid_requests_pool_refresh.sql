-- aid_requests_pool_refresh: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.aid_requests_pool_refresh(p_household uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if p_household is null or aid_requests_pool_deferred() then
    return;
  end if;
  -- one change of the household's facts at a time, and none while one of its requests is inserted
  perform 1 from households where id = p_household for no key update;
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region, pool_anon_region = f.anon_region
    from (select (select count(*)::int from household_members m where m.household_id = h.id and m.active) as household_size,
                 (select p.nationality from household_members m join persons p on p.id = m.person_id
                   where m.household_id = h.id and m.active and m.relation = 'head' limit 1) as nationality,
                 h.region_code as region,
                 coalesce(reg.parent_code, reg.code) as anon_region
            from households h join regions reg on reg.code = h.region_code
           where h.id = p_household) f
   where r.household_id = p_household
     and r.status in ('open', 'claimed', 'escalated')
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region);
end $function$;
