-- The row-level security policies on eligibility_decisions (0029): a decision tells of a
-- household's means, so it is read and written as the household is seen.

drop policy if exists eligibility_decisions_read on public.eligibility_decisions;
create policy eligibility_decisions_read on public.eligibility_decisions as permissive for select to public
  using (mizan_can_see_household(household_id));

drop policy if exists eligibility_decisions_insert on public.eligibility_decisions;
create policy eligibility_decisions_insert on public.eligibility_decisions as permissive for insert to public
  with check (mizan_can_see_household(household_id));
