-- The row-level security policies on need_score_requests (0020): a request's link to its score is
-- seen and written by whoever sees the score (need_scores' own policy, applied inside).

drop policy if exists need_score_requests_all on public.need_score_requests;
create policy need_score_requests_all on public.need_score_requests as permissive for all to public
  using (exists (select 1 from need_scores s where s.id = need_score_id))
  with check (exists (select 1 from need_scores s where s.id = need_score_id));
