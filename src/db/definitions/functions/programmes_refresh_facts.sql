-- programmes_refresh_facts (0029): brings the household_facts snapshot up to household_facts_live,
-- for the given households or (null) all of them, in one set-based statement; answers how many
-- rows it wrote. Run by the what-if preview and the benefit cycle before they read the snapshot.

CREATE OR REPLACE FUNCTION public.programmes_refresh_facts(p_households uuid[] DEFAULT NULL::uuid[])
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_n bigint;
begin
  insert into household_facts (household_id, region_code, province_code, members, children, elders, disabled_members,
                               chronically_ill_members, head_age, head_nationality, all_nationals, monthly_income_minor,
                               income_per_member_minor, monthly_rent_minor, debts_minor, cash_aid_90d_minor, housing, declared, computed_at)
  select f.household_id, f.region_code, f.province_code, f.members, f.children, f.elders, f.disabled_members,
         f.chronically_ill_members, f.head_age, f.head_nationality, f.all_nationals, f.monthly_income_minor,
         f.income_per_member_minor, f.monthly_rent_minor, f.debts_minor, f.cash_aid_90d_minor, f.housing, f.declared, now()
    from household_facts_live f
   where p_households is null or f.household_id = any (p_households)
  on conflict (household_id) do update set
    region_code = excluded.region_code, province_code = excluded.province_code, members = excluded.members,
    children = excluded.children, elders = excluded.elders, disabled_members = excluded.disabled_members,
    chronically_ill_members = excluded.chronically_ill_members, head_age = excluded.head_age,
    head_nationality = excluded.head_nationality, all_nationals = excluded.all_nationals,
    monthly_income_minor = excluded.monthly_income_minor, income_per_member_minor = excluded.income_per_member_minor,
    monthly_rent_minor = excluded.monthly_rent_minor, debts_minor = excluded.debts_minor,
    cash_aid_90d_minor = excluded.cash_aid_90d_minor, housing = excluded.housing, declared = excluded.declared,
    computed_at = excluded.computed_at;
  get diagnostics v_n = row_count;
  return v_n;
end $function$;
