-- The row-level security policies on programmes (0029): programmes are public (an applicant reads
-- which exist); the ministry manages all of them, a charity's administrator those it owns.

drop policy if exists programmes_read on public.programmes;
create policy programmes_read on public.programmes as permissive for select to public using (true);

drop policy if exists programmes_insert on public.programmes;
create policy programmes_insert on public.programmes as permissive for insert to public
  with check ((SELECT mizan_ctx_reads_all()) OR ((owner_org = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = 'charity_admin'::text)));

drop policy if exists programmes_update on public.programmes;
create policy programmes_update on public.programmes as permissive for update to public
  using ((SELECT mizan_ctx_reads_all()) OR ((owner_org = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = 'charity_admin'::text)));
