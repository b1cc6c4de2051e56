-- persons_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.persons_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  h uuid;
begin
  for h in select m.household_id from household_members m where m.person_id = new.id and m.active and m.relation = 'head' loop
    perform aid_requests_pool_refresh(h);
  end loop;
  return null;
end $function$;
