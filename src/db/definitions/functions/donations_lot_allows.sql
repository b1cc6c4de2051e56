-- donations_lot_allows (0031): whether a lot's restriction lets it pay a service: the donor's
-- restriction (general; a basket; an aid type; a region, the household's or one above it; a
-- programme) and zakat (only a household in the zakat categories, zakat_entitled()). The one
-- definition: the grant path picks lots with it (donations_pick_lots) and the journal refuses a
-- disbursement line without it (journal_lines_check). p_zakat_ok null: not known yet, asked here.

CREATE OR REPLACE FUNCTION public.donations_lot_allows(p_kind text, p_code text, p_zakat boolean, p_aid_type text, p_basket text,
                                                      p_region text, p_province text, p_programme uuid, p_household uuid, p_zakat_ok boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_fits boolean;
begin
  v_fits := case p_kind
              when 'general' then true
              when 'basket' then p_code = p_basket
              when 'aid_type' then p_code = p_aid_type
              when 'region' then p_code in (p_region, p_province)
              when 'programme' then p_programme is not null and p_code = p_programme::text
              else false
            end;
  if not coalesce(v_fits, false) then
    return false;
  end if;
  return not p_zakat or coalesce(p_zakat_ok, (select z.entitled from zakat_entitled(p_household) z));
end $function$;
