-- The row-level security policies on donors (0031): the ministry and the system read every donor;
-- a signed-in donor their own record; a charity's staff the donors it registered or that gave to it
-- (a donor known to the charity, whatever the public is told).

drop policy if exists donors_read on public.donors;
create policy donors_read on public.donors as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (user_id = (SELECT mizan_ctx_user()))
         OR (registered_by_org = (SELECT mizan_ctx_org()))
         OR (EXISTS (SELECT 1 FROM donations d WHERE d.donor_id = donors.id AND d.org_id = (SELECT mizan_ctx_org()))));

drop policy if exists donors_insert on public.donors;
create policy donors_insert on public.donors as permissive for insert to public
  with check (((SELECT mizan_ctx_role()) = 'system'::text)
              OR ((user_id = (SELECT mizan_ctx_user())) AND ((SELECT mizan_ctx_role()) = 'donor'::text))
              OR ((registered_by_org = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text]))));

drop policy if exists donors_update on public.donors;
create policy donors_update on public.donors as permissive for update to public
  using ((user_id = (SELECT mizan_ctx_user())) OR ((registered_by_org = (SELECT mizan_ctx_org())) AND (user_id IS NULL)));
