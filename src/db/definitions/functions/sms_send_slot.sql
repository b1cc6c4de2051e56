-- sms_send_slot: the sender's rate limit across every worker. Reserves the sender's next send
-- slot, 1/R second after the previous one (or now, if that has passed), and answers how many
-- milliseconds until it; the send job waits that long, then submits. The time is read once the
-- sender's row is locked (clock_timestamp()), so a worker that waited for another's slot counts
-- from the moment it got its turn. Called by the SMS send job (src/modules/sms/sms-jobs.ts).

CREATE OR REPLACE FUNCTION public.sms_send_slot(p_source text, p_interval_ms double precision)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_slot timestamptz;
begin
  insert into sms_senders as s (source, next_at)
  values (p_source, clock_timestamp() + p_interval_ms * interval '1 millisecond')
  on conflict (source) do update
    set next_at = greatest(s.next_at, clock_timestamp()) + p_interval_ms * interval '1 millisecond'
  returning s.next_at - p_interval_ms * interval '1 millisecond' into v_slot;
  return greatest(0, ceil(extract(epoch from v_slot - clock_timestamp()) * 1000))::integer;
end $function$;
