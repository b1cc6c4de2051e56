-- household_members_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.household_members_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform aid_requests_pool_refresh(old.household_id);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.household_id is distinct from old.household_id) then
    perform aid_requests_pool_refresh(new.household_id);
  end if;
  return null;
end $function$;
