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
import { KEY_KINDS, keysOfKind } from './blocking.js';
import { matchingRepository, type MatchKey } from './matching.repository.js';
import { DEFAULT_PARAMETERS, MatchScorer, type ScoreExplanation } from './model.js';
import { prepareRecord, SCHEME_OF_COUNTRY, type Country, type PreparedRecord } from './person-record.js';

export const MAX_BLOCK = 50;

const COUNTRY_OF_SCHEME = new Map(Object.entries(SCHEME_OF_COUNTRY).map(([country, scheme]) => [scheme as string, country as Country]));

/** A registry person as matching compares them (the name split by the custom of the ID's country). */
export function preparePerson(p: PersonForMatching): PreparedRecord {
  const country = COUNTRY_OF_SCHEME.get(p.id_scheme);
  return prepareRecord({
    id: p.id,
    nationalId: p.national_id,
    idScheme: p.id_scheme as IdScheme,
    fullName: p.full_name,
    ...(p.birth_date ? { birthDate: p.birth_date } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.region_code ? { region: p.region_code } : {}),
    ...(country ? { country } : {}),
  });
}

/** The blocking keys of a prepared record, each with its kind, as person_match_keys stores them. */
export function matchKeys(r: PreparedRecord): MatchKey[] {
  return KEY_KINDS.flatMap((kind) => keysOfKind(r, kind).map((value) => ({ kind, value })));
}

export interface Candidate {
  personId: string;
  score: number;
  explanation: ScoreExplanation;
}

const scorer = new MatchScorer(DEFAULT_PARAMETERS, null);

/**
 * The indexed persons that may be this record's person, scored at or above `threshold` (the review
 * threshold for the registry's size, thresholdsFor), best first. The record itself and records
 * merged into another are never candidates.
 */
export async function findCandidates(db: Executor, record: PreparedRecord, opts: { threshold: number; maxBlock?: number }): Promise<{ candidates: Candidate[]; skippedKeys: number }> {
  const { personIds, skippedKeys } = await matchingRepository.holders(db, matchKeys(record), opts.maxBlock ?? MAX_BLOCK);
  const others = personIds.filter((id) => id !== record.id);
  const persons = (await personsForMatching(db, others)).filter((p) => p.merged_into === null);
  const candidates: Candidate[] = [];
  for (const p of persons) {
    const explanation = scorer.explain(record, preparePerson(p));
    if (explanation.score >= opts.threshold) candidates.push({ personId: p.id, score: explanation.score, explanation });
  }
  candidates.sort((x, y) => y.score - x.score || (x.personId < y.personId ? -1 : 1));
  return { candidates, skippedKeys };
}
