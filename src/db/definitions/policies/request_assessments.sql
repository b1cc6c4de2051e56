-- The row-level security policies on request_assessments: their current definitions (history: migrations 0003).

drop policy if exists request_assessments_own on public.request_assessments;
create policy request_assessments_own on public.request_assessments as permissive for all to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));
