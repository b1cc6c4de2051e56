/** Common given and family names (Arabic and Persian script) for demo and synthetic data. */
import { readFileSync } from 'node:fs';

export interface NameLists {
  male: string[];
  female: string[];
  family: string[];
}

const cache = new Map<string, NameLists>();

export function loadNames(lang: 'ar' | 'fa'): NameLists {
  let lists = cache.get(lang);
  if (!lists) {
    lists = JSON.parse(readFileSync(new URL(`./${lang}.json`, import.meta.url), 'utf8')) as NameLists;
    cache.set(lang, lists);
  }
  return lists;
}
