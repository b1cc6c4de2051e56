-- intake_apply_rows: the set-based verdicts of an import's staged rows in [p_from, p_to) that have
-- none yet, and the referrals they make. Holds: one referral per (ID scheme, national ID,
-- charity) (the primary key of intake_referrals, ON CONFLICT DO NOTHING), the first row of a
-- national ID in a file wins, a registered person is linked (person_id), never created. Order:
-- the row's own verdict (TypeScript judged the ID and phone) → duplicate-in-file (an earlier
-- valid row of the same ID) → already-registered (a registry person) → already-referred (this
-- charity, another row or import) → already-invited (another charity referred it: this charity
-- is added as a referrer) → accepted. SECURITY DEFINER: it reads persons and other charities'
-- referrals, which the charity itself may not. Rows already decided are left alone, so a chunk
-- applied twice changes nothing. Called by the import job (import-job.ts) and by the hand fix of
-- a row (fix-row.ts); answers how many rows of each kind (intake_verdict_kind) it decided.

CREATE OR REPLACE FUNCTION public.intake_apply_rows(p_import uuid, p_from integer, p_to integer)
 RETURNS TABLE(accepted integer, refused integer, waiting integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_org uuid;
  v_scheme text;
  v_accepted integer;
  v_refused integer;
  v_waiting integer;
begin
  select i.org_id into v_org from imports i where i.id = p_import;
  select d.id_scheme into v_scheme from deployment d;

  -- One UPDATE over the range, each row's facts read by index probes (no join whose plan would
  -- depend on the statistics of rows staged a moment ago).
  with u as (
    update import_rows r
       set verdict = case
             when r.own_verdict is not null then r.own_verdict
             when exists (select 1 from import_rows e
                           where e.import_id = p_import and e.national_id = r.national_id
                             and e.own_verdict is null and e.row_no < r.row_no) then 'duplicate-in-file'
             when exists (select 1 from persons p where p.id_scheme = v_scheme and p.national_id = r.national_id) then 'already-registered'
             when exists (select 1 from intake_referrals f
                           where f.id_scheme = v_scheme and f.national_id = r.national_id and f.org_id = v_org
                             and not (f.first_import_id = p_import and f.first_row_no = r.row_no)) then 'already-referred'
             when exists (select 1 from intake_referrals f
                           where f.id_scheme = v_scheme and f.national_id = r.national_id and f.org_id <> v_org) then 'already-invited'
             else 'accepted' end,
           person_id = case
             when r.own_verdict is not null then null
             when exists (select 1 from import_rows e
                           where e.import_id = p_import and e.national_id = r.national_id
                             and e.own_verdict is null and e.row_no < r.row_no) then null
             else (select p.id from persons p where p.id_scheme = v_scheme and p.national_id = r.national_id) end
     where r.import_id = p_import and r.row_no >= p_from and r.row_no < p_to and r.verdict is null
    returning intake_verdict_kind(r.verdict, r.field) as kind)
  select count(*) filter (where kind = 'accepted'), count(*) filter (where kind = 'refused'), count(*) filter (where kind = 'waiting')
    into v_accepted, v_refused, v_waiting from u;

  insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
  select v_scheme, r.national_id, v_org, p_import, r.row_no
    from import_rows r
   where r.import_id = p_import and r.row_no >= p_from and r.row_no < p_to
     and r.verdict in ('accepted', 'already-invited', 'already-registered')
   order by r.row_no
  on conflict do nothing;

  return query select v_accepted, v_refused, v_waiting;
end
$function$;
