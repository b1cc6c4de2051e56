-- registry_active_memberships: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.registry_active_memberships(p_persons uuid[])
 RETURNS TABLE(person_id uuid, household_id uuid, relation text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select m.person_id, m.household_id, m.relation from household_members m where m.person_id = any (p_persons) and m.active
$function$;
