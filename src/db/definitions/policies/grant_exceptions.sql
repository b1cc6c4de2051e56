-- The row-level security policies on grant_exceptions: their current definitions (history: migrations 0003).

drop policy if exists grant_exceptions_insert on public.grant_exceptions;
create policy grant_exceptions_insert on public.grant_exceptions as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists grant_exceptions_read on public.grant_exceptions;
create policy grant_exceptions_read on public.grant_exceptions as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id)));

drop policy if exists grant_exceptions_update on public.grant_exceptions;
create policy grant_exceptions_update on public.grant_exceptions as permissive for update to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id)));
