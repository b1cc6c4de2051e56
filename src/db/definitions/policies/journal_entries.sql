-- The row-level security policies on journal_entries (0031): the books' charity, the charity a
-- transfer went to and the ministry read an entry; a donor the entries on their gifts (what a gift
-- became: aid type, basket, region, day; never the household). A charity writes in its own books;
-- the ministry and the system write reversals (a grant revoked).

drop policy if exists journal_entries_read on public.journal_entries;
create policy journal_entries_read on public.journal_entries as permissive for select to public
  using ((SELECT mizan_ctx_reads_all()) OR (org_id = (SELECT mizan_ctx_org())) OR (counterparty_org = (SELECT mizan_ctx_org()))
         OR ((SELECT mizan_ctx_donor()) IS NOT NULL AND EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = journal_entries.id)));

drop policy if exists journal_entries_insert on public.journal_entries;
create policy journal_entries_insert on public.journal_entries as permissive for insert to public
  with check ((SELECT mizan_ctx_reads_all()) OR ((org_id = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text]))));
