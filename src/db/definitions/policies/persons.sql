-- The row-level security policies on persons: their current definitions (history: migrations 0003, 0005).

drop policy if exists persons_insert on public.persons;
create policy persons_insert on public.persons as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists persons_read on public.persons;
create policy persons_read on public.persons as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_person(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_person_unattached(id))));

drop policy if exists persons_update on public.persons;
create policy persons_update on public.persons as permissive for update to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_person(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_person_unattached(id))));
