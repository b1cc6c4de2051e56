-- donations_reconcile (0031): the ledger's reconciliation, each a count that should be zero: the
-- journal's sum; entries that do not balance (or have fewer than two lines); lots whose balance is
-- not the sum of their 'held' lines; negative balances; active grants of a charity with open books,
-- recorded since it opened them, with an amount or an item and no disbursement; disbursements that
-- do not pay their grant in full. Read by the ministry (src/modules/donations/funds.ts); it reads
-- grants beside the journal, which is why it lives here and not in the module's repository.

CREATE OR REPLACE FUNCTION public.donations_reconcile()
 RETURNS TABLE(journal_sum bigint, unbalanced_entries integer, balance_mismatches integer, negative_balances integer, unfunded_grants integer,
               funding_mismatches integer, entries integer, lots integer, books integer)
 LANGUAGE sql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select
    (select coalesce(sum(amount_minor), 0) from journal_lines)::bigint,
    (select count(*) from (select entry_id from journal_lines group by entry_id having sum(amount_minor) <> 0 or sum(quantity) <> 0 or count(*) < 2) u)::int,
    (select count(*) from lot_balances b
       left join (select lot_id, sum(amount_minor) a, sum(quantity) q from journal_lines where account = 'held' group by lot_id) s on s.lot_id = b.lot_id
      where b.amount_minor <> coalesce(s.a, 0) or b.quantity <> coalesce(s.q, 0))::int,
    (select count(*) from lot_balances where amount_minor < 0 or quantity < 0)::int,
    (select count(*) from grants g join donation_books k on k.org_id = g.org_id
      where g.status = 'active' and g.created_at >= k.opened_at and (g.form = 'in_kind' or g.amount_minor is not null)
        and not exists (select 1 from journal_entries e where e.grant_id = g.id and e.kind = 'disbursement'))::int,
    (select count(*) from grants g join journal_entries e on e.grant_id = g.id and e.kind = 'disbursement'
      where g.status = 'active' and (select case when g.form = 'in_kind' then sum(l.quantity) else sum(l.amount_minor) end
                                        from journal_lines l where l.entry_id = e.id and l.account = 'granted')
                                    <> case when g.form = 'in_kind' then coalesce(g.quantity, 1) else g.amount_minor end)::int,
    (select count(*) from journal_entries)::int,
    (select count(*) from donation_lots)::int,
    (select count(*) from donation_books)::int
$function$;
