-- The row-level security policies on donation_items (0031): with their donation (donations_read,
-- donations_insert).

drop policy if exists donation_items_read on public.donation_items;
create policy donation_items_read on public.donation_items as permissive for select to public
  using ((EXISTS (SELECT 1 FROM donations d WHERE d.id = donation_items.donation_id)));

drop policy if exists donation_items_insert on public.donation_items;
create policy donation_items_insert on public.donation_items as permissive for insert to public
  with check ((EXISTS (SELECT 1 FROM donations d WHERE d.id = donation_items.donation_id AND d.status = 'pledged'::text)));
