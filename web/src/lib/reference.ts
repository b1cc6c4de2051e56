/** Reference data every page uses: the aid catalogue and the deployment's regions (cached). */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export type Names = { en: string; ar: string; fa: string };
export interface AidType { code: string; basket: string; group: string; form: 'cash' | 'in_kind' | 'service'; names: Names; deadlineDays: number | null; active: boolean }
export interface Group { code: string; names: Names; scope?: string; windowKind: 'days' | 'school_year' | 'lifetime'; windowDays: number | null }
export interface Catalogue { baskets: { code: string; names: Names }[]; groups: Group[]; aidTypes: AidType[] }
export interface Region { code: string; parent: string | null; level: 1 | 2; names: Names; anonymousRegion?: string }

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
