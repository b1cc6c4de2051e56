-- registry_beneficiary: the current definition (migrations 0008 are its history).

CREATE OR REPLACE FUNCTION public.registry_beneficiary(p_scheme text, p_national_id text, p_household uuid, p_person uuid, OUT outcome text, OUT beneficiary_household uuid, OUT beneficiary_person uuid)
 RETURNS record
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
end $function$;
