-- mizan_ctx_donor (0031): the donor record of the signed-in donor (role donor), for the policies
-- on donations and the ledger. Security definer: read without the policies on donors (which read
-- donations), so the policies never call one another round in a circle.

CREATE OR REPLACE FUNCTION public.mizan_ctx_donor()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select d.id from donors d where mizan_ctx_role() = 'donor' and d.user_id = mizan_ctx_user()
$function$;
