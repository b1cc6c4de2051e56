-- intake_link_likely_person: a charity links one of its waiting import rows (no valid national ID)
-- to the registry person the import's search proposed for it (import_rows.likely_person, 0028). The
-- row then has the outcome of an "already registered" row: verdict 'already-registered', person_id
-- the person (followed along merged_into: registry_surviving_person), and the charity added as a
-- referrer of the person's national ID (intake_referrals, ON CONFLICT DO NOTHING); never a second
-- person. Called by the hand fix of a row (fix-row.ts), which audits the person revealed to the
-- charity and moves the import's counts. SECURITY DEFINER: it reads persons and household_members,
-- which the charity may not; it links only a row of an import of the calling charity (or of the
-- system). Outcomes: 'linked' (with the person, their national ID and household, for the caller's
-- audit entry and invitation), 'not-found' (no such row of the caller's), 'not-waiting' (the row
-- has a valid ID or was decided otherwise), 'no-likely-person' (the search proposed nobody).

CREATE OR REPLACE FUNCTION public.intake_link_likely_person(p_import uuid, p_row integer)
 RETURNS TABLE(outcome text, person_id uuid, national_id text, household_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_org uuid;
  v_verdict text;
  v_field text;
  v_likely uuid;
  v_person uuid;
  v_scheme text;
  v_nid text;
  v_household uuid;
begin
  select i.org_id into v_org from imports i
   where i.id = p_import and (i.org_id = mizan_ctx_org() or mizan_ctx_role() = 'system');
  if v_org is null then
    return query select 'not-found'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  select r.verdict, r.field, r.likely_person into v_verdict, v_field, v_likely
    from import_rows r where r.import_id = p_import and r.row_no = p_row
     for update;
  if not found then
    return query select 'not-found'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  if intake_verdict_kind(v_verdict, v_field) is distinct from 'waiting' then
    return query select 'not-waiting'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  if v_likely is null then
    return query select 'no-likely-person'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  v_person := registry_surviving_person(v_likely);
  select p.id_scheme, p.national_id into v_scheme, v_nid from persons p where p.id = v_person;
  select m.household_id into v_household from household_members m where m.person_id = v_person and m.active limit 1;
  update import_rows r
     set verdict = 'already-registered', person_id = v_person, reason = 'likely-person', field = null
   where r.import_id = p_import and r.row_no = p_row;
  insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
  values (v_scheme, v_nid, v_org, p_import, p_row)
  on conflict do nothing;
  return query select 'linked'::text, v_person, v_nid, v_household;
end
$function$;
