-- The row-level security policies on programme_applications (0029): an applicant reads and makes
-- their own; the ministry all; a charity those of the programmes it owns.

drop policy if exists programme_applications_read on public.programme_applications;
create policy programme_applications_read on public.programme_applications as permissive for select to public
  using (((applicant_user = (SELECT mizan_ctx_user())) OR (((SELECT mizan_ctx_role()) <> 'applicant'::text) AND ((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)))));

drop policy if exists programme_applications_insert on public.programme_applications;
create policy programme_applications_insert on public.programme_applications as permissive for insert to public
  with check (((applicant_user = (SELECT mizan_ctx_user())) OR (SELECT mizan_ctx_reads_all())));

drop policy if exists programme_applications_update on public.programme_applications;
create policy programme_applications_update on public.programme_applications as permissive for update to public
  using (((applicant_user = (SELECT mizan_ctx_user())) OR (((SELECT mizan_ctx_role()) <> 'applicant'::text) AND ((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)))));
