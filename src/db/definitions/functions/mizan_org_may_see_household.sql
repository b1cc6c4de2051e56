-- mizan_org_may_see_household: the current definition (migrations 0003, 0005, 0010 are its history).

CREATE OR REPLACE FUNCTION public.mizan_org_may_see_household(p_org uuid, p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if p_org is null then
    return false;
  end if;
  if exists (select 1 from aid_requests r where r.household_id = p_household and r.claimed_by_org = p_org
               and r.status in ('claimed', 'approved', 'rejected')) then
    return true;
  end if;
  return (   exists (select 1 from households h where h.id = p_household and h.created_by_org = p_org)
          or exists (select 1 from grants g where g.household_id = p_household and g.org_id = p_org))
         and not mizan_org_lost_household(p_org, p_household);
end $function$;
