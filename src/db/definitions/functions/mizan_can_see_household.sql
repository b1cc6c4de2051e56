-- mizan_can_see_household: the current definition (migrations 0003, 0010 are its history).

CREATE OR REPLACE FUNCTION public.mizan_can_see_household(p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_role text := mizan_ctx_role();
begin
  if v_role in ('ministry_admin', 'ministry_supervisor', 'system') then
    return true;
  elsif v_role = 'applicant' then
    return p_household = mizan_applicant_household();
  elsif v_role in ('charity_admin', 'caseworker', 'field_visitor') then
    return mizan_org_may_see_household(mizan_ctx_org(), p_household);
  end if;
  return false;
end $function$;
