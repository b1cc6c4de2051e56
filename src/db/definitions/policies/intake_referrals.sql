-- The row-level security policies on intake_referrals: a charity reads and writes only its own; the system
-- (the import job) and the ministry read all. Cross-charity questions (is this ID referred by
-- another charity?) are answered by intake_apply_rows() (SECURITY DEFINER).

drop policy if exists intake_referrals_own on public.intake_referrals;
create policy intake_referrals_own on public.intake_referrals as permissive for all to public
  using (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))
  with check (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists intake_referrals_ministry_read on public.intake_referrals;
create policy intake_referrals_ministry_read on public.intake_referrals as permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
