-- mizan_applicant_household: the current definition (migrations 0003 are its history). An applicant
-- whose record was merged into another (persons.merged_into, 0024) is the household of the record kept.

CREATE OR REPLACE FUNCTION public.mizan_applicant_household()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select m.household_id
    from users u
    join persons p on p.national_id = u.national_id
    join household_members m on m.person_id = (case when p.merged_into is null then p.id else registry_surviving_person(p.id) end) and m.active
   where u.id = mizan_ctx_user() and u.role = 'applicant' and u.active
   limit 1
$function$;
