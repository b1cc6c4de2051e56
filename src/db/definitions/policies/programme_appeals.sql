-- The row-level security policies on programme_appeals (0029): an appeal is seen with its
-- application (programme_applications_read decides); an applicant lodges one, staff decide it.

drop policy if exists programme_appeals_read on public.programme_appeals;
create policy programme_appeals_read on public.programme_appeals as permissive for select to public
  using ((EXISTS (SELECT 1 FROM programme_applications a WHERE a.id = programme_appeals.application_id)));

drop policy if exists programme_appeals_insert on public.programme_appeals;
create policy programme_appeals_insert on public.programme_appeals as permissive for insert to public
  with check ((EXISTS (SELECT 1 FROM programme_applications a WHERE a.id = programme_appeals.application_id)));

drop policy if exists programme_appeals_update on public.programme_appeals;
create policy programme_appeals_update on public.programme_appeals as permissive for update to public
  using ((((SELECT mizan_ctx_role()) <> 'applicant'::text) AND (EXISTS (SELECT 1 FROM programme_applications a WHERE a.id = programme_appeals.application_id))));
