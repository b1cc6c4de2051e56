-- The row-level security policies on users: their current definitions (history: migrations 0003).

drop policy if exists users_insert on public.users;
create policy users_insert on public.users as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (role <> 'applicant'::text)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'public'::text) AND (role = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM organisations o
  WHERE ((o.id = users.org_id) AND (o.status = 'pending'::text)))))));

drop policy if exists users_read on public.users;
create policy users_read on public.users as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR ((role = 'applicant'::text) AND (( SELECT mizan_ctx_org() AS mizan_ctx_org) IS NOT NULL) AND mizan_can_see_applicant(national_id)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'public'::text) AND (role = 'charity_admin'::text) AND (created_at = now()) AND (EXISTS ( SELECT 1
   FROM organisations o
  WHERE ((o.id = users.org_id) AND (o.status = 'pending'::text)))))));

drop policy if exists users_update on public.users;
create policy users_update on public.users as permissive for update to public
  using (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))));
