-- journal_entry_writable (0031): whether the acting user may add lines to an entry: one in their
-- organisation's books (or any, for the ministry and the system). For the policy on new journal
-- lines; security definer, so it reads the entry without the policies on journal_entries (which
-- read journal_lines: a policy may not call its own table again).

CREATE OR REPLACE FUNCTION public.journal_entry_writable(p_entry uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from journal_entries e where e.id = p_entry and (mizan_ctx_reads_all() or e.org_id = mizan_ctx_org()));
end $function$;
