-- audit_canonical: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.audit_canonical(a audit_log, p_pos bigint)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select jsonb_build_array(p_pos, a.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           a.actor_user, a.actor_org, a.actor_role, a.action, a.subject_type, a.subject_id,
                           a.household_id, a.reason, a.details)::text
$function$;
