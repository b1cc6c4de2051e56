-- mizan_can_see_applicant: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_can_see_applicant(p_national_id text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from persons p join household_members m on m.person_id = p.id and m.active
                  where p.national_id = p_national_id and mizan_can_see_household(m.household_id))
$function$;
