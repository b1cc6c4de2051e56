-- The row-level security policies on lot_balances (0031): the charity holding the lot and the
-- ministry read it (a donor reads what a gift became from the journal); written only by the
-- journal's trigger (the application role has no write privilege).

drop policy if exists lot_balances_read on public.lot_balances;
create policy lot_balances_read on public.lot_balances as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org())));
