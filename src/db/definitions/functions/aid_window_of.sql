-- aid_window_of: the current definition (migrations 0009 are its history).

CREATE OR REPLACE FUNCTION public.aid_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint, p_on date)
 RETURNS daterange
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case p_kind
    when 'days' then daterange(p_on, p_on + p_days)
    when 'lifetime' then daterange(p_on, null)
    -- school_year: the school year containing the date, from the deployment's start month and day
    else case
      when p_on < make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1))
        then daterange((make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)) - interval '1 year')::date,
                       make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)))
      else daterange(make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)),
                     (make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)) + interval '1 year')::date)
    end
  end
$function$;
