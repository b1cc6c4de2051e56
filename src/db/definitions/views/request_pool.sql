-- request_pool: the current definition (migrations 0002, 0007 are its history). A request whose
-- first offer runs (0020) is shown to the offered charity only (request_offer_excludes(), at now()).

create or replace view public.request_pool as
 SELECT r.id,
    r.aid_type_code,
    r.pool_basket AS basket_code,
    r.pool_nationality AS nationality,
    r.pool_household_size AS household_size,
    r.pool_anon_region AS region_code,
    r.submitted_at,
    r.deadline_at,
    r.priority,
    o.id AS org_id
   FROM (aid_requests r
     JOIN organisations o ON (((o.kind = 'charity'::text) AND (o.status = 'approved'::text))))
  WHERE ((r.status = 'open'::text) AND (EXISTS ( SELECT 1
           FROM organisation_aid_types oat
          WHERE ((oat.org_id = o.id) AND (oat.aid_type_code = r.aid_type_code)))) AND (EXISTS ( SELECT 1
           FROM organisation_regions orr
          WHERE ((orr.org_id = o.id) AND (orr.region_code = ANY (ARRAY[r.pool_region, r.pool_anon_region]))))) AND (NOT (EXISTS ( SELECT 1
           FROM request_events e
          WHERE ((e.request_id = r.id) AND (e.event = 'escalated'::text) AND (e.org_id = o.id))))) AND (NOT request_offer_excludes(r.offered_to_org_id, r.offered_until, o.id, now())));
