/**
 * How common each name and phone is in the registry, for the registry's search (the in-memory
 * engine counts its own set: buildFrequencies). An exact agreement on محمد says less than one on a
 * rare name, and a phone a whole family shares less than a person's own (model.ts, term frequency).
 *
 * Each indexed person's folded given, father's and family names are written beside their blocking
 * keys (kinds tg, tf, tl: never looked up as blocking keys), so a re-index replaces them with the
 * rest; the sweep counts them, with the phones (kind ph), into person_match_counts at the start and
 * the end of each day's sweep (recountFrequencies); a search reads the names that weigh by their
 * count once per count (countedNames) and its records' phones in one statement. Counts are a day's statistics, not a rule: a name registered
 * since is counted by the next sweep. Before the first count there are none, and names weigh as
 * the model's defaults say.
 */
import type { Executor } from '../../db/database.js';
import { matchingRepository, type MatchKey } from './matching.repository.js';
import { DEFAULT_PARAMETERS, type Frequencies } from './model.js';
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

/**
 * The names that weigh by their count: a name counted on fewer than floor × total persons weighs
 * as the floor, the same as an uncounted one (model.ts), so only the names at or above it are
 * needed, and they are few (at 1M persons, those on 100 or more). They are read once per count
 * and kept, by the count's id, for the searches after it.
 */
let namesOfCount: { id: string; names: Frequencies['names'] } | null = null;

async function countedNames(db: Executor, count: { id: string; total: number }): Promise<Frequencies['names']> {
  if (namesOfCount?.id === count.id) return namesOfCount.names;
  const min = Math.max(1, Math.ceil(DEFAULT_PARAMETERS.termFrequency.floor * count.total));
  const names: Frequencies['names'] = { given: new Map(), father: new Map(), family: new Map() };
  for (const r of await matchingRepository.countsAtLeast(db, TERMS.map(([kind]) => kind), min)) names[TERMS.find(([k]) => k === r.kind)![1]].set(r.value, Number(r.n));
  namesOfCount = { id: count.id, names };
  return names;
}

/**
 * The registry's counts, as the scorer takes them, for searching these records: the names that
 * weigh by their count, and these records' phones (a phone's weight is the searched record's);
 * null before the first count.
 */
export async function registryFrequencies(db: Executor, records: readonly PreparedRecord[]): Promise<Frequencies | null> {
  const count = await matchingRepository.lastCount(db);
  if (!count) return null;
  const names = await countedNames(db, count);
  const phones = await matchingRepository.counts(db, records.flatMap((r) => (r.phone ? [{ kind: 'ph', value: r.phone }] : [])));
  return { total: count.total, names, phones: new Map([...phones].map(([key, n]) => [key.slice(3), n])) };
}
