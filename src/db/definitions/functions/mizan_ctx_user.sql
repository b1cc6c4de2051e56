-- mizan_ctx_user: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_ctx_user()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select nullif(current_setting('mizan.user_id', true), '')::uuid $function$;
