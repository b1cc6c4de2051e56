-- registry_persons_by_national_ids: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.registry_persons_by_national_ids(p_scheme text, p_ids text[])
 RETURNS TABLE(id uuid, national_id text, active_household_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select p.id, p.national_id,
         (select m.household_id from household_members m where m.person_id = p.id and m.active limit 1)
    from persons p
   where p.id_scheme = p_scheme and p.national_id = any (p_ids)
$function$;
