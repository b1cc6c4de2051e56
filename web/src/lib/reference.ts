/** Reference data every page uses: the aid catalogue and the deployment's regions (cached). */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Schema } from './api-types';

export type Names = { en: string; ar: string; fa: string };
export type Catalogue = Schema<'Catalogue'>;
export type AidType = Catalogue['aidTypes'][number];
export type Group = Catalogue['groups'][number];
export type Region = Schema<'Region'>;

export function useCatalogue(enabled = true) {
  return useQuery({ queryKey: ['catalogue'], queryFn: () => api<Catalogue>('GET', '/api/v1/catalogue'), staleTime: 5 * 60_000, enabled });
}

export function useRegions() {
  return useQuery({ queryKey: ['regions'], queryFn: () => api<Region[]>('GET', '/api/v1/regions'), staleTime: Infinity });
}

/** Lookup helpers: code → names. */
export function indexBy<T extends { code: string }>(xs: T[] | undefined): Map<string, T> {
  return new Map((xs ?? []).map((x) => [x.code, x]));
}
