-- mizan_org_lost_household: the current definition (migrations 0005, 0010 are its history).

CREATE OR REPLACE FUNCTION public.mizan_org_lost_household(p_org uuid, p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from request_events e join aid_requests r on r.id = e.request_id
                  where r.household_id = p_household and e.event = 'escalated' and e.org_id = p_org);
end $function$;
