-- The row-level security policies on grant_date_findings: their current definitions (history: migrations 0011).

drop policy if exists grant_date_findings_read on public.grant_date_findings;
create policy grant_date_findings_read on public.grant_date_findings as permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
