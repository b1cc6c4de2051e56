-- The row-level security policies on warehouses (0031): a charity's own; the ministry reads all.

drop policy if exists warehouses_read on public.warehouses;
create policy warehouses_read on public.warehouses as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org())));

drop policy if exists warehouses_insert on public.warehouses;
create policy warehouses_insert on public.warehouses as permissive for insert to public
  with check (((SELECT mizan_ctx_role()) = 'system'::text) OR ((org_id = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = 'charity_admin'::text)));
