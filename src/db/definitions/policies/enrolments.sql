-- The row-level security policies on enrolments (0029): seen as the household is seen, or by the
-- programme's owner; written by the ministry, the owner, or the system.

drop policy if exists enrolments_read on public.enrolments;
create policy enrolments_read on public.enrolments as permissive for select to public
  using ((mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false)));

drop policy if exists enrolments_insert on public.enrolments;
create policy enrolments_insert on public.enrolments as permissive for insert to public
  with check ((mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false)));

drop policy if exists enrolments_update on public.enrolments;
create policy enrolments_update on public.enrolments as permissive for update to public
  using ((((SELECT mizan_ctx_role()) <> 'applicant'::text) AND (mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false))));
