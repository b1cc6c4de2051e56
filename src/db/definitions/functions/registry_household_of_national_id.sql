-- registry_household_of_national_id: the current definition (migrations 0003, 0010 are its history).
-- A national ID of a merged record answers the surviving person's household (registry_surviving_person, 0024).

CREATE OR REPLACE FUNCTION public.registry_household_of_national_id(p_scheme text, p_national_id text)
 RETURNS TABLE(household_id uuid, person_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
begin
  return query
    select m.household_id, m.person_id
      from persons p join household_members m on m.person_id = case when p.merged_into is null then p.id else registry_surviving_person(p.id) end and m.active
     where p.id_scheme = p_scheme and p.national_id = p_national_id
     limit 1;
end $function$;
