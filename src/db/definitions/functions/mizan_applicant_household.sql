-- mizan_applicant_household: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.mizan_applicant_household()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select m.household_id
    from users u
    join persons p on p.national_id = u.national_id
    join household_members m on m.person_id = p.id and m.active
   where u.id = mizan_ctx_user() and u.role = 'applicant' and u.active
   limit 1
$function$;
