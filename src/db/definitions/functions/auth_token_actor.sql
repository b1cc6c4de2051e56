-- auth_token_actor: the current definition (migrations 0003, 0006 are its history).

CREATE OR REPLACE FUNCTION public.auth_token_actor(p_hash bytea, p_now timestamp with time zone)
 RETURNS TABLE(token_id uuid, id uuid, org_id uuid, role text, locale text, national_id text, display_name text, org_kind text, org_status text, scopes text[], expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  r record;
begin
  select t.id as tid, t.last_used_at as last_used, t.scopes as tscopes, t.expires_at as texpires,
         u.id as uid, u.org_id as uorg, u.role as urole, u.locale as ulocale, u.national_id as unational,
         u.display_name as uname, o.kind as okind, o.status as ostatus
    into r
    from api_tokens t
    join users u on u.id = t.user_id
    left join organisations o on o.id = u.org_id
   where t.token_hash = p_hash and t.revoked_at is null
     and (t.expires_at is null or t.expires_at > p_now) and u.active;
  if not found then
    return;
  end if;
  if r.last_used is null or r.last_used < p_now - interval '1 minute' then
    update api_tokens t set last_used_at = p_now
     where t.id = r.tid and (t.last_used_at is null or t.last_used_at < p_now - interval '1 minute');
  end if;
  token_id := r.tid; id := r.uid; org_id := r.uorg; role := r.urole; locale := r.ulocale;
  national_id := r.unational; display_name := r.uname; org_kind := r.okind; org_status := r.ostatus;
  scopes := r.tscopes; expires_at := r.texpires;
  return next;
end $function$;
