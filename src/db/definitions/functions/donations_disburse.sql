-- donations_disburse (0031): the journal entry of a funded grant, in the grant's transaction: for
-- each lot that pays it (donations_pick_lots), the lot's 'held' goes down and 'granted' up by the
-- same amount (and units, for stock). The entry records what the service was (aid type, basket,
-- the household's first-level region, the day), so a donor's trace says what a gift became
-- without reading the grant or the household.
-- Security definer, for the grant path's cost (row-level security checked on each insert cost as
-- much as the rest): it writes only for a grant of the acting charity (the ministry and the system:
-- any), and journal_lines_check still holds every line to its lot and the grant to the lots' donors.

CREATE OR REPLACE FUNCTION public.donations_disburse(p_grant jsonb, p_lots jsonb, p_basket text, p_province text, p_at timestamptz, p_user uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_entry uuid;
  v_line smallint := 0;
  it jsonb;
begin
  if not exists (select 1 from grants g where g.id = (p_grant->>'id')::uuid and g.org_id = (p_grant->>'org_id')::uuid
                  and (mizan_ctx_reads_all() or g.org_id = mizan_ctx_org())) then
    raise exception 'a grant is funded in the books of the charity that gave it' using errcode = 'insufficient_privilege';
  end if;
  insert into journal_entries (kind, org_id, at, grant_id, aid_type_code, basket_code, region_code, service_on, created_by)
  values ('disbursement', (p_grant->>'org_id')::uuid, p_at, (p_grant->>'id')::uuid, p_grant->>'aid_type_code', p_basket, p_province,
          (p_grant->>'granted_on')::date, p_user)
  returning id into v_entry;
  for it in select e.value from jsonb_array_elements(p_lots) e loop
    insert into journal_lines (entry_id, line, account, lot_id, amount_minor, quantity)
    values (v_entry, v_line + 1, 'held', (it->>'lot')::uuid, -(it->>'amount')::bigint, -(it->>'quantity')::integer),
           (v_entry, v_line + 2, 'granted', (it->>'lot')::uuid, (it->>'amount')::bigint, (it->>'quantity')::integer);
    v_line := v_line + 2;
  end loop;
  return v_entry;
end $function$;
