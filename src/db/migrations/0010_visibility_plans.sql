-- The visibility functions keep their plans. "May this organisation see this household?"
-- (mizan_org_may_see_household, 0005), the acting-context dispatch over it
-- (mizan_can_see_household, 0003), the deadline rule (mizan_org_lost_household, 0005) and the
-- household of a national ID (registry_household_of_national_id, 0003) were SQL functions with
-- SECURITY DEFINER: PostgreSQL never inlines those, and plans a SQL function's body again on every
-- call of every statement that calls it. They run on every read of a household's personal data and
-- every row-level security check that reaches them. As PL/pgSQL they answer the same questions,
-- statement for statement, with plans kept per connection. Same names and signatures: the policies
-- that call them are unchanged.

create or replace function mizan_org_lost_household(p_org uuid, p_household uuid) returns boolean
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return exists (select 1 from request_events e join aid_requests r on r.id = e.request_id
                  where r.household_id = p_household and e.event = 'escalated' and e.org_id = p_org);
end $$;

create or replace function mizan_org_may_see_household(p_org uuid, p_household uuid) returns boolean
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if p_org is null then
    return false;
  end if;
  if exists (select 1 from aid_requests r where r.household_id = p_household and r.claimed_by_org = p_org
               and r.status in ('claimed', 'approved', 'rejected')) then
    return true;
  end if;
  return (   exists (select 1 from households h where h.id = p_household and h.created_by_org = p_org)
          or exists (select 1 from grants g where g.household_id = p_household and g.org_id = p_org))
         and not mizan_org_lost_household(p_org, p_household);
end $$;

create or replace function mizan_can_see_household(p_household uuid) returns boolean
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_role text := mizan_ctx_role();
begin
  if v_role in ('ministry_admin', 'ministry_supervisor', 'system') then
    return true;
  elsif v_role = 'applicant' then
    return p_household = mizan_applicant_household();
  elsif v_role in ('charity_admin', 'caseworker', 'field_visitor') then
    return mizan_org_may_see_household(mizan_ctx_org(), p_household);
  end if;
  return false;
end $$;

create or replace function registry_household_of_national_id(p_scheme text, p_national_id text)
returns table (household_id uuid, person_id uuid)
language plpgsql stable security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
begin
  return query
    select m.household_id, p.id
      from persons p join household_members m on m.person_id = p.id and m.active
     where p.id_scheme = p_scheme and p.national_id = p_national_id
     limit 1;
end $$;
