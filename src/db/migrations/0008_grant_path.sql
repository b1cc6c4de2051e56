-- The grant in one call. Until now a grant was seven statements, each a round trip that the
-- server parsed and planned anew: begin, the acting context, the checks, the beneficiary, the
-- insert, the audit entry, commit. grant_aid() does the checks, the insert and the audit entry
-- for a list of grants in one call, with plans the server keeps per connection (PL/pgSQL), so
-- that concurrent grants can share one transaction and one commit (src/modules/grants/
-- grant-batcher.ts). The no-duplicate rule itself is unchanged: the exclusion constraint
-- grants_no_duplicate_aid (0001) decides, through INSERT … ON CONFLICT DO NOTHING.
--
-- It runs with the caller's rights (mizan_app, under row-level security) and sets the acting
-- context of each grant before its statements, exactly as a request transaction does
-- (src/http/context.ts): the grants_insert policy checks the organisation of every row, the
-- exception is read (and locked) only when that organisation may read it, and the audit entry
-- carries that actor.
--
-- Each item is a JSON object: userId, orgId, role, aidTypeCode, and the beneficiary as
-- nationalId (already validated and normalised) or householdId (with an optional personId);
-- optional requestId, exceptionId, amountMinor, currency, item, quantity; grantedOn; at (the
-- audit entry's time). Each result row says what became of the item at the same position:
--   granted                       r_grant holds the new grant
--   org-not-approved, unknown-aid-type, not-offered, unknown-beneficiary,
--   beneficiary-not-in-household, unknown-household, person-not-member, amount-required,
--   exception-missing, exception-mismatch, exception-not-approved (r_exception_status)
--                                 refused by a check; nothing was written
--   refused                       the exclusion constraint (or the unique request/exception
--                                 key) refused the insert; nothing was written
-- A refusal never raises an error, so the other grants of the list are kept.

-- The beneficiary, registry-wide (before a grant the charity may not read the household): by a
-- member's national ID, or a household with an optional member. Identifiers only.
create function registry_beneficiary(p_scheme text, p_national_id text, p_household uuid, p_person uuid,
                                     out outcome text, out beneficiary_household uuid, out beneficiary_person uuid)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if p_national_id is not null then
    select m.household_id, p.id into beneficiary_household, beneficiary_person
      from persons p join household_members m on m.person_id = p.id and m.active
     where p.id_scheme = p_scheme and p.national_id = p_national_id
     limit 1;
    if not found then
      outcome := 'unknown-beneficiary';
    elsif p_household is not null and p_household <> beneficiary_household then
      outcome := 'beneficiary-not-in-household';
    else
      outcome := 'ok';
    end if;
    return;
  end if;
  if p_household is null or not exists (select 1 from households h where h.id = p_household) then
    outcome := 'unknown-household';
    return;
  end if;
  if p_person is not null and not exists (select 1 from household_members m
                                           where m.person_id = p_person and m.household_id = p_household and m.active) then
    outcome := 'person-not-member';
    return;
  end if;
  outcome := 'ok';
  beneficiary_household := p_household;
  beneficiary_person := p_person;
end $$;

create function grant_aid(p_items jsonb)
returns table (r_outcome text, r_household uuid, r_exception_status text, r_grant jsonb)
language plpgsql volatile set search_path = public, pg_temp as $$
declare
  it jsonb;
  v_scheme text;
  v_org uuid;
  v_org_status text;
  v_org_kind text;
  v_code text;
  v_group text;
  v_form text;
  v_active boolean;
  v_offered boolean;
  v_bene record;
  v_ex record;
  v_exception uuid;
  v_grant grants%rowtype;
begin
  select d.id_scheme into v_scheme from deployment d;
  for it in select e.value from jsonb_array_elements(p_items) e loop
    r_outcome := null;
    r_household := null;
    r_exception_status := null;
    r_grant := null;
    v_org := nullif(it->>'orgId', '')::uuid;
    perform set_config('mizan.user_id', coalesce(it->>'userId', ''), true),
            set_config('mizan.org_id', coalesce(it->>'orgId', ''), true),
            set_config('mizan.role', coalesce(it->>'role', 'public'), true);

    -- the acting organisation, the aid type, and whether the organisation offers it: one read
    select o.status, o.kind, t.code, t.group_code, t.form, t.active,
           exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = t.code)
      into v_org_status, v_org_kind, v_code, v_group, v_form, v_active, v_offered
      from organisations o
      left join aid_types t on t.code = it->>'aidTypeCode'
     where o.id = v_org;
    if not found or v_org_kind <> 'charity' or v_org_status <> 'approved' then
      r_outcome := 'org-not-approved';
    elsif v_code is null or not v_active then
      r_outcome := 'unknown-aid-type';
    elsif not v_offered then
      r_outcome := 'not-offered';
    end if;
    if r_outcome is not null then
      return next;
      continue;
    end if;

    select * into v_bene from registry_beneficiary(v_scheme, it->>'nationalId', (it->>'householdId')::uuid, (it->>'personId')::uuid);
    if v_bene.outcome <> 'ok' then
      r_outcome := v_bene.outcome;
      return next;
      continue;
    end if;
    r_household := v_bene.beneficiary_household;

    if v_form = 'cash' and it->'amountMinor' is null then
      r_outcome := 'amount-required';
      return next;
      continue;
    end if;

    v_exception := null;
    if it->>'exceptionId' is not null then
      select e.id, e.household_id, e.group_code, e.status into v_ex
        from grant_exceptions e where e.id = (it->>'exceptionId')::uuid for update;
      if not found then
        r_outcome := 'exception-missing';
      elsif v_ex.household_id <> r_household or v_ex.group_code <> v_group then
        r_outcome := 'exception-mismatch';
      elsif v_ex.status <> 'approved' then
        r_outcome := 'exception-not-approved';
        r_exception_status := v_ex.status;
      end if;
      if r_outcome is not null then
        return next;
        continue;
      end if;
      v_exception := v_ex.id;
    end if;

    insert into grants (household_id, person_id, request_id, org_id, aid_type_code, form, amount_minor, currency,
                        item, quantity, granted_on, exception_id, revoked_reason, created_by)
    values (r_household, v_bene.beneficiary_person, (it->>'requestId')::uuid, v_org, v_code, v_form,
            (it->>'amountMinor')::bigint, case when it->'amountMinor' is null then null else it->>'currency' end,
            case when v_form = 'cash' then null else coalesce(it->>'item', (select t.name_en from aid_types t where t.code = v_code)) end,
            case when v_form = 'cash' then null else coalesce((it->>'quantity')::integer, 1) end,
            (it->>'grantedOn')::date, v_exception, null, (it->>'userId')::uuid)
    on conflict do nothing
    returning * into v_grant;
    if not found then
      r_outcome := 'refused';
      return next;
      continue;
    end if;
    if v_exception is not null then
      update grant_exceptions set status = 'used' where id = v_exception and status = 'approved';
    end if;
    insert into audit_log (at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, details)
    values ((it->>'at')::timestamptz, (it->>'userId')::uuid, v_org, it->>'role',
            case when v_exception is null then 'grant.create' else 'grant.create.exception' end,
            'grant', v_grant.id::text, r_household,
            jsonb_build_object('aidType', v_code, 'group', v_group, 'amountMinor', v_grant.amount_minor,
                               'exceptionId', v_exception, 'requestId', v_grant.request_id));
    r_outcome := 'granted';
    r_grant := to_jsonb(v_grant);
    return next;
  end loop;
end $$;

grant execute on function grant_aid(jsonb) to mizan_app;
grant execute on function registry_beneficiary(text, text, uuid, uuid) to mizan_app;
