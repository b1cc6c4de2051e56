-- regions_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.regions_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update aid_requests set pool_anon_region = coalesce(new.parent_code, new.code)
   where pool_region = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $function$;
