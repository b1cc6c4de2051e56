-- The row-level security policies on person_match_counts (0027): how many indexed persons carry
-- each folded name and phone, written by the sweep and read by the registry's search, as the
-- blocking keys they are counted from (mizan_ctx_reads_all: the ministry and role 'system').

drop policy if exists person_match_counts_all on public.person_match_counts;
create policy person_match_counts_all on public.person_match_counts as permissive for all to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all))
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
