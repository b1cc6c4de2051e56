-- aid_window: the current definition (migrations 0001, 0009 are its history).

CREATE OR REPLACE FUNCTION public.aid_window(p_aid_type text, p_on date)
 RETURNS daterange
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  w daterange;
begin
  select aid_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day, p_on) into w
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = p_aid_type;
  if not found then
    raise exception 'unknown aid type %', p_aid_type using errcode = 'foreign_key_violation';
  end if;
  return w;
end $function$;
