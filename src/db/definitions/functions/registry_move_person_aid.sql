-- registry_move_person_aid: a person's grants and aid requests go to another person (a merge of two
-- records of one human, registry/link-persons.ts). Those given in p_from_household move to
-- p_to_household (when both are given: the merged record's household and the survivor's); the
-- others keep their household. When the merged record is the last active member of
-- p_from_household, that household was this person registered again: the aid it was given as a
-- household (no person) moves to p_to_household too, so the no-duplicate rule sees it there. The
-- database decides what may not move: the exclusion constraint grants_no_duplicate_aid (the same
-- aid twice inside a window in the survivor's household) and aid_requests_one_open_per_group
-- raise, and the caller's transaction writes nothing.
-- SECURITY INVOKER: row-level security applies (only the ministry may update every grant).
-- Returns how many grants and requests moved.

CREATE OR REPLACE FUNCTION public.registry_move_person_aid(p_from_person uuid, p_to_person uuid, p_from_household uuid, p_to_household uuid)
 RETURNS TABLE(grants_moved integer, requests_moved integer)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  g integer;
  r integer;
  gh integer := 0;
  rh integer := 0;
begin
  update grants
     set person_id = p_to_person,
         household_id = case when household_id = p_from_household and p_to_household is not null then p_to_household else household_id end
   where person_id = p_from_person;
  get diagnostics g = row_count;
  update aid_requests
     set person_id = p_to_person,
         household_id = case when household_id = p_from_household and p_to_household is not null then p_to_household else household_id end
   where person_id = p_from_person;
  get diagnostics r = row_count;
  if p_from_household is not null and p_to_household is not null and p_from_household <> p_to_household
     and not exists (select 1 from household_members m where m.household_id = p_from_household and m.active and m.person_id <> p_from_person) then
    update grants set household_id = p_to_household where household_id = p_from_household and person_id is null;
    get diagnostics gh = row_count;
    update aid_requests set household_id = p_to_household where household_id = p_from_household and person_id is null;
    get diagnostics rh = row_count;
  end if;
  return query select g + gh, r + rh;
end $function$;
