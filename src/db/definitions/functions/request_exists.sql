-- request_exists: the current definition (migrations 0002 are its history).

CREATE OR REPLACE FUNCTION public.request_exists(p_request uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from aid_requests where id = p_request)
$function$;
