-- registry_household_exists: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.registry_household_exists(p_household uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from households where id = p_household)
$function$;
