-- persons_match_stale: a person whose name, national ID, birth date, sex or phone changed is no
-- longer indexed for matching (person_match_indexed, matching's), so the next sweep writes their
-- blocking keys again and searches for them again (matching/match-sweep.ts). The registration's
-- own writes index their persons again at once, after this (matching/likely-persons.ts). Security
-- definer: whoever changes the person (a charity's caseworker, a declaration) may not write the
-- ministry's index.

CREATE OR REPLACE FUNCTION public.persons_match_stale()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  delete from person_match_indexed where person_id = new.id;
  return null;
end $function$;
