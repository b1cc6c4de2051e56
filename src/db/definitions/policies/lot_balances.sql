-- The row-level security policies on lot_balances (0031): read with the lot (donation_lots_read);
-- written only by the journal's trigger (the application role has no write privilege).

drop policy if exists lot_balances_read on public.lot_balances;
create policy lot_balances_read on public.lot_balances as permissive for select to public
  using ((EXISTS (SELECT 1 FROM donation_lots l WHERE l.id = lot_balances.lot_id)));
