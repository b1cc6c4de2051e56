-- The row-level security policies on request_events: their current definitions (history: migrations 0003).

drop policy if exists request_events_append on public.request_events;
create policy request_events_append on public.request_events as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (NOT (actor_user IS DISTINCT FROM ( SELECT mizan_ctx_user() AS mizan_ctx_user)))));

drop policy if exists request_events_read on public.request_events;
create policy request_events_read on public.request_events as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((org_id IS NOT NULL) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR (EXISTS ( SELECT 1
   FROM aid_requests r
  WHERE (r.id = request_events.request_id)))));
