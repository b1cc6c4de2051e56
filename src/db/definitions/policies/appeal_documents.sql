-- The row-level security policies on appeal_documents (0029): read with the appeal
-- (programme_appeals_read: the applicant's own, the ministry, the programme's charity); added only
-- by the applicant who lodged the appeal, while it is open.

drop policy if exists appeal_documents_read on public.appeal_documents;
create policy appeal_documents_read on public.appeal_documents as permissive for select to public
  using ((EXISTS (SELECT 1 FROM programme_appeals a WHERE a.id = appeal_documents.appeal_id)));

drop policy if exists appeal_documents_insert on public.appeal_documents;
create policy appeal_documents_insert on public.appeal_documents as permissive for insert to public
  with check ((EXISTS (SELECT 1 FROM programme_appeals a JOIN programme_applications p ON p.id = a.application_id
                        WHERE a.id = appeal_documents.appeal_id AND a.status = 'open'::text AND p.applicant_user = (SELECT mizan_ctx_user()))));
