-- The row-level security policies on person_match_indexed (0025): which persons the matching sweep
-- has indexed; the ministry and the sweep (role 'system') only (mizan_ctx_reads_all).

drop policy if exists person_match_indexed_all on public.person_match_indexed;
create policy person_match_indexed_all on public.person_match_indexed as permissive for all to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all))
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
