-- The row-level security policies on donations (0031): the receiving charity's staff and the
-- ministry read them; a donor reads their own. A donor pledges to an approved charity; the charity
-- records and receives gifts made to it.

drop policy if exists donations_read on public.donations;
create policy donations_read on public.donations as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org()))
         OR (donor_id = (SELECT mizan_ctx_donor())));

drop policy if exists donations_insert on public.donations;
create policy donations_insert on public.donations as permissive for insert to public
  with check (((SELECT mizan_ctx_role()) = 'system'::text)
              OR ((org_id = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text])))
              OR ((status = 'pledged'::text) AND (donor_id = (SELECT mizan_ctx_donor()))));

drop policy if exists donations_update on public.donations;
create policy donations_update on public.donations as permissive for update to public
  using (((SELECT mizan_ctx_role()) = 'system'::text) OR (org_id = (SELECT mizan_ctx_org())));
