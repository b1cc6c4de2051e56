-- aid_requests_pool_backfill: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.aid_requests_pool_backfill()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  n bigint;
begin
  with active as (
    select r.id, r.household_id, r.aid_type_code from aid_requests r where r.status in ('open', 'claimed', 'escalated')
  ), households_of as (
    select distinct household_id from active
  ), sizes as (
    select m.household_id, count(*)::int as household_size
      from household_members m join households_of using (household_id)
     where m.active group by m.household_id
  ), heads as (
    select distinct on (m.household_id) m.household_id, p.nationality
      from household_members m join households_of using (household_id) join persons p on p.id = m.person_id
     where m.active and m.relation = 'head'
     order by m.household_id
  ), facts as (
    select a.id, coalesce(s.household_size, 0) as household_size, hd.nationality, h.region_code as region,
           coalesce(reg.parent_code, reg.code) as anon_region, t.basket_code as basket
      from active a
      join households h on h.id = a.household_id
      join regions reg on reg.code = h.region_code
      join aid_types t on t.code = a.aid_type_code
      left join sizes s on s.household_id = a.household_id
      left join heads hd on hd.household_id = a.household_id
  )
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region,
         pool_anon_region = f.anon_region, pool_basket = f.basket
    from facts f
   where r.id = f.id
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region, r.pool_basket)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region, f.basket);
  get diagnostics n = row_count;
  return n;
end $function$;
