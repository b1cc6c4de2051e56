-- mizan_can_see_person: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_can_see_person(p_person uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from household_members m where m.person_id = p_person and mizan_can_see_household(m.household_id))
$function$;
