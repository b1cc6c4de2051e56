-- invitations_redeem: an invitation is used once. One conditional UPDATE: of two sign-ins with the
-- same invitation exactly one gets true; an invitation already used, expired, or whose token has
-- expired gets false. Called by the sign-in (identity) through redeemInvitation.

CREATE OR REPLACE FUNCTION public.invitations_redeem(p_id uuid, p_user uuid, p_now timestamptz)
 RETURNS boolean
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with used as (
    update invitations
       set status = 'used', used_at = p_now, used_by_user_id = p_user, updated_at = p_now
     where id = p_id
       and status not in ('used', 'expired')
       and (token_expires_at is null or token_expires_at > p_now)
    returning 1
  )
  select exists (select 1 from used)
$function$;
