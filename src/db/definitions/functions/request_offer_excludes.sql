-- request_offer_excludes: THE FIRST OFFER, the one rule (0020). While a request's first offer runs
-- (p_at before offered_until) it is for the offered charity only: every other organisation is
-- excluded. After offered_until, or for a request never offered, nobody is excluded by it.
-- Used by the view request_pool (at now()), request_pool_page() and request_claim() (at the
-- application's time they are given), so the pool shown and the claim allowed never disagree.

CREATE OR REPLACE FUNCTION public.request_offer_excludes(p_offered_to uuid, p_offered_until timestamp with time zone, p_org uuid, p_at timestamp with time zone)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select p_offered_until is not null and p_at < p_offered_until and p_offered_to is distinct from p_org
$function$;
