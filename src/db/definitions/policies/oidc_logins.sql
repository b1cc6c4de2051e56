-- The row-level security policies on oidc_logins: their current definitions (history: migrations 0003).

drop policy if exists oidc_logins_system on public.oidc_logins;
create policy oidc_logins_system on public.oidc_logins as permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text));
