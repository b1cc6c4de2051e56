import kw from './kw.json' with { type: 'json' };
import sa from './sa.json' with { type: 'json' };
import ir from './ir.json' with { type: 'json' };

export type Country = 'KW' | 'SA' | 'IR';

/**
 * An administrative region. Level 1: governorate (KW), region (SA) or province (IR), coded
 * with its ISO 3166-2 code. Level 2: an area, city or county inside it, coded as the parent's
 * code plus a Latin slug (KW-HA-SALMIYA).
 */
export type Region = {
  code: string;
  parent: string | null;
  level: 1 | 2;
  names: { en: string; ar: string; fa: string };
};

const DATA: Record<Country, readonly unknown[]> = { KW: kw, SA: sa, IR: ir };

function toRegion(raw: unknown, country: Country): Region {
  const r = raw as Partial<Region> | null;
  const ok =
    r !== null &&
    typeof r === 'object' &&
    typeof r.code === 'string' &&
    r.code.startsWith(`${country}-`) &&
    (r.parent === null || typeof r.parent === 'string') &&
    (r.level === 1 || r.level === 2) &&
    typeof r.names?.en === 'string' &&
    typeof r.names.ar === 'string' &&
    typeof r.names.fa === 'string';
  if (!ok) throw new Error(`Malformed region entry in ${country.toLowerCase()}.json`);
  return { code: r.code!, parent: r.parent!, level: r.level!, names: { en: r.names!.en, ar: r.names!.ar, fa: r.names!.fa } };
}

/** Regions of one deployment country, level 1 followed by its level-2 children, in file order. Returns fresh objects. */
export function loadRegions(country: Country): Region[] {
  const raw = DATA[country];
  if (raw === undefined) throw new Error(`Unknown country: ${String(country)}`);
  return raw.map((r) => toRegion(r, country));
}
