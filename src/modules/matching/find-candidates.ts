/**
 * The registry-scale candidate search for one person record: the record's blocking keys
 * (blocking.ts) looked up in person_match_keys, keys held by more than `maxBlock` persons skipped
 * (as blocking.ts skips them in memory), the holders read through the registry's published
 * personsForMatching (matching never reads persons itself), each scored by the model
 * (MatchScorer with DEFAULT_PARAMETERS), and those at or above the review threshold returned best
 * first, with the explanation (each field's level and weight: no names).
 */
import type { Executor } from '../../db/database.js';
import type { IdScheme } from '../../shared/identity/national-id.js';
import { personsForMatching, type PersonForMatching } from '../registry/registry.service.js';
import { KEY_KINDS, keysOfKind, type KeyKind } from './blocking.js';
import { matchingRepository, type MatchKey } from './matching.repository.js';
import { registryFrequencies, termKeys } from './registry-frequencies.js';
import { DEFAULT_PARAMETERS, MatchScorer, thresholdsFor, type ScoreExplanation } from './model.js';
import { prepareRecord, SCHEME_OF_COUNTRY, type Country, type PreparedRecord } from './person-record.js';

export const MAX_BLOCK = 50;

const COUNTRY_OF_SCHEME = new Map(Object.entries(SCHEME_OF_COUNTRY).map(([country, scheme]) => [scheme as string, country as Country]));

/** The country whose naming custom a national ID scheme's holders follow. */
export const countryOfScheme = (scheme: string): Country | undefined => COUNTRY_OF_SCHEME.get(scheme);

/** A record as typed somewhere in the registry (a person, a member at registration, an import row): its fields, null where unknown. */
export interface TypedRecord {
  nationalId: string | null;
  idScheme: IdScheme;
  fullName: string;
  birthDate: string | null;
  sex: string | null;
  phone: string | null;
  regionCode: string | null;
}

/** A typed record as matching compares it, the name split by the custom of the ID scheme's country. */
export function prepareTyped(id: string, r: TypedRecord): PreparedRecord {
  const country = countryOfScheme(r.idScheme);
  return prepareRecord({
    id,
    idScheme: r.idScheme,
    fullName: r.fullName,
    ...(r.nationalId ? { nationalId: r.nationalId } : {}),
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
    ...(r.sex ? { sex: r.sex } : {}),
    ...(r.phone ? { phone: r.phone } : {}),
    ...(r.regionCode ? { region: r.regionCode } : {}),
    ...(country ? { country } : {}),
  });
}

/** A registry person as matching compares them. */
export function preparePerson(p: PersonForMatching): PreparedRecord {
  return prepareTyped(p.id, { nationalId: p.national_id, idScheme: p.id_scheme as IdScheme, fullName: p.full_name, birthDate: p.birth_date, sex: p.sex, phone: p.phone, regionCode: p.region_code });
}

/** The blocking keys of a prepared record, each with its kind, as person_match_keys stores them. */
export function matchKeys(r: PreparedRecord): MatchKey[] {
  return KEY_KINDS.flatMap((kind) => keysOfKind(r, kind).map((value) => ({ kind, value })));
}

/** What indexing a person writes: the blocking keys, and the name terms counted for their frequencies (registry-frequencies.ts). */
export function indexKeys(r: PreparedRecord): MatchKey[] {
  return [...matchKeys(r), ...termKeys(r)];
}

export interface Candidate {
  personId: string;
  score: number;
  explanation: ScoreExplanation;
}

/**
 * The review threshold for the registry's size (thresholdsFor): the number of persons indexed at
 * the sweep's last count (registry-frequencies.ts), so a registration does not count the index;
 * before the first count, the index counted now. The sweep's, registration's and intake's.
 */
export async function reviewThreshold(db: Executor): Promise<number> {
  const size = (await matchingRepository.lastCount(db))?.total ?? (await matchingRepository.indexedCount(db));
  return thresholdsFor(DEFAULT_PARAMETERS, size).review;
}

/**
 * What a search looked at, summed over its records when a caller passes one in (the bench):
 * the holders each kind of key brought (a person once per key), the keys skipped as too common,
 * and the distinct persons scored for each record.
 */
export interface SearchStats {
  holdersByKind: Record<KeyKind, number>;
  skippedByKind: Record<KeyKind, number>;
  comparedPerRecord: number[];
}

export function emptySearchStats(): SearchStats {
  const zero = () => Object.fromEntries(KEY_KINDS.map((k) => [k, 0])) as Record<KeyKind, number>;
  return { holdersByKind: zero(), skippedByKind: zero(), comparedPerRecord: [] };
}

/**
 * The indexed persons that may be this record's person, scored at or above `threshold` (the review
 * threshold for the registry's size, thresholdsFor), best first. The record itself and records
 * merged into another are never candidates.
 */
export async function findCandidates(db: Executor, record: PreparedRecord, opts: { threshold: number; maxBlock?: number }): Promise<{ candidates: Candidate[]; skippedKeys: number }> {
  return (await findCandidatesOfMany(db, [record], opts))[0]!;
}

/**
 * findCandidates for many records at once (a sweep batch): their keys' holders in one statement,
 * the holders read in one call of the registry's personsForMatching, each scored once per record.
 * Answers in the records' order.
 */
export async function findCandidatesOfMany(db: Executor, records: readonly PreparedRecord[], opts: { threshold: number; maxBlock?: number; stats?: SearchStats }): Promise<{ candidates: Candidate[]; skippedKeys: number }[]> {
  const keys = records.map(matchKeys);
  const keysOf = keys.map((ks) => ks.map((k) => `${k.kind} ${k.value}`));
  const all = keys.flat();
  const { holders, skipped } = await matchingRepository.holders(db, all, opts.maxBlock ?? MAX_BLOCK);
  const ids = new Set<string>();
  for (const list of holders.values()) for (const id of list) ids.add(id);
  // The holders not merged into another, as matching compares them.
  const prepared = new Map((await personsForMatching(db, [...ids])).filter((p) => p.merged_into === null).map((p) => [p.id, preparePerson(p)] as const));
  // The names and phones weighed by how common they are in the registry (as last counted).
  const scorer = new MatchScorer(DEFAULT_PARAMETERS, await registryFrequencies(db, records));
  return records.map((record, i) => {
    const mine = new Set<string>();
    for (const key of new Set(keysOf[i])) for (const id of holders.get(key) ?? []) if (id !== record.id) mine.add(id);
    if (opts.stats) {
      const st = opts.stats;
      for (const k of new Map(keys[i]!.map((k) => [`${k.kind} ${k.value}`, k.kind as KeyKind]))) {
        if (skipped.has(k[0])) st.skippedByKind[k[1]]++;
        else st.holdersByKind[k[1]] += (holders.get(k[0]) ?? []).filter((id) => id !== record.id).length;
      }
      st.comparedPerRecord.push(mine.size);
    }
    const candidates: Candidate[] = [];
    for (const id of mine) {
      const other = prepared.get(id);
      if (!other) continue;
      const explanation = scorer.explain(record, other);
      if (explanation.score >= opts.threshold) candidates.push({ personId: id, score: explanation.score, explanation });
    }
    candidates.sort((x, y) => y.score - x.score || (x.personId < y.personId ? -1 : 1));
    return { candidates, skippedKeys: new Set(keysOf[i]!.filter((k) => skipped.has(k))).size };
  });
}
