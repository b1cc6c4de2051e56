-- The row-level security policies on sessions: their current definitions (history: migrations 0003).

drop policy if exists sessions_own on public.sessions;
create policy sessions_own on public.sessions as permissive for all to public
  using (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM users u
  WHERE ((u.id = sessions.user_id) AND (u.org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))))));
