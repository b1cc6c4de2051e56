-- request_claim: the current definition (migrations 0002 are its history). Since 0020: while a
-- request's first offer runs at p_at, only the offered charity may claim it ('offered'; the rule is
-- request_offer_excludes(), the one the pool's view and page use).

CREATE OR REPLACE FUNCTION public.request_claim(p_request uuid, p_at timestamp with time zone)
 RETURNS TABLE(outcome text, request_status text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_status text;
  v_claimed uuid;
  v_offered_to uuid;
  v_offered_until timestamptz;
begin
  select r.status, r.claimed_by_org, r.offered_to_org_id, r.offered_until into v_status, v_claimed, v_offered_to, v_offered_until
    from aid_requests r where r.id = p_request;
  if not found or v_org is null then
    return query select 'not-found'::text, null::text;
    return;
  end if;
  if v_claimed is not null or v_status in ('claimed', 'escalated') then
    return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
    return;
  end if;
  if v_status <> 'open' then
    return query select 'invalid-state'::text, v_status;
    return;
  end if;
  if request_offer_excludes(v_offered_to, v_offered_until, v_org, p_at) then
    return query select 'offered'::text, v_status;
    return;
  end if;
  if not exists (select 1 from request_pool p where p.id = p_request and p.org_id = v_org) then
    -- Not in the pool: either the organisation does not suit the request, or another charity
    -- claimed it a moment ago (this statement saw its commit). Look again to say which.
    select r.status, r.claimed_by_org into v_status, v_claimed from aid_requests r where r.id = p_request;
    if v_claimed is not null or v_status <> 'open' then
      return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
      return;
    end if;
    return query select 'not-in-pool'::text, v_status;
    return;
  end if;
  update aid_requests r set status = 'claimed', claimed_by_org = v_org, claimed_at = p_at
   where r.id = p_request and r.status = 'open' and r.claimed_by_org is null
     and not request_offer_excludes(r.offered_to_org_id, r.offered_until, v_org, p_at);
  if found then
    return query select 'claimed'::text, 'claimed'::text;
  else
    return query select 'taken'::text, 'claimed'::text;
  end if;
end $function$;
