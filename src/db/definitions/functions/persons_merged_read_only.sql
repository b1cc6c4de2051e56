-- persons_merged_read_only: a person merged into another (0024, registry/link-persons.ts) is read-only
-- from then on: no update, no delete. The trigger persons_merged_read_only calls it for such rows
-- only; the merge itself writes merged_into while it is still null. Whoever writes, TypeScript or not.

CREATE OR REPLACE FUNCTION public.persons_merged_read_only()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  raise exception 'person % was merged into % and is read-only', old.id, old.merged_into
    using errcode = 'object_not_in_prerequisite_state', constraint = 'persons_merged_read_only';
end $function$;
