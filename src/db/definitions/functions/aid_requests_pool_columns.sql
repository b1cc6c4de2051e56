-- aid_requests_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.aid_requests_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if new.status not in ('open', 'claimed', 'escalated') or aid_requests_pool_deferred() then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status in ('open', 'claimed', 'escalated')
     and old.household_id = new.household_id and old.aid_type_code = new.aid_type_code then
    return new; -- claimed, released, escalated, reassigned: the columns are current already
  end if;
  perform 1 from households where id = new.household_id for share;
  select (select count(*)::int from household_members m where m.household_id = h.id and m.active),
         (select p.nationality from household_members m join persons p on p.id = m.person_id
           where m.household_id = h.id and m.active and m.relation = 'head' limit 1),
         h.region_code, coalesce(reg.parent_code, reg.code),
         (select t.basket_code from aid_types t where t.code = new.aid_type_code)
    into new.pool_household_size, new.pool_nationality, new.pool_region, new.pool_anon_region, new.pool_basket
    from households h join regions reg on reg.code = h.region_code
   where h.id = new.household_id;
  return new;
end $function$;
