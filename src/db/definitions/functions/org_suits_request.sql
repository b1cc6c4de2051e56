-- org_suits_request: the current definition (migrations 0002 are its history).

CREATE OR REPLACE FUNCTION public.org_suits_request(p_org uuid, p_aid_type text, p_region text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select exists (
    select 1
      from organisations o
      join organisation_aid_types oat on oat.org_id = o.id and oat.aid_type_code = p_aid_type
     where o.id = p_org and o.kind = 'charity' and o.status = 'approved'
       and exists (
         select 1 from organisation_regions orr join regions reg on reg.code = p_region
          where orr.org_id = o.id and orr.region_code in (reg.code, reg.parent_code)))
$function$;
