-- The row-level security policies on journal_lines (0031): a line is read with its lot
-- (the charity holding it, the ministry, the donor of the gift); written on one's own lots, or in an
-- entry one may write (a transfer's line at the charity it goes to); lines join only an entry of their
-- own transaction (journal_lines_check).

drop policy if exists journal_lines_read on public.journal_lines;
create policy journal_lines_read on public.journal_lines as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org()))
         OR (donor_id = (SELECT mizan_ctx_donor())));

drop policy if exists journal_lines_insert on public.journal_lines;
create policy journal_lines_insert on public.journal_lines as permissive for insert to public
  with check ((org_id = (SELECT mizan_ctx_org())) OR journal_entry_writable(entry_id));
