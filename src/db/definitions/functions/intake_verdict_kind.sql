-- intake_verdict_kind: what a row's verdict counts as in an import's progress, in one place:
-- 'accepted' (the person is referred: new, already registered, or invited by another charity),
-- 'waiting' (no usable national ID: kept for person matching, fixed by hand until then), or
-- 'refused' (duplicate in the file, referred before by this charity, a bad or foreign phone, a
-- missing phone). Called by intake_apply_rows() and by the hand fix of a row (intake.repository.ts).

CREATE OR REPLACE FUNCTION public.intake_verdict_kind(p_verdict text, p_field text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case
    when p_verdict is null then null
    when p_verdict in ('accepted', 'already-registered', 'already-invited') then 'accepted'
    when p_verdict = 'invalid-national-id' or (p_verdict = 'missing-field' and p_field = 'nationalId') then 'waiting'
    else 'refused' end
$function$;
