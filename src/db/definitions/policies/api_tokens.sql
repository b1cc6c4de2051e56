-- The row-level security policies on api_tokens: their current definitions (history: migrations 0003).

drop policy if exists api_tokens_own on public.api_tokens;
create policy api_tokens_own on public.api_tokens as permissive for all to public
  using (((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM users u
  WHERE ((u.id = api_tokens.user_id) AND (u.org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))))));
