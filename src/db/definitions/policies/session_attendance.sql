-- The row-level security policies on session_attendance (0029): seen and written with the
-- enrolment it belongs to (enrolments_read, and staff only for writes).

drop policy if exists session_attendance_read on public.session_attendance;
create policy session_attendance_read on public.session_attendance as permissive for select to public
  using ((EXISTS (SELECT 1 FROM enrolments e WHERE e.id = session_attendance.enrolment_id)));

drop policy if exists session_attendance_insert on public.session_attendance;
create policy session_attendance_insert on public.session_attendance as permissive for insert to public
  with check ((((SELECT mizan_ctx_role()) <> 'applicant'::text) AND (EXISTS (SELECT 1 FROM enrolments e WHERE e.id = session_attendance.enrolment_id))));

drop policy if exists session_attendance_update on public.session_attendance;
create policy session_attendance_update on public.session_attendance as permissive for update to public
  using ((((SELECT mizan_ctx_role()) <> 'applicant'::text) AND (EXISTS (SELECT 1 FROM enrolments e WHERE e.id = session_attendance.enrolment_id))));
