-- need_score_explanations (0020): "why this priority" for requests a list shows: the score, the
-- model version and the points of each factor (no name, no national ID, no amount of money),
-- for the requests opened from a need score, and the end of a first offer still running at p_at
-- when the reader is the ministry or the charity it is offered to. Answered for the ministry (and
-- jobs) for any request, for a charity only for requests in its pool (the view request_pool,
-- which includes the first-offer rule) or of households it may see. SECURITY DEFINER because
-- before a claim the charity may not read the household's score row. Called by
-- scoring/scoring.repository.ts.

DROP FUNCTION IF EXISTS public.need_score_explanations(uuid[], timestamp with time zone);

CREATE OR REPLACE FUNCTION public.need_score_explanations(p_request_ids uuid[], p_at timestamp with time zone)
 RETURNS TABLE(request_id uuid, score numeric, priority smallint, model_version integer, contributions jsonb, offered_until timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return query
  select l.request_id, s.score, s.priority, s.model_version, s.contributions,
         case when p_at < r.offered_until and (mizan_ctx_reads_all() or r.offered_to_org_id = mizan_ctx_org()) then r.offered_until end
    from need_score_requests l
    join need_scores s on s.id = l.need_score_id
    join aid_requests r on r.id = l.request_id
   where l.request_id = any(p_request_ids)
     and (   mizan_ctx_reads_all()
          or exists (select 1 from request_pool p where p.id = l.request_id and p.org_id = mizan_ctx_org())
          or mizan_can_see_household(s.household_id));
end $function$;
