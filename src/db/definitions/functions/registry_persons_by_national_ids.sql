-- registry_persons_by_national_ids: the current definition (migrations 0003 are its history).
-- A national ID of a merged record answers the surviving person (registry_surviving_person, 0024),
-- with the ID as typed: a registration of that ID again lands on the survivor, never a new person.

CREATE OR REPLACE FUNCTION public.registry_persons_by_national_ids(p_scheme text, p_ids text[])
 RETURNS TABLE(id uuid, national_id text, active_household_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select s.id, p.national_id,
         (select m.household_id from household_members m where m.person_id = s.id and m.active limit 1)
    from persons p
   cross join lateral (select case when p.merged_into is null then p.id else registry_surviving_person(p.id) end as id) s
   where p.id_scheme = p_scheme and p.national_id = any (p_ids)
$function$;
