-- journal_append_only (0031): the ledger is never rewritten. An update or a delete of a journal
-- entry or line, or of a donation lot, is refused, whoever asks: a correction is a reversing entry.

CREATE OR REPLACE FUNCTION public.journal_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  raise exception '% is append-only: write a reversing entry instead', tg_table_name
    using errcode = 'check_violation', constraint = tg_table_name || '_append_only';
end $function$;
