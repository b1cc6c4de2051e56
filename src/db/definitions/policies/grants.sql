-- The row-level security policies on grants: their current definitions (history: migrations 0003).

drop policy if exists grants_insert on public.grants;
create policy grants_insert on public.grants as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists grants_read on public.grants;
create policy grants_read on public.grants as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id)));

drop policy if exists grants_update on public.grants;
create policy grants_update on public.grants as permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all));
