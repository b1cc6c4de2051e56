-- grant_aid: the current definition (migrations 0008, 0011 are its history). A grant a programme
-- pays (programmeId, 0029) is recorded by the programme's owner (the ministry or a charity) for
-- the aid type the programme gives, while the programme is active; a zakat-funded programme pays
-- only a household in the zakat categories (zakat_entitled(); the trigger grants_zakat_entitled
-- holds it for any other write).
-- A grant with an amount or an item, recorded by a charity that keeps its books in Mizan (0031,
-- donations_books_open) or paid by a donor-funded programme, is funded by donation lots in the same
-- transaction: donations_pick_lots() locks the lots that pay it (the caseworker's choice,
-- fundingLots, or first in, first out within the donors' restrictions) and donations_disburse()
-- writes the journal entry once the grant is in. No lot can pay it: 'not-funded', with the reason.

CREATE OR REPLACE FUNCTION public.grant_aid(p_items jsonb)
 RETURNS TABLE(r_outcome text, r_household uuid, r_exception_status text, r_grant jsonb, r_detail jsonb)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  it jsonb;
  v_scheme text;
  v_tz text;
  v_limit integer;
  v_today date;
  v_on date;
  v_registered date;
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
  v_backdate uuid;
  v_grant grants%rowtype;
  v_org_found boolean;
  v_prog_id uuid;
  v_prog_owner uuid;
  v_prog_type text;
  v_prog_status text;
  v_prog_funding text;
  v_zakat record;
  v_basket text;
  v_funded boolean;
  v_funding jsonb;
  v_place record;
  v_hint uuid;
  v_hint_of text;
begin
  select d.id_scheme, coalesce(d.settings->>'time_zone', 'UTC'),
         case when jsonb_typeof(d.settings->'backdate_days') = 'number' then greatest(0, (d.settings->>'backdate_days')::numeric::integer) else 30 end
    into v_scheme, v_tz, v_limit
    from deployment d;
  for it in select e.value from jsonb_array_elements(p_items) e loop
    r_outcome := null;
    r_household := null;
    r_exception_status := null;
    r_grant := null;
    r_detail := null;
    v_org := nullif(it->>'orgId', '')::uuid;
    perform set_config('mizan.user_id', coalesce(it->>'userId', ''), true),
            set_config('mizan.org_id', coalesce(it->>'orgId', ''), true),
            set_config('mizan.role', coalesce(it->>'role', 'public'), true);

    -- the acting organisation, the aid type, and whether the organisation offers it: one read
    select o.status, o.kind, t.code, t.group_code, t.form, t.active, t.basket_code,
           exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = t.code)
      into v_org_status, v_org_kind, v_code, v_group, v_form, v_active, v_basket, v_offered
      from organisations o
      left join aid_types t on t.code = it->>'aidTypeCode'
     where o.id = v_org;
    v_org_found := found;
    v_prog_id := null;
    v_prog_funding := null;
    if it->>'programmeId' is not null then
      select p.id, p.owner_org, p.aid_type_code, p.status, p.funding
        into v_prog_id, v_prog_owner, v_prog_type, v_prog_status, v_prog_funding
        from programmes p where p.id = (it->>'programmeId')::uuid;
    end if;
    if not v_org_found or v_org_status <> 'approved' or (v_org_kind <> 'charity' and it->>'programmeId' is null) then
      r_outcome := 'org-not-approved';
    elsif v_code is null or not v_active then
      r_outcome := 'unknown-aid-type';
    elsif it->>'programmeId' is not null and (v_prog_id is null or v_prog_status <> 'active' or v_prog_owner <> v_org or v_prog_type <> v_code) then
      r_outcome := 'programme-not-active';
    elsif it->>'programmeId' is null and not v_offered then
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

    if v_prog_funding = 'zakat' then
      select * into v_zakat from zakat_entitled(r_household);
      if not v_zakat.entitled then
        r_outcome := 'zakat-not-entitled';
        r_detail := jsonb_build_object('version', v_zakat.version);
        return next;
        continue;
      end if;
    end if;

    if v_form = 'cash' and it->'amountMinor' is null then
      r_outcome := 'amount-required';
      return next;
      continue;
    end if;

    -- The date: not after today, not before the household (or the member) was registered.
    v_today := ((it->>'at')::timestamptz at time zone v_tz)::date;
    v_on := coalesce((it->>'grantedOn')::date, v_today);
    if v_on > v_today then
      r_outcome := 'future-date';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today);
      return next;
      continue;
    end if;
    -- A registration the application's clock has not reached yet (clocks apart) counts as today.
    v_registered := least(grant_registered_on(r_household, v_bene.beneficiary_person, v_tz), v_today);
    if v_on < v_registered then
      r_outcome := 'before-registration';
      r_detail := jsonb_build_object('grantedOn', v_on, 'registeredOn', v_registered);
      return next;
      continue;
    end if;

    v_exception := null;
    v_backdate := null;
    if it->>'exceptionId' is not null then
      select e.id, e.household_id, e.group_code, e.status, e.kind, e.granted_on into v_ex
        from grant_exceptions e where e.id = (it->>'exceptionId')::uuid for update;
      if not found then
        r_outcome := 'exception-missing';
      elsif v_ex.household_id <> r_household or v_ex.group_code <> v_group or (v_ex.kind = 'backdate' and v_ex.granted_on <> v_on) then
        r_outcome := 'exception-mismatch';
      elsif v_ex.status <> 'approved' then
        r_outcome := 'exception-not-approved';
        r_exception_status := v_ex.status;
      end if;
      if r_outcome is not null then
        return next;
        continue;
      end if;
      if v_ex.kind = 'backdate' then
        v_backdate := v_ex.id;
      else
        v_exception := v_ex.id;
      end if;
    end if;

    -- Back-dated further than the deployment allows: only with a supervisor's approval of that date.
    if v_backdate is null and v_on < v_today - v_limit then
      r_outcome := 'backdate-needs-approval';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today, 'limitDays', v_limit, 'earliest', v_today - v_limit);
      return next;
      continue;
    end if;

    -- Funded by donations: the lots that pay it, locked until the transaction ends.
    v_funding := null;
    v_funded := (v_form = 'in_kind' or it->'amountMinor' is not null)
                and (v_prog_funding = 'donor' or donations_books_open(v_org));
    if v_funded then
      select * into v_place from registry_household_region(r_household);
      v_funding := donations_pick_lots(v_org, case when v_form = 'in_kind' then 'in_kind' else 'cash' end, v_code,
                     (it->>'amountMinor')::bigint, coalesce((it->>'quantity')::integer, 1),
                     case when jsonb_typeof(it->'fundingLots') = 'array' then array(select jsonb_array_elements_text(it->'fundingLots')::uuid) end,
                     v_on,
                     jsonb_build_object('household', r_household, 'aidType', v_code, 'basket', v_basket, 'region', v_place.region_code,
                                        'province', v_place.province_code, 'programme', v_prog_id)
                     || case when v_hint_of = v_org::text || v_form then jsonb_build_object('hint', v_hint) else '{}'::jsonb end);
      if v_funding->>'outcome' = 'ok' then
        -- the lot this grant drew on last: the next grant of this charity in this call tries it first
        v_hint := (v_funding->'lots'->-1->>'lot')::uuid;
        v_hint_of := v_org::text || v_form;
      else
        r_outcome := 'not-funded';
        r_detail := v_funding - 'outcome';
        return next;
        continue;
      end if;
    end if;

    insert into grants (household_id, person_id, request_id, org_id, aid_type_code, form, amount_minor, currency,
                        item, quantity, granted_on, recorded_on, exception_id, backdate_exception_id, revoked_reason, created_by, programme_id)
    values (r_household, v_bene.beneficiary_person, (it->>'requestId')::uuid, v_org, v_code, v_form,
            (it->>'amountMinor')::bigint, case when it->'amountMinor' is null then null else it->>'currency' end,
            case when v_form = 'cash' then null else coalesce(it->>'item', (select t.name_en from aid_types t where t.code = v_code)) end,
            case when v_form = 'cash' then null else coalesce((it->>'quantity')::integer, 1) end,
            v_on, v_today, v_exception, v_backdate, null, (it->>'userId')::uuid, v_prog_id)
    on conflict do nothing
    returning * into v_grant;
    if not found then
      r_outcome := 'refused';
      r_detail := jsonb_build_object('grantedOn', v_on, 'during', grant_window(v_code, v_on, v_today, v_backdate is not null)::text);
      return next;
      continue;
    end if;
    if v_funding is not null then
      perform donations_disburse(to_jsonb(v_grant), v_funding->'lots', v_basket, v_place.province_code, (it->>'at')::timestamptz, (it->>'userId')::uuid);
    end if;
    if coalesce(v_exception, v_backdate) is not null then
      update grant_exceptions set status = 'used' where id = coalesce(v_exception, v_backdate) and status = 'approved';
    end if;
    insert into audit_log (at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, details)
    values ((it->>'at')::timestamptz, (it->>'userId')::uuid, v_org, it->>'role',
            case when v_exception is not null then 'grant.create.exception' when v_backdate is not null then 'grant.create.backdated' else 'grant.create' end,
            'grant', v_grant.id::text, r_household,
            jsonb_build_object('aidType', v_code, 'group', v_group, 'amountMinor', v_grant.amount_minor,
                               'exceptionId', coalesce(v_exception, v_backdate), 'requestId', v_grant.request_id, 'programmeId', v_prog_id,
                               'grantedOn', v_on, 'recordedOn', v_today));
    r_outcome := 'granted';
    r_grant := to_jsonb(v_grant);
    return next;
  end loop;
end $function$;
