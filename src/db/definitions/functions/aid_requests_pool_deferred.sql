-- aid_requests_pool_deferred: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.aid_requests_pool_deferred()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select coalesce(current_setting('mizan.pool_columns', true), '') = 'deferred'
     and coalesce(current_setting('role', true), 'none') = 'none'
$function$;
