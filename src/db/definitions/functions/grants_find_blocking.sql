-- grants_find_blocking: the current definition (migrations 0003, 0011 are its history).

CREATE OR REPLACE FUNCTION public.grants_find_blocking(p_household uuid, p_aid_type text, p_on date)
 RETURNS TABLE(id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text, granted_on date, org_id uuid, org_kind text, window_end text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && aid_window(p_aid_type, p_on)
   order by g.granted_on desc
   limit 1
$function$;

CREATE OR REPLACE FUNCTION public.grants_find_blocking(p_household uuid, p_aid_type text, p_during daterange)
 RETURNS TABLE(id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text, granted_on date, org_id uuid, org_kind text, window_end text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && p_during
   order by g.granted_on desc
   limit 1
$function$;
