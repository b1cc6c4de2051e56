-- donations_books_open (0031): whether a charity keeps its books in Mizan (donation_books): then
-- every grant it records with an amount or an item must be funded by its lots. PL/pgSQL, so its
-- plan is kept for the session (the grant path asks it of every grant).

CREATE OR REPLACE FUNCTION public.donations_books_open(p_org uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from donation_books b where b.org_id = p_org);
end $function$;
