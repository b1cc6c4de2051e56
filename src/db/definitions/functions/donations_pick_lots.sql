-- donations_pick_lots (0031): the lots that pay a need, first in, first out, each locked
-- (FOR UPDATE of the lot) until the transaction ends, so two payers never count the same money.
-- A balance is read again once its lot is locked (a concurrent payer may just have drawn on it).
-- The lots that still hold something are walked in the index lot_balances_live, oldest first, and
-- only as far as the need; each is then locked and checked on its own (its restriction,
-- donations_lot_allows, is asked only of the lots walked). First pass: lots another transaction is drawing on right now are
-- skipped (SKIP LOCKED), so concurrent grants of one charity draw on successive lots instead of
-- queueing for the oldest; second pass, only when that was not enough: the skipped lots too,
-- waiting for them. So nothing is refused while an allowed lot could pay it, and the order is first
-- in, first out among the lots nobody is drawing on at that instant. Before both, the lot the
-- previous grant of the same call drew on (grant_aid() passes it as p_fits->>'hint'): locked by this
-- transaction already, it pays the next grant without a walk while it holds enough.
-- The walk is planned for its values (EXECUTE): a generic plan, not knowing the charity nor
-- whether lots were chosen, reads every balance and sorts them instead of walking the index.
-- Security definer, for the grant path's cost (row-level security planned into every statement
-- cost more than the rest of it; BENCHMARKS.md, ledger): it answers only for the acting
-- charity's own lots (the ministry and the system: any), and refuses any other.
--
-- p_form 'cash' needs p_amount (minor units); 'in_kind' needs p_quantity of an item: the item
-- p_fits->>'item', or any item of the aid type p_aid_type. p_chosen: the lots the caseworker chose,
-- drawn in that order; null: any allowed lot. p_fits says which lots may pay:
--   a grant's service  {"household", "aidType", "basket", "region", "province", "programme"}
--                      (donations_lot_allows, and zakat lots only for an entitled household)
--   a fund             {"fund": {"kind", "code", "zakat"}} (transfers, allocations, refunds)
--   a donation         {"donation": id} (a refund of what is left of one gift)
-- Expired stock (expires_on before p_on) pays nothing.
-- Returns {"outcome": "ok", "lots": [{"lot", "amount", "quantity"}…]}, or {"outcome": "not-funded",
-- "reason": "insufficient" | "restricted" | "zakat-not-entitled" | "unknown-lot", …} with what was
-- needed and what an allowed fund had.

CREATE OR REPLACE FUNCTION public.donations_pick_lots(p_org uuid, p_form text, p_aid_type text, p_amount bigint, p_quantity integer,
                                                     p_chosen uuid[], p_on date, p_fits jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  r record;
  v_lot record;
  v_bal record;
  v_left_amount bigint := case when p_form = 'cash' then p_amount else 0 end;
  v_left_qty integer := case when p_form = 'in_kind' then coalesce(p_quantity, 1) else 0 end;
  v_take_amount bigint;
  v_take_qty integer;
  v_lots jsonb := '[]'::jsonb;
  v_seen uuid[] := '{}';
  v_zakat_ok boolean;
  v_zakat_skipped boolean := false;
  v_restricted boolean := false;
  v_household uuid := (p_fits->>'household')::uuid;
  v_grant boolean := p_fits ? 'household';
  v_items text[];
  v_pass integer;
  v_walk text;
  v_cur refcursor;
begin
  if not coalesce(mizan_ctx_reads_all() or p_org = mizan_ctx_org(), false) then
    raise exception 'lots are drawn only by the charity that holds them' using errcode = 'insufficient_privilege';
  end if;
  v_walk := case when p_chosen is not null
              then 'select c.lot_id from unnest($1::uuid[]) with ordinality c(lot_id, n) order by n'
              else 'select b.lot_id from lot_balances b
                     where $1::uuid[] is null and b.org_id = $2 and b.form = $3 and (b.amount_minor > 0 or b.quantity > 0)
                       and ($3 = ''cash'' or b.item_code = any ($4::text[]))
                     order by b.received_at, b.lot_id' end;
  if p_form = 'in_kind' then
    v_items := case when p_fits ? 'item' then array[p_fits->>'item'] else array(select i.code from stock_items i where i.aid_type_code = p_aid_type) end;
  end if;
  for v_pass in 0..2 loop
    exit when v_left_amount <= 0 and v_left_qty <= 0;
    if v_pass = 0 then
      -- The lot the previous grant of this transaction drew on (p_fits->>'hint'), if it still pays: no walk.
      continue when p_chosen is not null or not (p_fits ? 'hint');
      open v_cur for select (p_fits->>'hint')::uuid as lot_id;
    else
      -- The caseworker's lots in their order, or the charity's lots still holding something, oldest first.
      open v_cur for execute v_walk using p_chosen, p_org, p_form, v_items;
    end if;
    loop
      fetch v_cur into r;
      exit when not found or (v_left_amount <= 0 and v_left_qty <= 0);
      continue when r.lot_id = any (v_seen);
      -- The lot, locked: at once on the first passes (skipped if another transaction holds it), waiting on the last.
      if v_pass < 2 then
        select l.* into v_lot from donation_lots l where l.id = r.lot_id and l.org_id = p_org and l.form = p_form for update skip locked;
      else
        select l.* into v_lot from donation_lots l where l.id = r.lot_id and l.org_id = p_org and l.form = p_form for update;
      end if;
      continue when not found;
      v_seen := v_seen || r.lot_id;
      continue when p_form = 'in_kind' and (not v_lot.item_code = any (v_items) or v_lot.expires_on < p_on);
      if v_grant then
        if not donations_lot_allows(v_lot.restriction_kind, v_lot.restriction_code, false, p_fits->>'aidType', p_fits->>'basket',
                                    p_fits->>'region', p_fits->>'province', (p_fits->>'programme')::uuid, v_household, true) then
          v_restricted := true;
          continue;
        end if;
        if v_lot.zakat then
          if v_zakat_ok is null then
            select z.entitled into v_zakat_ok from zakat_entitled(v_household) z;
          end if;
          if not v_zakat_ok then
            v_zakat_skipped := true;
            continue;
          end if;
        end if;
      elsif p_fits ? 'fund' then
        continue when not (v_lot.restriction_kind = p_fits->'fund'->>'kind' and v_lot.restriction_code is not distinct from p_fits->'fund'->>'code'
                           and v_lot.zakat = (p_fits->'fund'->>'zakat')::boolean);
      elsif p_fits ? 'donation' then
        continue when v_lot.donation_id <> (p_fits->>'donation')::uuid;
      else
        continue;
      end if;
      select b.amount_minor, b.quantity into v_bal from lot_balances b where b.lot_id = v_lot.id;
      if p_form = 'cash' then
        v_take_amount := least(v_bal.amount_minor, v_left_amount);
        v_take_qty := 0;
        v_left_amount := v_left_amount - v_take_amount;
      else
        v_take_qty := least(v_bal.quantity, v_left_qty);
        v_take_amount := v_take_qty * v_lot.unit_value_minor;
        v_left_qty := v_left_qty - v_take_qty;
      end if;
      if v_take_amount > 0 or v_take_qty > 0 then
        v_lots := v_lots || jsonb_build_object('lot', v_lot.id, 'amount', v_take_amount, 'quantity', v_take_qty);
      end if;
    end loop;
    close v_cur;
  end loop;

  if v_left_amount <= 0 and v_left_qty <= 0 then
    return jsonb_build_object('outcome', 'ok', 'lots', v_lots);
  end if;
  -- Not enough: say why, from what an allowed fund had and what stood in the way.
  return jsonb_build_object(
    'outcome', 'not-funded',
    'reason', case
                when p_chosen is not null and exists (select 1 from unnest(p_chosen) c(id) where not exists (select 1 from donation_lots l where l.id = c.id and l.org_id = p_org)) then 'unknown-lot'
                when jsonb_array_length(v_lots) > 0 then 'insufficient'
                when v_zakat_skipped then 'zakat-not-entitled'
                when v_restricted then 'restricted'
                else 'insufficient'
              end,
    'form', p_form,
    'neededMinor', case when p_form = 'cash' then p_amount end,
    'neededQuantity', case when p_form = 'in_kind' then coalesce(p_quantity, 1) end,
    'availableMinor', case when p_form = 'cash' then p_amount - v_left_amount end,
    'availableQuantity', case when p_form = 'in_kind' then coalesce(p_quantity, 1) - v_left_qty end);
end $function$;
