-- The window a grant blocks, computed in one read. The trigger that stamps every grant with its
-- exclusivity group and window (0001) read the aid type, then called aid_window(), which read the
-- aid type and its group again, then the deployment: a third of the cost of inserting a grant.
-- The computation itself now lives in aid_window_of(), a pure function of the policy and the
-- date; aid_window() and the trigger read the policy once and call it. One definition still.

create function aid_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint, p_on date)
returns daterange language sql immutable as $$
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
$$;

create or replace function aid_window(p_aid_type text, p_on date) returns daterange language plpgsql stable as $$
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
end $$;

create or replace function grants_set_window() returns trigger language plpgsql as $$
begin
  select t.group_code, aid_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day, new.granted_on)
    into new.group_code, new.during
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = new.aid_type_code;
  if not found then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $$;
