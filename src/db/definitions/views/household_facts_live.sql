-- household_facts_live (0029): the facts the eligibility rules read, per household, as they are now
-- (src/modules/programmes/rules/facts.ts names each column). Members, ages and nationality come
-- from the registry; income, housing, debts, disability and illness from the household's latest
-- submitted declaration (null when there is none: a rule over an unknown fact does not pass); cash
-- aid received in the last 90 days from the grants. security_invoker: read under the caller's
-- row-level security, so a charity sees only the households it may see. household_facts is its
-- snapshot (programmes_refresh_facts()).

create or replace view public.household_facts_live with (security_invoker = true) as
 SELECT h.id AS household_id,
    h.region_code,
    COALESCE(r.parent_code, r.code) AS province_code,
    m.members,
    m.children,
    m.elders,
    d.disabled_members,
    d.chronically_ill_members,
    m.head_age,
    m.head_nationality,
    m.all_nationals,
    d.monthly_income_minor,
    CASE WHEN m.members > 0 THEN d.monthly_income_minor / m.members END AS income_per_member_minor,
    d.monthly_rent_minor,
    d.debts_minor,
    COALESCE(g.cash_minor, 0::bigint) AS cash_aid_90d_minor,
    d.housing,
    (d.household_id IS NOT NULL) AS declared
   FROM households h
     JOIN regions r ON r.code = h.region_code
     LEFT JOIN LATERAL ( SELECT count(*)::integer AS members,
            (count(*) FILTER (WHERE age(CURRENT_DATE, p.birth_date) < '18 years'::interval))::integer AS children,
            (count(*) FILTER (WHERE age(CURRENT_DATE, p.birth_date) >= '60 years'::interval))::integer AS elders,
            (max(date_part('year', age(CURRENT_DATE, p.birth_date))) FILTER (WHERE hm.relation = 'head'))::integer AS head_age,
            max(p.nationality) FILTER (WHERE hm.relation = 'head') AS head_nationality,
            bool_and(p.nationality = (SELECT dep.country FROM deployment dep)) AS all_nationals
           FROM household_members hm
             JOIN persons p ON p.id = hm.person_id
          WHERE hm.household_id = h.id AND hm.active) m ON true
     LEFT JOIN LATERAL ( SELECT v.household_id,
            ( SELECT count(*) FROM jsonb_array_elements(v.facts -> 'members') x WHERE (x ->> 'disability') = 'true')::integer AS disabled_members,
            ( SELECT count(*) FROM jsonb_array_elements(v.facts -> 'members') x WHERE (x ->> 'chronicIllness') = 'true')::integer AS chronically_ill_members,
            ( SELECT COALESCE(sum((x ->> 'monthlyAmountMinor')::bigint), 0) FROM jsonb_array_elements(v.facts -> 'incomes') x)::bigint AS monthly_income_minor,
            (v.facts -> 'housing' ->> 'monthlyRentMinor')::bigint AS monthly_rent_minor,
            ( SELECT COALESCE(sum((x ->> 'totalMinor')::bigint), 0) FROM jsonb_array_elements(v.facts -> 'debts') x)::bigint AS debts_minor,
            v.facts -> 'housing' ->> 'tenure' AS housing
           FROM declaration_versions v
          WHERE v.household_id = h.id
          ORDER BY v.submitted_at DESC
         LIMIT 1) d ON true
     LEFT JOIN LATERAL ( SELECT sum(gr.amount_minor)::bigint AS cash_minor
           FROM grants gr
          WHERE gr.household_id = h.id AND gr.status = 'active' AND gr.form = 'cash' AND gr.granted_on >= CURRENT_DATE - 90) g ON true;
