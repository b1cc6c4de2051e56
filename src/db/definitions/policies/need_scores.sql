-- The row-level security policies on need_scores (0020): a score tells of a household's means and
-- health, so it is read and written as the household is seen (mizan_can_see_household: the
-- ministry and jobs, the applicant's own household, a charity that may see the household). The
-- anonymous explanation a pool shows is read through need_score_explanations() instead.

drop policy if exists need_scores_read on public.need_scores;
create policy need_scores_read on public.need_scores as permissive for select to public
  using (mizan_can_see_household(household_id));

drop policy if exists need_scores_insert on public.need_scores;
create policy need_scores_insert on public.need_scores as permissive for insert to public
  with check (mizan_can_see_household(household_id));
