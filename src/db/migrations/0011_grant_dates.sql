-- Grant dates with rules, and a window that cannot be gamed by the date typed.
--
-- Until now a grant's date (granted_on) had no bounds and the window the no-duplicate rule
-- compares was computed from it alone: one household received a 30-day living allowance five
-- times on one day, dated today, today - 31, today + 30, today - 62 and 9999-12-01. From now on
-- grant_aid() decides, for every grant, against "today" (the application's clock in the
-- deployment's time zone; see below):
--   future-date               granted_on after today
--   before-registration       granted_on before the household was registered (or before the
--                             receiving member joined it)
--   backdate-needs-approval   granted_on more than the deployment setting backdate_days (default
--                             30) before today, without a supervisor's approval for that date
-- and every grant records the day it was recorded (recorded_on). The window it blocks is the span
-- covering the window of its aid date and the window of its recording date, so two grants of one
-- group recorded on the same day always overlap, whatever dates were typed. A back-dated grant
-- that a supervisor approved (a grant_exceptions row of kind 'backdate', for that household,
-- group and date) blocks the window of its aid date only: the date is vouched for.
--
-- Existing grants keep their stored windows. Those that these rules would now refuse are
-- reported in grant_date_findings (read by the ministry: GET /api/v1/grants/date-findings), not
-- changed.

-- The deployment's time zone, in which "today" and a registration's day are counted. New
-- deployments get it from their profile (src/deployments/profiles.ts); existing ones here.
update deployment
   set settings = settings || jsonb_build_object('time_zone', case country when 'KW' then 'Asia/Kuwait' when 'SA' then 'Asia/Riyadh' else 'Asia/Tehran' end)
 where not (settings ? 'time_zone');

-- The day a grant was recorded (the application's today when grant_aid() wrote it). Null for
-- grants recorded before this migration and rows loaded in bulk: their window is their aid
-- date's, as it was.
alter table grants add column recorded_on date;

-- A documented exception is now of one of two kinds: 'repeat' (a second grant inside the window
-- for a new need; exempt from the no-duplicate rule, as before) or 'backdate' (aid given on
-- granted_on, recorded later than backdate_days allow; still under the no-duplicate rule).
alter table grant_exceptions add column kind text not null default 'repeat' check (kind in ('repeat', 'backdate'));
alter table grant_exceptions add column granted_on date;
alter table grant_exceptions add constraint grant_exceptions_backdate_has_date check ((kind = 'backdate') = (granted_on is not null));

-- The approval a back-dated grant cites. Separate from exception_id, which exempts a grant from
-- the exclusion constraint: a back-dated grant is never exempt.
alter table grants add column backdate_exception_id uuid unique references grant_exceptions (id);

-- The window a grant blocks: its aid date's window, merged with its recording date's window unless
-- the aid date was approved by a supervisor (or the recording date is unknown). One definition,
-- used by the stamping trigger and by the explanation of a refusal.
create function grant_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint,
                                p_granted_on date, p_recorded_on date, p_vouched boolean)
returns daterange language sql immutable as $$
  select case when p_recorded_on is null or p_vouched
              then aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on)
              else range_merge(aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on),
                               aid_window_of(p_kind, p_days, p_month, p_day, p_recorded_on)) end
$$;

create function grant_window(p_aid_type text, p_granted_on date, p_recorded_on date, p_vouched boolean)
returns daterange language sql stable as $$
  select grant_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day,
                         p_granted_on, p_recorded_on, p_vouched)
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = p_aid_type
$$;

create or replace function grants_set_window() returns trigger language plpgsql as $$
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
end $$;

-- The first day aid to this household (and member) may be dated: the later of the day the
-- household was registered and the day the member joined it, in the deployment's time zone.
-- Registry-wide (before a grant the charity may not read the household); a date only.
create function grant_registered_on(p_household uuid, p_person uuid, p_tz text) returns date
language sql stable security definer set search_path = public, pg_temp as $$
  select greatest((h.created_at at time zone p_tz)::date,
                  (select max((m.joined_at at time zone p_tz)::date) from household_members m
                    where m.household_id = h.id and m.person_id = p_person and m.active))
    from households h where h.id = p_household
$$;

-- The grant that blocks a window, explained as much as the caller may be told (as 0003's
-- grants_find_blocking, for the window the refused grant would have blocked).
create function grants_find_blocking(p_household uuid, p_aid_type text, p_during daterange)
returns table (id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text,
               granted_on date, org_id uuid, org_kind text, window_end text)
language sql stable security definer set search_path = public, pg_temp as $$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && p_during
   order by g.granted_on desc
   limit 1
$$;

-- grant_aid() as in 0008, with the date rules, the recording day and back-dating approvals. Each
-- item may carry grantedOn (default: today) and must carry at (the application's clock); today
-- is at's day in the deployment's time zone. New outcomes (nothing written):
--   future-date, before-registration, backdate-needs-approval
-- r_detail explains a refusal: the date asked for and the limit it broke (today, registeredOn,
-- earliest and limitDays), or for 'refused' the window the grant would have blocked.
drop function grant_aid(jsonb);
create function grant_aid(p_items jsonb)
returns table (r_outcome text, r_household uuid, r_exception_status text, r_grant jsonb, r_detail jsonb)
language plpgsql volatile set search_path = public, pg_temp as $$
declare
  it jsonb;
  v_scheme text;
  v_tz text;
  v_limit integer;
  v_today date;
  v_on date;
  v_registered date;
  v_org uuid;
  v_org_status text;
  v_org_kind text;
  v_code text;
  v_group text;
  v_form text;
  v_active boolean;
  v_offered boolean;
  v_bene record;
  v_ex record;
  v_exception uuid;
  v_backdate uuid;
  v_grant grants%rowtype;
begin
  select d.id_scheme, coalesce(d.settings->>'time_zone', 'UTC'),
         case when jsonb_typeof(d.settings->'backdate_days') = 'number' then greatest(0, (d.settings->>'backdate_days')::numeric::integer) else 30 end
    into v_scheme, v_tz, v_limit
    from deployment d;
  for it in select e.value from jsonb_array_elements(p_items) e loop
    r_outcome := null;
    r_household := null;
    r_exception_status := null;
    r_grant := null;
    r_detail := null;
    v_org := nullif(it->>'orgId', '')::uuid;
    perform set_config('mizan.user_id', coalesce(it->>'userId', ''), true),
            set_config('mizan.org_id', coalesce(it->>'orgId', ''), true),
            set_config('mizan.role', coalesce(it->>'role', 'public'), true);

    -- the acting organisation, the aid type, and whether the organisation offers it: one read
    select o.status, o.kind, t.code, t.group_code, t.form, t.active,
           exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = t.code)
      into v_org_status, v_org_kind, v_code, v_group, v_form, v_active, v_offered
      from organisations o
      left join aid_types t on t.code = it->>'aidTypeCode'
     where o.id = v_org;
    if not found or v_org_kind <> 'charity' or v_org_status <> 'approved' then
      r_outcome := 'org-not-approved';
    elsif v_code is null or not v_active then
      r_outcome := 'unknown-aid-type';
    elsif not v_offered then
      r_outcome := 'not-offered';
    end if;
    if r_outcome is not null then
      return next;
      continue;
    end if;

    select * into v_bene from registry_beneficiary(v_scheme, it->>'nationalId', (it->>'householdId')::uuid, (it->>'personId')::uuid);
    if v_bene.outcome <> 'ok' then
      r_outcome := v_bene.outcome;
      return next;
      continue;
    end if;
    r_household := v_bene.beneficiary_household;

    if v_form = 'cash' and it->'amountMinor' is null then
      r_outcome := 'amount-required';
      return next;
      continue;
    end if;

    -- The date: not after today, not before the household (or the member) was registered.
    v_today := ((it->>'at')::timestamptz at time zone v_tz)::date;
    v_on := coalesce((it->>'grantedOn')::date, v_today);
    if v_on > v_today then
      r_outcome := 'future-date';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today);
      return next;
      continue;
    end if;
    -- A registration the application's clock has not reached yet (clocks apart) counts as today.
    v_registered := least(grant_registered_on(r_household, v_bene.beneficiary_person, v_tz), v_today);
    if v_on < v_registered then
      r_outcome := 'before-registration';
      r_detail := jsonb_build_object('grantedOn', v_on, 'registeredOn', v_registered);
      return next;
      continue;
    end if;

    v_exception := null;
    v_backdate := null;
    if it->>'exceptionId' is not null then
      select e.id, e.household_id, e.group_code, e.status, e.kind, e.granted_on into v_ex
        from grant_exceptions e where e.id = (it->>'exceptionId')::uuid for update;
      if not found then
        r_outcome := 'exception-missing';
      elsif v_ex.household_id <> r_household or v_ex.group_code <> v_group or (v_ex.kind = 'backdate' and v_ex.granted_on <> v_on) then
        r_outcome := 'exception-mismatch';
      elsif v_ex.status <> 'approved' then
        r_outcome := 'exception-not-approved';
        r_exception_status := v_ex.status;
      end if;
      if r_outcome is not null then
        return next;
        continue;
      end if;
      if v_ex.kind = 'backdate' then
        v_backdate := v_ex.id;
      else
        v_exception := v_ex.id;
      end if;
    end if;

    -- Back-dated further than the deployment allows: only with a supervisor's approval of that date.
    if v_backdate is null and v_on < v_today - v_limit then
      r_outcome := 'backdate-needs-approval';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today, 'limitDays', v_limit, 'earliest', v_today - v_limit);
      return next;
      continue;
    end if;

    insert into grants (household_id, person_id, request_id, org_id, aid_type_code, form, amount_minor, currency,
                        item, quantity, granted_on, recorded_on, exception_id, backdate_exception_id, revoked_reason, created_by)
    values (r_household, v_bene.beneficiary_person, (it->>'requestId')::uuid, v_org, v_code, v_form,
            (it->>'amountMinor')::bigint, case when it->'amountMinor' is null then null else it->>'currency' end,
            case when v_form = 'cash' then null else coalesce(it->>'item', (select t.name_en from aid_types t where t.code = v_code)) end,
            case when v_form = 'cash' then null else coalesce((it->>'quantity')::integer, 1) end,
            v_on, v_today, v_exception, v_backdate, null, (it->>'userId')::uuid)
    on conflict do nothing
    returning * into v_grant;
    if not found then
      r_outcome := 'refused';
      r_detail := jsonb_build_object('grantedOn', v_on, 'during', grant_window(v_code, v_on, v_today, v_backdate is not null)::text);
      return next;
      continue;
    end if;
    if coalesce(v_exception, v_backdate) is not null then
      update grant_exceptions set status = 'used' where id = coalesce(v_exception, v_backdate) and status = 'approved';
    end if;
    insert into audit_log (at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, details)
    values ((it->>'at')::timestamptz, (it->>'userId')::uuid, v_org, it->>'role',
            case when v_exception is not null then 'grant.create.exception' when v_backdate is not null then 'grant.create.backdated' else 'grant.create' end,
            'grant', v_grant.id::text, r_household,
            jsonb_build_object('aidType', v_code, 'group', v_group, 'amountMinor', v_grant.amount_minor,
                               'exceptionId', coalesce(v_exception, v_backdate), 'requestId', v_grant.request_id,
                               'grantedOn', v_on, 'recordedOn', v_today));
    r_outcome := 'granted';
    r_grant := to_jsonb(v_grant);
    return next;
  end loop;
end $$;

grant execute on function grant_aid(jsonb) to mizan_app;
grant execute on function grant_registered_on(uuid, uuid, text) to mizan_app;
grant execute on function grants_find_blocking(uuid, text, daterange) to mizan_app;
grant execute on function grant_window(text, date, date, boolean) to mizan_app;
grant execute on function grant_window_of(text, integer, smallint, smallint, date, date, boolean) to mizan_app;

-- Existing grants these rules would now refuse: reported, not changed. Each finding names the
-- grant, the rule and the facts (recordedOn: the day it was recorded, from created_at in the
-- deployment's time zone; the limit as the settings were when this migration ran). Active grants
-- only (a revoked grant blocks nothing).
--   future-date             dated after the day it was recorded
--   before-registration     dated before the household was registered (or the member joined)
--   backdate-over-limit     dated more than backdate_days before the day it was recorded
--   overlaps-when-recorded  its window, stamped as grants are stamped now, overlaps the window of
--                           an earlier-recorded active grant of the same group to the household
create table grant_date_findings (
  grant_id uuid not null references grants (id),
  finding text not null check (finding in ('future-date', 'before-registration', 'backdate-over-limit', 'overlaps-when-recorded')),
  household_id uuid not null references households (id),
  org_id uuid not null references organisations (id),
  aid_type_code text not null,
  granted_on date not null,
  recorded_on date not null,
  detail jsonb not null default '{}'::jsonb,
  found_at timestamptz not null default now(),
  primary key (grant_id, finding)
);
alter table grant_date_findings enable row level security;
create policy grant_date_findings_read on grant_date_findings for select using ((select mizan_ctx_reads_all()));
revoke insert, update, delete, truncate on grant_date_findings from mizan_app;

with settings as (
  select coalesce(d.settings->>'time_zone', 'UTC') as tz,
         case when jsonb_typeof(d.settings->'backdate_days') = 'number' then greatest(0, (d.settings->>'backdate_days')::numeric::integer) else 30 end as lim,
         d.school_year_start_month as sm, d.school_year_start_day as sd
    from deployment d
), g as (
  select gr.id, gr.household_id, gr.person_id, gr.org_id, gr.aid_type_code, gr.group_code, gr.granted_on, gr.exception_id, gr.created_at,
         (gr.created_at at time zone s.tz)::date as recorded_on,
         grant_window_of(eg.window_kind, eg.window_days, s.sm, s.sd, gr.granted_on, (gr.created_at at time zone s.tz)::date, false) as during_now,
         s.tz, s.lim
    from grants gr
    join exclusivity_groups eg on eg.code = gr.group_code
    cross join settings s
   where gr.status = 'active'
)
insert into grant_date_findings (grant_id, finding, household_id, org_id, aid_type_code, granted_on, recorded_on, detail)
select g.id, 'future-date', g.household_id, g.org_id, g.aid_type_code, g.granted_on, g.recorded_on, '{}'::jsonb
  from g where g.granted_on > g.recorded_on
union all
select g.id, 'before-registration', g.household_id, g.org_id, g.aid_type_code, g.granted_on, g.recorded_on,
       jsonb_build_object('registeredOn', grant_registered_on(g.household_id, g.person_id, g.tz))
  from g where g.granted_on < least(grant_registered_on(g.household_id, g.person_id, g.tz), g.recorded_on)
union all
select g.id, 'backdate-over-limit', g.household_id, g.org_id, g.aid_type_code, g.granted_on, g.recorded_on,
       jsonb_build_object('limitDays', g.lim, 'earliest', g.recorded_on - g.lim)
  from g where g.granted_on < g.recorded_on - g.lim
union all
select b.id, 'overlaps-when-recorded', b.household_id, b.org_id, b.aid_type_code, b.granted_on, b.recorded_on,
       jsonb_build_object('overlapsGrant', min(a.id::text))
  from g b
  join g a on a.household_id = b.household_id and a.group_code = b.group_code and a.id <> b.id
          and a.exception_id is null
          and (a.created_at, a.id) < (b.created_at, b.id)
          and a.during_now && b.during_now
 where b.exception_id is null
   and (b.granted_on <> b.recorded_on or a.granted_on <> a.recorded_on)
 group by b.id, b.household_id, b.org_id, b.aid_type_code, b.granted_on, b.recorded_on;
