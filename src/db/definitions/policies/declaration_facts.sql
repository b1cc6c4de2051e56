-- The row-level security policies on declaration_facts (0021): a fact is read and written as its
-- version is (the version's own policies decide, through the subquery).

drop policy if exists declaration_facts_read on public.declaration_facts;
create policy declaration_facts_read on public.declaration_facts as permissive for select to public
  using ((EXISTS ( SELECT 1 FROM declaration_versions v WHERE (v.id = declaration_facts.version_id))));

drop policy if exists declaration_facts_insert on public.declaration_facts;
create policy declaration_facts_insert on public.declaration_facts as permissive for insert to public
  with check ((EXISTS ( SELECT 1 FROM declaration_versions v WHERE ((v.id = declaration_facts.version_id) AND ((v.submitted_by = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text))))));
