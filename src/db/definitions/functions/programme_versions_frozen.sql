-- programme_versions_frozen (0029): a published version is never rewritten; the only change it
-- takes is being superseded by the next. A decision names the version it used, so the rule it
-- names stays the rule that was applied.

CREATE OR REPLACE FUNCTION public.programme_versions_frozen()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if old.state <> 'draft' and (new.rule is distinct from old.rule or new.rule_sql is distinct from old.rule_sql
      or new.benefit is distinct from old.benefit or new.benefit_sql is distinct from old.benefit_sql
      or new.published_at is distinct from old.published_at or new.projection is distinct from old.projection or not (old.state = 'published' and new.state in ('published', 'superseded'))) then
    raise exception 'programme % version % is % and cannot change', old.programme_id, old.version, old.state
      using errcode = 'object_not_in_prerequisite_state', constraint = 'programme_versions_frozen';
  end if;
  return new;
end $function$;
