-- journal_lines_check (0031): each journal line, before it is written. It is added only by the
-- transaction that wrote its entry (so an entry checked balanced at commit stays balanced); its
-- organisation, donation and donor are its lot's (the entry and the lot must exist: the keys the
-- table does without) (never given, so never wrong); and a disbursement's
-- 'granted' line only from a lot whose restriction allows the grant's service and household
-- (donations_lot_allows: zakat only to the entitled), however it is written. Security definer: the
-- grant's household is judged whether or not the charity may read it yet (as grant_aid() does).

CREATE OR REPLACE FUNCTION public.journal_lines_check()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_entry record;
  v_lot record;
  v_grant record;
  v_region text;
  v_province text;
begin
  select e.tx, e.kind, e.grant_id, e.aid_type_code, e.basket_code into v_entry from journal_entries e where e.id = new.entry_id;
  if not found or v_entry.tx <> txid_current() then
    raise exception 'a journal line is added only with its entry, in the same transaction'
      using errcode = 'check_violation', constraint = 'journal_lines_same_tx';
  end if;
  select l.org_id, l.donation_id, l.donor_id, l.restriction_kind, l.restriction_code, l.zakat into v_lot from donation_lots l where l.id = new.lot_id;
  if not found then
    raise exception 'no donation lot %', new.lot_id using errcode = 'foreign_key_violation', constraint = 'journal_lines_lot';
  end if;
  new.org_id := v_lot.org_id;
  new.donation_id := v_lot.donation_id;
  new.donor_id := v_lot.donor_id;
  if v_entry.kind = 'disbursement' and new.account = 'granted' then
    select g.household_id, g.programme_id, g.org_id into v_grant from grants g where g.id = v_entry.grant_id;
    select h.region_code, coalesce(r.parent_code, r.code) into v_region, v_province
      from households h join regions r on r.code = h.region_code where h.id = v_grant.household_id;
    if v_grant.org_id <> v_lot.org_id
       or not donations_lot_allows(v_lot.restriction_kind, v_lot.restriction_code, v_lot.zakat, v_entry.aid_type_code, v_entry.basket_code,
                                   v_region, v_province, v_grant.programme_id, v_grant.household_id, null) then
      raise exception 'lot % may not pay grant %', new.lot_id, v_entry.grant_id
        using errcode = 'check_violation', constraint = 'journal_lines_lot_allows';
    end if;
  end if;
  return new;
end $function$;
