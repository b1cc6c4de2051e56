-- invitations_by_token_hash: the invitation a presented link's token (its SHA-256) belongs to, for
-- the public invitation page and the sign-in, which act before anyone is known (hence SECURITY
-- DEFINER). Answers one row or none; the caller decides usable/used/expired from it.

CREATE OR REPLACE FUNCTION public.invitations_by_token_hash(p_hash bytea)
 RETURNS TABLE(id uuid, national_id text, org_id uuid, locale text, status text, token_expires_at timestamptz)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.national_id, i.first_org_id, i.locale, i.status, i.token_expires_at
    from invitations i
   where i.token_hash = p_hash
$function$;
