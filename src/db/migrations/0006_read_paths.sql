-- Read paths that decide visibility once per call instead of once per row, and authentication
-- that reads instead of writing on every request.

-- Aid a household received ---------------------------------------------------------------------
--
-- The grants_read policy (0003) is
--   mizan_ctx_reads_all() or org_id = mizan_ctx_org() or mizan_can_see_household(household_id)
-- and PostgreSQL evaluates mizan_can_see_household — a chain of SECURITY DEFINER functions —
-- once per grant row, although every grant of one household has the same household_id. Here the
-- same three branches are decided with the household-level part evaluated once: the ministry and
-- jobs get every grant, an organisation that may see the household (the one definition,
-- mizan_can_see_household, 0003 and 0005) gets every grant, any other organisation only the
-- grants it gave itself, an applicant the grants of their own household, anyone else nothing.
-- test/integration/grants-read-path.test.ts compares its answer with a plain read under the policy.
create function grants_of_household(p_household uuid)
returns table (id uuid, aid_type_code text, basket_code text, group_code text, form text, amount_minor bigint,
               currency text, item text, quantity integer, granted_on date, status text, exception_id uuid,
               request_id uuid, person_id uuid, org_id uuid, org_kind text, org_name text)
language plpgsql stable security definer set search_path = public, pg_temp as $$
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
end $$;

-- Authentication ---------------------------------------------------------------------------------
--
-- Every request with an API token (or a session cookie) looks its actor up here. Until now the
-- lookup was an UPDATE of last_used_at / last_seen_at: a row lock and a synchronous commit per
-- request, and requests sharing one token queued on that row. Now the lookup reads, and writes the
-- time of last use only when the stored value is older than one minute (or unset): last_used_at and
-- last_seen_at are exact to within a minute. When many requests find an old value at once, the
-- first updates it; the others wait for its row lock, re-check the condition on the new value and
-- write nothing. The token's expires_at is returned too, so that the application's short cache of
-- verified tokens (src/http/auth.ts) never keeps a token past its expiry.

drop function auth_token_actor(bytea, timestamptz);
create function auth_token_actor(p_hash bytea, p_now timestamptz)
returns table (token_id uuid, id uuid, org_id uuid, role text, locale text, national_id text, display_name text,
               org_kind text, org_status text, scopes text[], expires_at timestamptz)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
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
end $$;

create or replace function auth_session_actor(p_hash bytea, p_now timestamptz)
returns table (session_id uuid, csrf_hash bytea, id uuid, org_id uuid, role text, locale text, national_id text,
               display_name text, org_kind text, org_status text)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
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
end $$;
