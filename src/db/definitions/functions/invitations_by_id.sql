-- invitations_by_id: one invitation by its ID, for the sign-in (which keeps the invitation's ID with
-- the sign-in in progress, never the token) and for the applicant's own declaration (the inviting
-- charity, the phone it uploaded). SECURITY DEFINER: the sign-in acts before anyone is known and an
-- applicant reads no invitation row; the callers pass only an ID they were given.

CREATE OR REPLACE FUNCTION public.invitations_by_id(p_id uuid)
 RETURNS TABLE(id uuid, national_id text, org_id uuid, locale text, status text, token_expires_at timestamptz, phone text, used_by_user_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.national_id, i.first_org_id, i.locale, i.status, i.token_expires_at, i.phone, i.used_by_user_id
    from invitations i
   where i.id = p_id
$function$;
