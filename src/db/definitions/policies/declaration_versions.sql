-- The row-level security policies on declaration_versions (0021): read like their declaration (the
-- applicant their own; staff who may see the household; the ministry); written only by the
-- declaration's own applicant (or the system), never rewritten (0021 revokes update and delete).

drop policy if exists declaration_versions_read on public.declaration_versions;
create policy declaration_versions_read on public.declaration_versions as permissive for select to public
  using ((EXISTS ( SELECT 1 FROM declarations d WHERE ((d.id = declaration_versions.declaration_id) AND (d.user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user))))) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(household_id))));

drop policy if exists declaration_versions_insert on public.declaration_versions;
create policy declaration_versions_insert on public.declaration_versions as permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((submitted_by = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) AND (EXISTS ( SELECT 1 FROM declarations d WHERE ((d.id = declaration_versions.declaration_id) AND (d.user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)))))));
