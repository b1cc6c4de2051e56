-- The row-level security policies on import_rows: a charity reads and writes only its own; the system
-- (the import job) and the ministry read all. Cross-charity questions (is this ID referred by
-- another charity?) are answered by intake_apply_rows() (SECURITY DEFINER).

drop policy if exists import_rows_own on public.import_rows;
create policy import_rows_own on public.import_rows as permissive for all to public
  using (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))
  with check (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists import_rows_ministry_read on public.import_rows;
create policy import_rows_ministry_read on public.import_rows as permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
