/** Small pure helpers of the pool and the home page, kept apart from React so they are tested on their own. */
import type { Lang } from './format.js';

/** The nationalities the pool's filter offers: the three deployments' countries and their neighbours' and residents' most common ones. */
export const NATIONALITIES = ['KW', 'SA', 'IR', 'AF', 'BH', 'BD', 'EG', 'IN', 'IQ', 'JO', 'LB', 'OM', 'PK', 'PS', 'PH', 'QA', 'SD', 'SY', 'AE', 'YE'] as const;

/** The nationality filter's choices: country names in the reader's language, the deployment's own country first, the rest in that language's order. */
export function countryChoices(lang: Lang, home?: string | null): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  const collator = new Intl.Collator(lang);
  const all = NATIONALITIES.map((code) => ({ value: code, label: names.of(code) ?? code }));
  const first = all.filter((c) => c.value === home);
  const rest = all.filter((c) => c.value !== home).sort((a, b) => collator.compare(a.label, b.label));
  return [...first, ...rest];
}

/** The highest priority staff give a request (0 normal … 3 most urgent). */
export const MAX_PRIORITY = 3;

/** Where a signed-in person lands: field visitors have a page of their own, not the charity's pool they may not open. */
export function homePath(me: { role: string; orgKind?: string | null }): string {
  if (me.role === 'applicant') return '/me';
  if (me.role === 'donor') return '/donor';
  if (me.role === 'field_visitor') return '/field';
  if (me.orgKind === 'charity') return '/charity/pool';
  if (me.orgKind === 'ministry') return '/ministry/charities';
  return '/';
}
