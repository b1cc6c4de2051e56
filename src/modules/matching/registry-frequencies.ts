/**
 * How common each name and phone is in the registry, for the registry's search (the in-memory
 * engine counts its own set: buildFrequencies). An exact agreement on محمد says less than one on a
 * rare name, and a phone a whole family shares less than a person's own (model.ts, term frequency).
 *
 * Each indexed person's folded given, father's and family names are written beside their blocking
 * keys (kinds tg, tf, tl: never looked up as blocking keys), so a re-index replaces them with the
 * rest; the sweep counts them, with the phones (kind ph), into person_match_counts at the start and
 * the end of each day's sweep (recountFrequencies); a search reads the counts of its records' and
 * candidates' names in one statement. Counts are a day's statistics, not a rule: a name registered
 * since is counted by the next sweep. Before the first count there are none, and names weigh as
 * the model's defaults say.
 */
import type { Executor } from '../../db/database.js';
import { matchingRepository, type MatchKey } from './matching.repository.js';
import type { Frequencies } from './model.js';
import type { PreparedRecord } from './person-record.js';

const TERMS = [
  ['tg', 'given'],
  ['tf', 'father'],
  ['tl', 'family'],
] as const;

/** The name terms of a record, as person_match_keys keeps them beside its blocking keys. */
export function termKeys(r: PreparedRecord): MatchKey[] {
  return TERMS.flatMap(([kind, field]) => (r[field] ? [{ kind, value: r[field].compact }] : []));
}

/** Counts the indexed persons' names and phones again (the sweep, at its start and its end). */
export function recountFrequencies(db: Executor, at: Date): Promise<void> {
  return matchingRepository.recount(db, [...TERMS.map(([kind]) => kind), 'ph'], at);
}

/** The registry's counts of these records' names and phones, as the scorer takes them; null before the first count. */
export async function registryFrequencies(db: Executor, records: readonly PreparedRecord[]): Promise<Frequencies | null> {
  const keys = records.flatMap((r) => [...termKeys(r), ...(r.phone ? [{ kind: 'ph', value: r.phone }] : [])]);
  const { total, n } = await matchingRepository.counts(db, keys);
  if (total === 0) return null;
  const f: Frequencies = { total, names: { given: new Map(), father: new Map(), family: new Map() }, phones: new Map() };
  for (const [key, count] of n) {
    const [kind, value] = [key.slice(0, 2), key.slice(3)];
    if (kind === 'ph') f.phones.set(value, count);
    else f.names[TERMS.find(([k]) => k === kind)![1]].set(value, count);
  }
  return f;
}
