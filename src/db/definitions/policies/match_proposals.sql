-- The row-level security policies on match_proposals (0025): only ministry staff read and decide
-- the proposals, and the matching sweep (role 'system') writes them (mizan_ctx_reads_all); a
-- charity or an applicant sees none (test/integration/match-proposals.test.ts).

drop policy if exists match_proposals_read on public.match_proposals;
create policy match_proposals_read on public.match_proposals as permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));

drop policy if exists match_proposals_insert on public.match_proposals;
create policy match_proposals_insert on public.match_proposals as permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));

drop policy if exists match_proposals_update on public.match_proposals;
create policy match_proposals_update on public.match_proposals as permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
