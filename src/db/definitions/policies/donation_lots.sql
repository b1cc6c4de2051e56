-- The row-level security policies on donation_lots (0031): a charity's own lots (and the ministry
-- all); a donor those of their gifts. A charity makes lots of its own gifts and, by a transfer, at
-- the charity it sends to (the parent lot is its own). FOR UPDATE (the grant path's lock) needs the
-- update policy; the lot itself is never rewritten (donation_lots_append_only).

drop policy if exists donation_lots_read on public.donation_lots;
create policy donation_lots_read on public.donation_lots as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org()))
         OR (donor_id = (SELECT mizan_ctx_donor())));

drop policy if exists donation_lots_insert on public.donation_lots;
create policy donation_lots_insert on public.donation_lots as permissive for insert to public
  with check (((SELECT mizan_ctx_role()) = 'system'::text) OR (org_id = (SELECT mizan_ctx_org()))
              OR (donation_lot_org(parent_lot_id) = (SELECT mizan_ctx_org())));

drop policy if exists donation_lots_lock on public.donation_lots;
create policy donation_lots_lock on public.donation_lots as permissive for update to public
  using (((SELECT mizan_ctx_role()) = 'system'::text) OR (org_id = (SELECT mizan_ctx_org())));
