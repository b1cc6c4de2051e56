-- The row-level security policies on households: their current definitions (history: migrations 0003, 0005).

drop policy if exists households_insert on public.households;
create policy households_insert on public.households as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists households_read on public.households;
create policy households_read on public.households as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (NOT mizan_org_lost_household(created_by_org, id)))));

drop policy if exists households_update on public.households;
create policy households_update on public.households as permissive for update to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(id)));
