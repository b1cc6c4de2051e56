-- The row-level security policies on audit_log: their current definitions (history: migrations 0003).

drop policy if exists audit_log_append on public.audit_log;
create policy audit_log_append on public.audit_log as permissive for insert to public
  with check (((xact_id = pg_current_xact_id()) AND (chain_pos IS NULL) AND (prev_hash IS NULL) AND (hash IS NULL)));

drop policy if exists audit_log_read on public.audit_log;
create policy audit_log_read on public.audit_log as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (xact_id = pg_current_xact_id_if_assigned()) OR ((actor_org IS NOT NULL) AND (actor_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'applicant'::text) AND (household_id = ( SELECT mizan_applicant_household() AS mizan_applicant_household)))));
