-- mizan_person_unattached: the current definition (migrations 0005 are its history).

CREATE OR REPLACE FUNCTION public.mizan_person_unattached(p_person uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select not exists (select 1 from household_members m where m.person_id = p_person and m.active)
$function$;
