-- mizan_ctx_role: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_ctx_role()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select coalesce(nullif(current_setting('mizan.role', true), ''), 'public') $function$;
