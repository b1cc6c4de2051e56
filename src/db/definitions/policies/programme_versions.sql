-- The row-level security policies on programme_versions (0029): read by all (a decision's reasons
-- name the rule); written by whoever may manage the programme (programmes_update).

drop policy if exists programme_versions_read on public.programme_versions;
create policy programme_versions_read on public.programme_versions as permissive for select to public using (true);

drop policy if exists programme_versions_insert on public.programme_versions;
create policy programme_versions_insert on public.programme_versions as permissive for insert to public
  with check (mizan_programme_of_org(programme_id, true));

drop policy if exists programme_versions_update on public.programme_versions;
create policy programme_versions_update on public.programme_versions as permissive for update to public
  using (mizan_programme_of_org(programme_id, true));
