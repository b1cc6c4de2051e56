-- The row-level security policies on programme_sessions (0029): a programme's sessions are public
-- like the programme; they are managed by the ministry or the programme's own charity.

drop policy if exists programme_sessions_read on public.programme_sessions;
create policy programme_sessions_read on public.programme_sessions as permissive for select to public using (true);

drop policy if exists programme_sessions_insert on public.programme_sessions;
create policy programme_sessions_insert on public.programme_sessions as permissive for insert to public
  with check (((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)));

drop policy if exists programme_sessions_update on public.programme_sessions;
create policy programme_sessions_update on public.programme_sessions as permissive for update to public
  using (((SELECT mizan_ctx_reads_all()) OR mizan_programme_of_org(programme_id, false)));
