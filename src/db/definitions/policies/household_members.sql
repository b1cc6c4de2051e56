-- The row-level security policies on household_members: their current definitions (history: migrations 0003).

drop policy if exists household_members_insert on public.household_members;
create policy household_members_insert on public.household_members as permissive for insert to public
  with check (mizan_can_see_household(household_id));

drop policy if exists household_members_read on public.household_members;
create policy household_members_read on public.household_members as permissive for select to public
  using (mizan_can_see_household(household_id));

drop policy if exists household_members_update on public.household_members;
create policy household_members_update on public.household_members as permissive for update to public
  using (mizan_can_see_household(household_id));
