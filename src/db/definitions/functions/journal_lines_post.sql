-- journal_lines_post (0031): a lot's balance follows its 'held' lines, and nothing else writes it.
-- Security definer: the application role may not write lot_balances itself. The CHECK
-- lot_balances_not_negative refuses a line that would take a lot below zero (the row lock of the
-- UPDATE orders concurrent writers, so the check holds under concurrency).

CREATE OR REPLACE FUNCTION public.journal_lines_post()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update lot_balances set amount_minor = amount_minor + new.amount_minor, quantity = quantity + new.quantity
   where lot_id = new.lot_id;
  return null;
end $function$;
