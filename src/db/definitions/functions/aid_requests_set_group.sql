-- aid_requests_set_group: the current definition (migrations 0001 are its history).

CREATE OR REPLACE FUNCTION public.aid_requests_set_group()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  select group_code into new.group_code from aid_types where code = new.aid_type_code;
  if new.group_code is null then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $function$;
