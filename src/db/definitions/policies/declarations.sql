-- The row-level security policies on declarations (0021): an applicant reads and writes only their
-- own (user_id); staff read those of households they may see (mizan_can_see_household: the
-- ministry, a charity that may see the household) and never write them; the system (sign-in, jobs)
-- sees all. Another applicant of the same household does not see it.

drop policy if exists declarations_read on public.declarations;
create policy declarations_read on public.declarations as permissive for select to public
  using ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((household_id IS NOT NULL) AND mizan_can_see_household(household_id)))));

drop policy if exists declarations_insert on public.declarations;
create policy declarations_insert on public.declarations as permissive for insert to public
  with check (((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text)));

drop policy if exists declarations_update on public.declarations;
create policy declarations_update on public.declarations as permissive for update to public
  using (((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text)));
