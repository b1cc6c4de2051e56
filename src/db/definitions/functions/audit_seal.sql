-- audit_seal: the current definition (migrations 0003 are its history).

CREATE OR REPLACE FUNCTION public.audit_seal(p_limit integer DEFAULT 10000)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  head_pos bigint;
  head_hash bytea;
  r audit_log%rowtype;
  h bytea;
  n integer := 0;
begin
  -- one sealer at a time
  perform pg_advisory_xact_lock(7160003);
  select pos, hash into head_pos, head_hash from audit_chain_head;
  if not found then
    head_pos := 0;
    head_hash := sha256(convert_to('mizan audit chain', 'UTF8'));
  end if;
  for r in
    select * from audit_log
     where chain_pos is null and xact_id is distinct from pg_current_xact_id_if_assigned()
     order by seq limit p_limit
  loop
    head_pos := head_pos + 1;
    h := sha256(head_hash || convert_to(audit_canonical(r, head_pos), 'UTF8'));
    update audit_log set chain_pos = head_pos, prev_hash = head_hash, hash = h where seq = r.seq;
    head_hash := h;
    n := n + 1;
  end loop;
  if n > 0 then
    insert into audit_chain_head (singleton, pos, hash) values (true, head_pos, head_hash)
      on conflict (singleton) do update set pos = excluded.pos, hash = excluded.hash;
  end if;
  return n;
end $function$;
