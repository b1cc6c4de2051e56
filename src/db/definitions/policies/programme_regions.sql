-- The row-level security policies on programme_regions (0029): the phase plan is public; it is
-- changed by whoever may manage the programme.

drop policy if exists programme_regions_read on public.programme_regions;
create policy programme_regions_read on public.programme_regions as permissive for select to public using (true);

drop policy if exists programme_regions_insert on public.programme_regions;
create policy programme_regions_insert on public.programme_regions as permissive for insert to public
  with check (((SELECT mizan_ctx_reads_all()) OR (EXISTS (SELECT 1 FROM programmes p WHERE p.id = programme_regions.programme_id AND p.owner_org = (SELECT mizan_ctx_org()) AND (SELECT mizan_ctx_role()) = 'charity_admin'::text))));

drop policy if exists programme_regions_update on public.programme_regions;
create policy programme_regions_update on public.programme_regions as permissive for update to public
  using (((SELECT mizan_ctx_reads_all()) OR (EXISTS (SELECT 1 FROM programmes p WHERE p.id = programme_regions.programme_id AND p.owner_org = (SELECT mizan_ctx_org()) AND (SELECT mizan_ctx_role()) = 'charity_admin'::text))));
