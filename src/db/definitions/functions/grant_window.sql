-- grant_window: the current definition (migrations 0011 are its history).

CREATE OR REPLACE FUNCTION public.grant_window(p_aid_type text, p_granted_on date, p_recorded_on date, p_vouched boolean)
 RETURNS daterange
 LANGUAGE sql
 STABLE
AS $function$
  select grant_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day,
                         p_granted_on, p_recorded_on, p_vouched)
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = p_aid_type
$function$;
