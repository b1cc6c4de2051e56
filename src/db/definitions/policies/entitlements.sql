-- The row-level security policies on entitlements (0029): with their cycle (benefit_cycles_read);
-- deleted only while their cycle is a preview and nothing of it is recorded (a preview computed again).

drop policy if exists entitlements_read on public.entitlements;
create policy entitlements_read on public.entitlements as permissive for select to public
  using ((EXISTS (SELECT 1 FROM benefit_cycles c WHERE c.id = entitlements.cycle_id)));

drop policy if exists entitlements_insert on public.entitlements;
create policy entitlements_insert on public.entitlements as permissive for insert to public
  with check ((EXISTS (SELECT 1 FROM benefit_cycles c WHERE c.id = entitlements.cycle_id)));

drop policy if exists entitlements_update on public.entitlements;
create policy entitlements_update on public.entitlements as permissive for update to public
  using ((EXISTS (SELECT 1 FROM benefit_cycles c WHERE c.id = entitlements.cycle_id)));

drop policy if exists entitlements_delete on public.entitlements;
create policy entitlements_delete on public.entitlements as permissive for delete to public
  using (((outcome IS NULL) AND (EXISTS (SELECT 1 FROM benefit_cycles c WHERE c.id = entitlements.cycle_id AND c.status = 'preview'::text))));
