-- donation_lot_org (0031): the charity holding a lot, for the policy on new lots (a transfer's
-- child lot is written by the charity that holds its parent). Security definer: read without the
-- policies on donation_lots, which a policy of that table may not call again.

CREATE OR REPLACE FUNCTION public.donation_lot_org(p_lot uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select l.org_id from donation_lots l where l.id = p_lot
$function$;
