-- A charity that let a request of a household pass its deadline (the request was escalated away
-- from it) loses access to that household's personal data from then on — even a household it
-- registered or gave aid to — unless it holds or decided a request of the household again.
-- Until now only the service (charityMaySee) knew this; here the one definition used by the
-- row-level security policies learns it too, and the policies lose their "I registered it"
-- shortcuts, which would otherwise keep the rows readable.

-- Did this organisation let a request of this household pass its deadline?
create function mizan_org_lost_household(p_org uuid, p_household uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from request_events e join aid_requests r on r.id = e.request_id
                  where r.household_id = p_household and e.event = 'escalated' and e.org_id = p_org)
$$;

create or replace function mizan_org_may_see_household(p_org uuid, p_household uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select p_org is not null and (
       exists (select 1 from aid_requests r where r.household_id = p_household and r.claimed_by_org = p_org
                 and r.status in ('claimed', 'approved', 'rejected'))
    or ((   exists (select 1 from households h where h.id = p_household and h.created_by_org = p_org)
         or exists (select 1 from grants g where g.household_id = p_household and g.org_id = p_org))
        and not mizan_org_lost_household(p_org, p_household)))
$$;

-- A person an organisation recorded, while the person is in no household yet (the moment between
-- inserting the person and the membership during registration). Once in a household, the
-- household decides who may read the person.
create function mizan_person_unattached(p_person uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select not exists (select 1 from household_members m where m.person_id = p_person and m.active)
$$;

drop policy persons_read on persons;
create policy persons_read on persons for select using (
  (select mizan_ctx_reads_all()) or mizan_can_see_person(id)
  or (created_by_org = (select mizan_ctx_org()) and mizan_person_unattached(id)));
drop policy persons_update on persons;
create policy persons_update on persons for update using (
  (select mizan_ctx_reads_all()) or mizan_can_see_person(id)
  or (created_by_org = (select mizan_ctx_org()) and mizan_person_unattached(id)));

-- The registering organisation's own shortcut stays (INSERT … RETURNING checks the new row before
-- a function called here could see it), but no longer once it lost the household.
drop policy households_read on households;
create policy households_read on households for select using (
  (select mizan_ctx_reads_all()) or mizan_can_see_household(id)
  or (created_by_org = (select mizan_ctx_org()) and not mizan_org_lost_household(created_by_org, id)));

-- Claims go through request_claim (0002); this earlier twin was never called.
drop function requests_claim(uuid, timestamptz);
