-- registry_surviving_person: the record that stands for a person now. A person merged into another
-- (registry/link-persons.ts, 0024) is followed along merged_into to the record that was kept, so a
-- national ID of a merged record lands on the survivor (registry_persons_by_national_ids,
-- registry_household_of_national_id) and never on a new person. A person never merged is itself.
-- SECURITY DEFINER: it answers a person's id only, whoever asks (as those lookups do).

CREATE OR REPLACE FUNCTION public.registry_surviving_person(p_person uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with recursive chain (id, merged_into, depth) as (
    select p.id, p.merged_into, 0 from persons p where p.id = p_person
    union all
    select p.id, p.merged_into, c.depth + 1 from chain c join persons p on p.id = c.merged_into where c.depth < 32
  )
  select id from chain where merged_into is null limit 1
$function$;
