-- The row-level security policies on idp_dev_accounts: their current definitions (history: migrations 0003).

drop policy if exists idp_dev_accounts_system on public.idp_dev_accounts;
create policy idp_dev_accounts_system on public.idp_dev_accounts as permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text));
