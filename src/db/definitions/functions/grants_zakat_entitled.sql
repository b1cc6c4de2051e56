-- grants_zakat_entitled (0029): the trigger that keeps zakat for the entitled. A grant that names a
-- zakat-funded programme is refused unless its household meets the current zakat categories
-- (zakat_entitled()), however it is written: through grant_aid() (which asks first and answers
-- 'zakat-not-entitled') or straight into the table.

CREATE OR REPLACE FUNCTION public.grants_zakat_entitled()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_funding text;
  v_z record;
begin
  select p.funding into v_funding from programmes p where p.id = new.programme_id;
  if v_funding = 'zakat' then
    select * into v_z from zakat_entitled(new.household_id);
    if not v_z.entitled then
      raise exception 'household % does not meet the zakat categories (version %)', new.household_id, coalesce(v_z.version::text, 'none')
        using errcode = 'check_violation', constraint = 'grants_zakat_entitled';
    end if;
  end if;
  return new;
end $function$;
