-- donation_lots_open (0031): a new lot starts with a zero balance (its first 'held' line fills it),
-- with the lot's facts the grant path picks by (form, day received, item, expiry).
-- Security definer: the application role may not write lot_balances itself.

CREATE OR REPLACE FUNCTION public.donation_lots_open()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  insert into lot_balances (lot_id, org_id, form, received_at, item_code, expires_on)
  values (new.id, new.org_id, new.form, new.received_at, new.item_code, new.expires_on);
  return null;
end $function$;
