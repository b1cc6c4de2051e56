-- households_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.households_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  perform aid_requests_pool_refresh(new.id);
  return null;
end $function$;
