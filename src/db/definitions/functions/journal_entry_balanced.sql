-- journal_entry_balanced (0031): at commit, every new journal entry has at least two lines and
-- they sum to zero, in money and in units (double entry). A constraint trigger deferred to the end
-- of the transaction, so an entry and its lines are written in any order by one transaction.
-- Security definer: every line counts, also one the writer may not read (a transfer's, at the
-- charity it went to).

CREATE OR REPLACE FUNCTION public.journal_entry_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_n integer;
  v_amount numeric;
  v_quantity numeric;
begin
  select count(*), coalesce(sum(l.amount_minor), 0), coalesce(sum(l.quantity), 0) into v_n, v_amount, v_quantity
    from journal_lines l where l.entry_id = new.id;
  if v_n < 2 or v_amount <> 0 or v_quantity <> 0 then
    raise exception 'journal entry % is not balanced: % line(s), amounts sum to %, quantities to %', new.id, v_n, v_amount, v_quantity
      using errcode = 'check_violation', constraint = 'journal_entries_balanced';
  end if;
  return null;
end $function$;
