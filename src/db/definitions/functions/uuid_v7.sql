-- uuid_v7: a time-ordered UUID (RFC 9562 version 7): 48 bits of Unix milliseconds, then the
-- version, then random bits (from gen_random_uuid(), the variant bits kept). The default of
-- grants.id (0015_grant_path_gains.sql): new grants' keys land at the right-hand end of
-- grants_pkey instead of on a random page of it, so a batch of grants dirties one or two index
-- pages, not one per grant, and fewer full-page images go to the WAL after a checkpoint. An ID
-- given by the caller is still taken as it is; the type stays uuid.

CREATE OR REPLACE FUNCTION public.uuid_v7()
 RETURNS uuid
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
  select encode(set_byte(b, 6, (get_byte(b, 6) & 15) | 112), 'hex')::uuid
    from (select overlay(uuid_send(gen_random_uuid())
                         placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                         from 1 for 6) as b) x
$function$;

-- The column default names the function, so it is set once the function exists (definitions are
-- applied after the migrations, and again whenever one changes: setting it again changes nothing).
ALTER TABLE public.grants ALTER COLUMN id SET DEFAULT public.uuid_v7();
