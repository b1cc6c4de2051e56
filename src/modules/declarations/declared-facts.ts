/**
 * What a declaration says, read from its draft (pure functions): which fields a submit still
 * needs (as JSON-pointer paths into the draft), the facts the need score reads (NeedFacts), the
 * facts stored with their provenance, and what changed between two versions.
 */
import type { NeedFacts } from '../scoring/score-and-refer.js';
import type { Change, DeclarationDraft } from './declarations.contracts.js';
import type { FactSource } from './declarations.repository.js';

/** The paths a submit needs and the draft lacks, in the order of the form. */
export function missingFields(d: DeclarationDraft): string[] {
  const out: string[] = [];
  if (!d.regionCode) out.push('/regionCode');
  const members = d.members ?? [];
  if (members.length === 0) out.push('/members');
  members.forEach((m, i) => {
    if (!m.nationalId.trim()) out.push(`/members/${i}/nationalId`);
    if (!m.fullName.normalize('NFC').trim()) out.push(`/members/${i}/fullName`);
  });
  if (!d.incomes) out.push('/incomes');
  if (!d.housing) out.push('/housing');
  if (!d.debts) out.push('/debts');
  if (!d.needs || d.needs.length === 0) out.push('/needs');
  return out;
}

/** Age in whole years on `today` (YYYY-MM-DD), null without a birth date. */
export function ageOn(birthDate: string | undefined, today: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age < 0 ? 0 : age;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The need score's facts (a complete draft). */
export function needFacts(d: Required<DeclarationDraft>, today: string): NeedFacts {
  return {
    regionCode: d.regionCode,
    members: d.members.map((m) => ({ age: ageOn(m.birthDate, today), disability: m.disability, chronicIllness: m.chronicIllness, relation: m.relation })),
    monthlyIncomeMinor: sum(d.incomes.map((x) => x.monthlyAmountMinor)),
    housing: d.housing.tenure,
    monthlyRentMinor: d.housing.monthlyRentMinor,
    debtsMinor: sum(d.debts.map((x) => x.totalMinor)),
    monthlyDebtRepaymentMinor: sum(d.debts.map((x) => x.monthlyRepaymentMinor)),
  };
}

/** Every leaf of a JSON value with its JSON-pointer path (arrays of strings, e.g. needs, are one leaf). */
export function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    else out.set(p, v);
  };
  walk(value, path);
  return out;
}

/**
 * The submitted facts with their provenance: everything is declared by the person, except what
 * the inviting charity uploaded and the person left as it was (the head's phone).
 */
export function factsWithSource(d: DeclarationDraft, uploaded: Map<string, unknown>): { path: string; value: unknown; source: FactSource }[] {
  const facts = [...leaves(d)].map(([path, value]) => ({ path, value, source: 'declared' as FactSource }));
  for (const [path, value] of uploaded) facts.push({ path, value, source: 'uploaded' });
  return facts;
}

/** What changed from one version's facts to the next (paths in both, added or removed). */
export function changesBetween(before: unknown, after: unknown): Change[] {
  const a = leaves(before ?? {});
  const b = leaves(after);
  const out: Change[] = [];
  for (const [path, v] of b) if (!a.has(path) || JSON.stringify(a.get(path)) !== JSON.stringify(v)) out.push({ path, before: a.has(path) ? a.get(path) : null, after: v });
  for (const [path, v] of a) if (!b.has(path)) out.push({ path, before: v, after: null });
  return out;
}
