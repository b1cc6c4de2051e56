-- aid_types_pool_columns: the current definition (migrations 0007 are its history).

CREATE OR REPLACE FUNCTION public.aid_types_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update aid_requests set pool_basket = new.basket_code
   where aid_type_code = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $function$;
