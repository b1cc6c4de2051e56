-- audit_head: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.audit_head()
 RETURNS TABLE(pos bigint, hash bytea)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select pos, hash from audit_chain_head
$function$;
