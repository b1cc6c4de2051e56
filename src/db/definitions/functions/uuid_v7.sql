-- uuid_v7: a time-ordered UUID (RFC 9562 version 7): 48 bits of Unix milliseconds, then the
-- version, then random bits (from gen_random_uuid(), the variant bits kept). The default of
-- grants.id (0015_grant_path_gains.sql): new grants' keys land at the right-hand end of
-- grants_pkey instead of on a random page of it, so a batch of grants dirties one or two index
-- pages, not one per grant, and fewer full-page images go to the WAL after a checkpoint. An ID
-- given by the caller is still taken as it is; the type stays uuid.

-- One expression without FROM, so that PostgreSQL inlines it where it is used (a SQL function
-- with a FROM clause is executed as a function call for every row: about twice the cost). The
-- random UUID's 32 hex digits without dashes: the first 12 become the milliseconds, the 13th the
-- version; its variant bits (the 17th digit) stay.
CREATE OR REPLACE FUNCTION public.uuid_v7()
 RETURNS uuid
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
  select overlay(overlay(replace(gen_random_uuid()::text, '-', '')
                         placing lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') from 1)
                 placing '7' from 13)::uuid
$function$;

-- The column default names the function, so it is set once the function exists (definitions are
-- applied after the migrations, and again whenever one changes: setting it again changes nothing).
ALTER TABLE public.grants ALTER COLUMN id SET DEFAULT public.uuid_v7();
