-- The row-level security policies on aid_requests: their current definitions (history: migrations 0003).

drop policy if exists aid_requests_insert on public.aid_requests;
create policy aid_requests_insert on public.aid_requests as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((submitted_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_can_see_household(household_id)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'applicant'::text) AND (submitted_by_org IS NULL) AND mizan_can_see_household(household_id))));

drop policy if exists aid_requests_read on public.aid_requests;
create policy aid_requests_read on public.aid_requests as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (submitted_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (claimed_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id)));

drop policy if exists aid_requests_update on public.aid_requests;
create policy aid_requests_update on public.aid_requests as permissive for update to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (claimed_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id)));
