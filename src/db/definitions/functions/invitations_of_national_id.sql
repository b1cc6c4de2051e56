-- invitations_of_national_id: for the sign-in of a person who is not yet in a household: their
-- invitation, in any state but opted-out (SECURITY DEFINER: the sign-in acts before anyone is known).

CREATE OR REPLACE FUNCTION public.invitations_of_national_id(p_scheme text, p_national_id text)
 RETURNS TABLE(id uuid, org_id uuid, locale text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.first_org_id, i.locale
    from invitations i
   where i.id_scheme = p_scheme and i.national_id = p_national_id and i.status <> 'opted-out'
$function$;
