-- The row-level security policies on person_match_keys (0025): the blocking keys of registry persons
-- (folded names, birth dates, IDs, phones) are read and written by the ministry and the matching
-- sweep (role 'system') only, as every other cross-organisation read (mizan_ctx_reads_all).

drop policy if exists person_match_keys_all on public.person_match_keys;
create policy person_match_keys_all on public.person_match_keys as permissive for all to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all))
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
