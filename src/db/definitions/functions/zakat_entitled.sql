-- zakat_entitled (0029): whether a household meets the deployment's zakat categories as they are
-- now: the current version of zakat_categories, its rule compiled to SQL
-- (src/modules/programmes/rules/compile-sql.ts), evaluated over household_facts_live. No version
-- yet: nobody is entitled. The facts are read with the system's row-level security (a charity
-- paying a household it does not see yet is judged on the household's facts, not on what it may
-- read), and only the yes or no leaves; security invoker, so the stored SQL runs with no more
-- rights than the application role already has.

CREATE OR REPLACE FUNCTION public.zakat_entitled(p_household uuid)
 RETURNS TABLE(entitled boolean, version integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_sql text;
  v_ok boolean;
  v_role text := current_setting('mizan.role', true);
begin
  select z.version, z.rule_sql into version, v_sql from zakat_categories z order by z.version desc limit 1;
  if not found then
    entitled := false;
    version := null;
    return next;
    return;
  end if;
  perform set_config('mizan.role', 'system', true);
  execute format('select coalesce((select (%s) is true from household_facts_live f where f.household_id = $1), false)', v_sql)
    into v_ok using p_household;
  perform set_config('mizan.role', coalesce(v_role, ''), true);
  entitled := v_ok;
  return next;
end $function$;
