-- The row-level security policies on household_facts (0029): a household's means are read and
-- written as the household is seen (mizan_can_see_household: the ministry and jobs, the
-- applicant's own household, a charity that may see it); the ministry's reads are decided once per
-- statement (mizan_ctx_reads_all() first), so a what-if over a million rows calls nothing per row.
-- What-if previews read counts only.

drop policy if exists household_facts_read on public.household_facts;
create policy household_facts_read on public.household_facts as permissive for select to public
  using (((SELECT mizan_ctx_reads_all()) OR mizan_can_see_household(household_id)));

drop policy if exists household_facts_insert on public.household_facts;
create policy household_facts_insert on public.household_facts as permissive for insert to public
  with check (mizan_can_see_household(household_id));

drop policy if exists household_facts_update on public.household_facts;
create policy household_facts_update on public.household_facts as permissive for update to public
  using (mizan_can_see_household(household_id));

drop policy if exists household_facts_delete on public.household_facts;
create policy household_facts_delete on public.household_facts as permissive for delete to public
  using ((SELECT mizan_ctx_reads_all()));
