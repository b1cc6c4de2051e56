-- intake_apply_rows: the set-based verdicts of an import's staged rows that have none yet: the rows
-- with a valid national ID in [p_from, p_through] (none when both are null) and, when p_own, every
-- row that judged itself (own_verdict), and the referrals they make. The import job takes the IDs in
-- ranges in their order (import-job.ts), so the probes and inserts below walk each index in order;
-- the hand fix of a row (fix-row.ts) gives its one ID, or p_own. Holds: one referral per (ID scheme,
-- national ID, charity) (the primary key of intake_referrals), ONE first referral per national ID
-- (the partial unique index intake_referrals_first, migration 0022): of two charities importing the
-- same new ID at once exactly one row is "accepted", the other waits for that transaction and is
-- "already-invited"; the first row of a national ID in a file wins; a registered person is linked
-- (person_id), never created. Order: the row's own verdict (TypeScript judged the ID and phone) →
-- duplicate-in-file (an earlier valid row of the same ID) → already-registered (a registry person) →
-- already-referred (this charity, another row or import) → already-invited (another charity
-- referred it: this charity is added as a referrer) → accepted. SECURITY DEFINER: it reads persons
-- and other charities' referrals, which the charity itself may not. Rows already decided are left
-- alone, so a range applied twice changes nothing. Answers how many rows of each kind
-- (intake_verdict_kind) it decided.

CREATE OR REPLACE FUNCTION public.intake_apply_rows(p_import uuid, p_from text, p_through text, p_own boolean)
 RETURNS TABLE(accepted integer, refused integer, waiting integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET enable_nestloop TO 'off'
 SET jit TO 'off'
AS $function$
declare
  v_org uuid;
  v_scheme text;
  v_accepted integer;
  v_refused integer;
  v_waiting integer;
  v_new_ids text[];
  v_new_rows integer[];
  v_ref_ids text[];
  v_ref_rows integer[];
  v_first integer;
  v_lost_rows integer[];
begin
  select i.org_id into v_org from imports i where i.id = p_import;
  select d.id_scheme into v_scheme from deployment d;

  -- The verdicts: the range's rows in ID order (the partial index import_rows_by_national_id), each
  -- with one probe of earlier rows of its ID in the file, of persons and of the ID's referrals
  -- (lateral: index probes whatever the statistics of rows staged a moment ago say), in the same
  -- order. Computed once (materialized) and joined to the
  -- rows they update by hash: on statistics of rows staged a moment ago a nested loop rescanned the
  -- computed chunk for each row (3 min instead of 11 s per 20 000 rows on a 1M-row import); the
  -- UPDATE reads the same range along the same index. With
  -- nested loops off the planner's estimates are huge, which would JIT-compile the statement on
  -- every call (0.7 s a chunk): jit is off for this function.
  with d as materialized (
    select r.row_no,
           case
             when e.dup then 'duplicate-in-file'
             when p.id is not null then 'already-registered'
             when f.mine then 'already-referred'
             when f.others then 'already-invited'
             else 'accepted' end as verdict,
           case when not e.dup then p.id end as person_id
      from (select r.row_no, r.national_id
              from import_rows r
             where r.import_id = p_import and r.own_verdict is null and r.national_id >= p_from and r.national_id <= p_through and r.verdict is null
             order by r.national_id, r.row_no
            offset 0) r
      cross join lateral (
        select exists (
                 select 1 from import_rows e
                  where e.import_id = p_import and e.national_id = r.national_id
                    and e.own_verdict is null and e.row_no < r.row_no) as dup
        offset 0) e
      left join lateral (
        select p.id from persons p
         where p.id_scheme = v_scheme and p.national_id = r.national_id limit 1) p on true
      left join lateral (
        select coalesce(bool_or(x.org_id = v_org and not (x.first_import_id = p_import and x.first_row_no = r.row_no)), false) as mine,
               coalesce(bool_or(x.org_id <> v_org), false) as others
          from intake_referrals x
         where x.id_scheme = v_scheme and x.national_id = r.national_id) f on true
  ), u as (
    update import_rows r
       set verdict = d.verdict, person_id = d.person_id
      from d
     where r.import_id = p_import and r.own_verdict is null and r.national_id >= p_from and r.national_id <= p_through
       and r.verdict is null and r.row_no = d.row_no
    returning r.row_no, r.national_id, r.verdict, intake_verdict_kind(r.verdict, r.field) as kind)
  select count(*) filter (where u.kind = 'accepted'), count(*) filter (where u.kind = 'refused'), count(*) filter (where u.kind = 'waiting'),
         array_agg(u.national_id order by u.national_id) filter (where u.verdict = 'accepted'),
         array_agg(u.row_no order by u.national_id) filter (where u.verdict = 'accepted'),
         array_agg(u.national_id order by u.national_id) filter (where u.verdict in ('already-invited', 'already-registered')),
         array_agg(u.row_no order by u.national_id) filter (where u.verdict in ('already-invited', 'already-registered'))
    into v_accepted, v_refused, v_waiting, v_new_ids, v_new_rows, v_ref_ids, v_ref_rows
    from u;

  -- The rows that judged themselves (a bad or missing ID or phone): their own verdict is final.
  if p_own then
    with o as (
      update import_rows r set verdict = r.own_verdict
       where r.import_id = p_import and r.own_verdict is not null and r.verdict is null
      returning intake_verdict_kind(r.verdict, r.field) as kind)
    select v_accepted + count(*) filter (where o.kind = 'accepted'), v_refused + count(*) filter (where o.kind = 'refused'), v_waiting + count(*) filter (where o.kind = 'waiting')
      into v_accepted, v_refused, v_waiting
      from o;
  end if;

  -- The accepted rows' referrals are their IDs' first, in the order of the IDs (two imports
  -- taking the same IDs wait for each other in one order, never in a cycle). An ID another
  -- charity took first meanwhile (its transaction committed while this one waited) is not
  -- inserted.
  if v_new_ids is not null then
    insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no, first_referrer)
    select v_scheme, t.national_id, v_org, p_import, t.row_no, true
      from unnest(v_new_ids, v_new_rows) with ordinality as t(national_id, row_no, n)
     order by t.n
    on conflict do nothing;
    get diagnostics v_first = row_count;
    if v_first < cardinality(v_new_ids) then
      -- The rows that lost: "already-invited" when this charity is added as a referrer, or
      -- "already-referred" when this charity's own other import referred the ID meanwhile.
      select array_agg(t.row_no) into v_lost_rows
        from unnest(v_new_ids, v_new_rows) as t(national_id, row_no)
       where not exists (select 1 from intake_referrals x
                          where x.id_scheme = v_scheme and x.national_id = t.national_id and x.org_id = v_org
                            and x.first_import_id = p_import and x.first_row_no = t.row_no and x.first_referrer);
      with added as (
        insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
        select v_scheme, r.national_id, v_org, p_import, r.row_no
          from import_rows r
         where r.import_id = p_import and r.row_no = any (v_lost_rows)
         order by r.national_id
        on conflict do nothing
        returning first_row_no)
      update import_rows r
         set verdict = case when exists (select 1 from added a where a.first_row_no = r.row_no) then 'already-invited' else 'already-referred' end
       where r.import_id = p_import and r.row_no = any (v_lost_rows);
      select v_refused + count(*) filter (where r.verdict = 'already-referred'), v_accepted - count(*) filter (where r.verdict = 'already-referred')
        into v_refused, v_accepted
        from import_rows r where r.import_id = p_import and r.row_no = any (v_lost_rows);
    end if;
  end if;

  -- This charity as a further referrer of an ID registered or referred before.
  if v_ref_ids is not null then
    insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
    select v_scheme, t.national_id, v_org, p_import, t.row_no
      from unnest(v_ref_ids, v_ref_rows) with ordinality as t(national_id, row_no, n)
     order by t.n
    on conflict do nothing;
  end if;

  return query select v_accepted, v_refused, v_waiting;
end
$function$;
