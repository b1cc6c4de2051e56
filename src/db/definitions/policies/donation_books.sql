-- The row-level security policies on donation_books (0031): which charities keep their books in
-- Mizan is no secret among staff; a charity's administrator opens its own.

drop policy if exists donation_books_read on public.donation_books;
create policy donation_books_read on public.donation_books as permissive for select to public using (true);

drop policy if exists donation_books_insert on public.donation_books;
create policy donation_books_insert on public.donation_books as permissive for insert to public
  with check (((SELECT mizan_ctx_role()) = 'system'::text) OR ((org_id = (SELECT mizan_ctx_org())) AND ((SELECT mizan_ctx_role()) = 'charity_admin'::text)));
