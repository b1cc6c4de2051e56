-- grants_set_window: the current definition (migrations 0001, 0009, 0011 are its history).

CREATE OR REPLACE FUNCTION public.grants_set_window()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  select t.group_code,
         grant_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day,
                         new.granted_on, new.recorded_on, new.backdate_exception_id is not null)
    into new.group_code, new.during
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = new.aid_type_code;
  if not found then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $function$;
