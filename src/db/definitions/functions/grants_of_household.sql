-- grants_of_household: the current definition (migrations 0006 are its history).

CREATE OR REPLACE FUNCTION public.grants_of_household(p_household uuid)
 RETURNS TABLE(id uuid, aid_type_code text, basket_code text, group_code text, form text, amount_minor bigint, currency text, item text, quantity integer, granted_on date, status text, exception_id uuid, request_id uuid, person_id uuid, org_id uuid, org_kind text, org_name text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_sees boolean := mizan_ctx_reads_all() or coalesce(mizan_can_see_household(p_household), false);
  v_org uuid := mizan_ctx_org();
begin
  return query
    select g.id, g.aid_type_code, t.basket_code, g.group_code, g.form, g.amount_minor, g.currency, g.item,
           g.quantity, g.granted_on, g.status, g.exception_id, g.request_id, g.person_id, g.org_id, o.kind, o.name
      from grants g
      join organisations o on o.id = g.org_id
      join aid_types t on t.code = g.aid_type_code
     where g.household_id = p_household
       and (v_sees or g.org_id = v_org)
     order by g.granted_on desc, g.created_at desc;
end $function$;
