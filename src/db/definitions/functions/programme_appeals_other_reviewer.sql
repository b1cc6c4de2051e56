-- programme_appeals_other_reviewer (0029): an appeal is decided by someone other than the person
-- who decided the case (programme_applications.decided_by). A decision made by the rule alone
-- (decided_by null) may be reviewed by any reviewer.

CREATE OR REPLACE FUNCTION public.programme_appeals_other_reviewer()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_decider uuid;
begin
  if new.decided_by is not null then
    select a.decided_by into v_decider from programme_applications a where a.id = new.application_id;
    if v_decider = new.decided_by then
      raise exception 'appeal % is decided by the person who decided the case', new.id
        using errcode = 'check_violation', constraint = 'programme_appeals_other_reviewer';
    end if;
  end if;
  return new;
end $function$;
