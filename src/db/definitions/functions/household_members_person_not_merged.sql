-- household_members_person_not_merged: a person merged into another (0024) joins no household again;
-- the survivor does (a national ID of the merged record is looked up as the survivor's,
-- registry_surviving_person). Called by the trigger household_members_person_not_merged (BEFORE
-- INSERT, and UPDATE OF person_id, active). SECURITY DEFINER: it reads the person's merged_into only.

CREATE OR REPLACE FUNCTION public.household_members_person_not_merged()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if new.active and exists (select 1 from persons p where p.id = new.person_id and p.merged_into is not null) then
    raise exception 'person % was merged into another and joins no household', new.person_id
      using errcode = 'object_not_in_prerequisite_state', constraint = 'persons_merged_read_only';
  end if;
  return new;
end $function$;
