/** A GET that answers a list (a bare array or {items}), as one query. */
import { useQuery } from '@tanstack/react-query';
import { api, itemsOf } from './api';

export function useList<T>(queryKey: readonly unknown[], path: string) {
  return useQuery({ queryKey, queryFn: async () => itemsOf(await api<T[] | { items: T[] }>('GET', path)) });
}
