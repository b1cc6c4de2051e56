-- mizan_programme_of_org (0029): whether a programme is the acting organisation's own (its owner),
-- and, with p_admin, whether the actor may manage it: the ministry (and the system) any programme,
-- a charity's administrator its own. The one definition the programmes' policies share.

CREATE OR REPLACE FUNCTION public.mizan_programme_of_org(p_programme uuid, p_admin boolean)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select (p_admin and mizan_ctx_reads_all())
      or exists (select 1 from programmes p
                  where p.id = p_programme and p.owner_org = mizan_ctx_org()
                    and (not p_admin or mizan_ctx_role() = 'charity_admin'))
$function$;
