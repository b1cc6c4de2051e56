-- The row-level security policies on programme_regions (0029): the phase plan is public; it is
-- changed by whoever may manage the programme.

drop policy if exists programme_regions_read on public.programme_regions;
create policy programme_regions_read on public.programme_regions as permissive for select to public using (true);

drop policy if exists programme_regions_insert on public.programme_regions;
create policy programme_regions_insert on public.programme_regions as permissive for insert to public
  with check (mizan_programme_of_org(programme_id, true));

drop policy if exists programme_regions_update on public.programme_regions;
create policy programme_regions_update on public.programme_regions as permissive for update to public
  using (mizan_programme_of_org(programme_id, true));
