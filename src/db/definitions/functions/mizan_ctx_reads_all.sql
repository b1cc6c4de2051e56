-- mizan_ctx_reads_all: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_ctx_reads_all()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select mizan_ctx_role() in ('ministry_admin', 'ministry_supervisor', 'system') $function$;
