-- The row-level security policies on notifications: their current definitions (history: migrations 0003).

drop policy if exists notifications_insert on public.notifications;
create policy notifications_insert on public.notifications as permissive for insert to public
  with check (true);

drop policy if exists notifications_read on public.notifications;
create policy notifications_read on public.notifications as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((recipient_org IS NOT NULL) AND (recipient_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((recipient_user IS NOT NULL) AND (recipient_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)))));

drop policy if exists notifications_update on public.notifications;
create policy notifications_update on public.notifications as permissive for update to public
  using ((((recipient_org IS NOT NULL) AND (recipient_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((recipient_user IS NOT NULL) AND (recipient_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)))));
