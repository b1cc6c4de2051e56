/** Codes of the reference data (aid types, baskets, groups, regions) named in the person's language; a code not found stands for itself. */
import { useFormat } from './session';
import { indexBy, useCatalogue, useRegions } from './reference';

export function useNames() {
  const f = useFormat();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const baskets = indexBy(catalogue.data?.baskets);
  const groups = indexBy(catalogue.data?.groups);
  const regionIndex = indexBy(regions.data);
  return {
    catalogue,
    regions,
    /** The aid type itself (its form, its deadline), when the catalogue has it. */
    typeOf: (code: string) => types.get(code),
    aidType: (code: string) => f.name(types.get(code)?.names, code),
    basket: (code: string) => f.name(baskets.get(code)?.names, code),
    group: (code: string) => f.name(groups.get(code)?.names, code),
    region: (code: string | null | undefined) => f.name(regionIndex.get(code ?? '')?.names, code ?? '—'),
  };
}
