-- The row-level security policies on invitations: the ministry and the system (the send job) see
-- every invitation; a charity sees and writes those it was the first to refer. The public page
-- and the sign-in read through SECURITY DEFINER functions (invitations_by_token_hash,
-- invitations_of_national_id, invitations_redeem), never the table.

drop policy if exists invitations_read on public.invitations;
create policy invitations_read on public.invitations as permissive for select to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists invitations_insert on public.invitations;
create policy invitations_insert on public.invitations as permissive for insert to public
  with check ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));

drop policy if exists invitations_update on public.invitations;
create policy invitations_update on public.invitations as permissive for update to public
  using ((( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))));
