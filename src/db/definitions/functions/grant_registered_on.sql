-- grant_registered_on: the current definition (migrations 0011 are its history).

CREATE OR REPLACE FUNCTION public.grant_registered_on(p_household uuid, p_person uuid, p_tz text)
 RETURNS date
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select greatest((h.created_at at time zone p_tz)::date,
                  (select max((m.joined_at at time zone p_tz)::date) from household_members m
                    where m.household_id = h.id and m.person_id = p_person and m.active))
    from households h where h.id = p_household
$function$;
