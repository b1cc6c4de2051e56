-- registry_household_region (0031): a household's region and the first-level region it lies in,
-- registry-wide (a charity funding a grant to a household it may not read yet). A place only.
-- PL/pgSQL, not SQL: its plan is kept for the session (a SQL function called from another
-- function's statement is planned again at every call), and the grant path calls it per grant.

CREATE OR REPLACE FUNCTION public.registry_household_region(p_household uuid)
 RETURNS TABLE(region_code text, province_code text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return query
  select h.region_code, coalesce(r.parent_code, r.code)
    from households h join regions r on r.code = h.region_code
   where h.id = p_household;
end $function$;
