-- auth_session_actor: the current definition (migrations 0003, 0006 are its history).

CREATE OR REPLACE FUNCTION public.auth_session_actor(p_hash bytea, p_now timestamp with time zone)
 RETURNS TABLE(session_id uuid, csrf_hash bytea, id uuid, org_id uuid, role text, locale text, national_id text, display_name text, org_kind text, org_status text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  r record;
begin
  select s.id as sid, s.csrf_hash as scsrf, s.last_seen_at as last_seen,
         u.id as uid, u.org_id as uorg, u.role as urole, u.locale as ulocale, u.national_id as unational,
         u.display_name as uname, o.kind as okind, o.status as ostatus
    into r
    from sessions s
    join users u on u.id = s.user_id
    left join organisations o on o.id = u.org_id
   where s.token_hash = p_hash and s.revoked_at is null and s.expires_at > p_now and u.active;
  if not found then
    return;
  end if;
  if r.last_seen < p_now - interval '1 minute' then
    update sessions s set last_seen_at = p_now
     where s.id = r.sid and s.last_seen_at < p_now - interval '1 minute';
  end if;
  session_id := r.sid; csrf_hash := r.scsrf; id := r.uid; org_id := r.uorg; role := r.urole; locale := r.ulocale;
  national_id := r.unational; display_name := r.uname; org_kind := r.okind; org_status := r.ostatus;
  return next;
end $function$;
