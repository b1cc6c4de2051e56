-- donations_reverse_grant (0031): the trigger that gives a revoked grant's funding back. When a
-- funded grant is revoked (status active → revoked, however it is written), a reversing entry
-- negates its disbursement's lines: the lots that paid it hold it again, and the service it
-- recorded is kept on the reversal, so a donor's trace nets it to nothing. The disbursement itself
-- is never changed. Security definer: the ministry revokes a charity's grant, in that charity's books.

CREATE OR REPLACE FUNCTION public.donations_reverse_grant()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_d journal_entries%rowtype;
  v_entry uuid;
begin
  select * into v_d from journal_entries e
   where e.grant_id = new.id and e.kind = 'disbursement'
     and not exists (select 1 from journal_entries r where r.reverses = e.id);
  if not found then
    return null;
  end if;
  insert into journal_entries (kind, org_id, at, reverses, grant_id, aid_type_code, basket_code, region_code, service_on, memo, created_by)
  values ('reversal', v_d.org_id, now(), v_d.id, new.id, v_d.aid_type_code, v_d.basket_code, v_d.region_code, v_d.service_on,
          left(coalesce(new.revoked_reason, 'grant revoked'), 500), nullif(current_setting('mizan.user_id', true), '')::uuid)
  returning id into v_entry;
  insert into journal_lines (entry_id, line, account, lot_id, amount_minor, quantity)
  select v_entry, l.line, l.account, l.lot_id, -l.amount_minor, -l.quantity from journal_lines l where l.entry_id = v_d.id;
  return null;
end $function$;
