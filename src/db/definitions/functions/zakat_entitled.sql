-- zakat_entitled (0029): whether a household meets the deployment's zakat categories as they are
-- now: the current version of zakat_categories, its rule compiled to SQL
-- (src/modules/programmes/rules/compile-sql.ts), evaluated over household_facts_live. No version
-- yet: nobody is entitled. Security invoker: the facts are read under the caller's row-level
-- security, so a caller who may not see the household finds it not entitled (fail closed), and the
-- stored SQL runs with no more rights than the application already has.

CREATE OR REPLACE FUNCTION public.zakat_entitled(p_household uuid)
 RETURNS TABLE(entitled boolean, version integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_sql text;
  v_ok boolean;
begin
  select z.version, z.rule_sql into version, v_sql from zakat_categories z order by z.version desc limit 1;
  if not found then
    entitled := false;
    version := null;
    return next;
    return;
  end if;
  execute format('select coalesce((select (%s) is true from household_facts_live f where f.household_id = $1), false)', v_sql)
    into v_ok using p_household;
  entitled := v_ok;
  return next;
end $function$;
