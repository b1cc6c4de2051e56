-- The row-level security policies on benefit_cycles (0029): the ministry's, or the owning
-- charity's, staff.

drop policy if exists benefit_cycles_read on public.benefit_cycles;
create policy benefit_cycles_read on public.benefit_cycles as permissive for select to public
  using (((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)));

drop policy if exists benefit_cycles_insert on public.benefit_cycles;
create policy benefit_cycles_insert on public.benefit_cycles as permissive for insert to public
  with check (((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)));

drop policy if exists benefit_cycles_update on public.benefit_cycles;
create policy benefit_cycles_update on public.benefit_cycles as permissive for update to public
  using (((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)));
