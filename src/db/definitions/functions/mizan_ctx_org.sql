-- mizan_ctx_org: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_ctx_org()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select nullif(current_setting('mizan.org_id', true), '')::uuid $function$;
