-- grant_window_of: the current definition (migrations 0011 are its history).

CREATE OR REPLACE FUNCTION public.grant_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint, p_granted_on date, p_recorded_on date, p_vouched boolean)
 RETURNS daterange
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case when p_recorded_on is null or p_vouched
              then aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on)
              else range_merge(aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on),
                               aid_window_of(p_kind, p_days, p_month, p_day, p_recorded_on)) end
$function$;
