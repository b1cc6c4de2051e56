-- donation_lots_open (0031): a new lot starts with a zero balance (its first 'held' line fills it).
-- Security definer: the application role may not write lot_balances itself.

CREATE OR REPLACE FUNCTION public.donation_lots_open()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  insert into lot_balances (lot_id, org_id) values (new.id, new.org_id);
  return null;
end $function$;
