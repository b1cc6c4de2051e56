/**
 * The scoring model a deployment starts with, per country profile: the same weights and bands
 * everywhere, a national poverty line per person and month in the country's currency (minor
 * units), and where the capital's cost of living differs, its province's own line. The ministry
 * edits it from then on (PUT /need-model); this is version 1.
 */
import type { Country } from '../../deployments/profiles.js';
import type { Executor } from '../../db/database.js';
import type { NeedModel } from './need-score.js';
import { scoringRepository } from './scoring.repository.js';

const WEIGHTS: NeedModel['weights'] = {
  income: 35, householdSize: 8, children: 10, elderly: 7, disability: 12, chronicIllness: 8, housing: 8, rentBurden: 7, debtBurden: 5,
};
const BANDS: NeedModel['bands'] = [
  { minScore: 0, priority: 0 },
  { minScore: 35, priority: 1 },
  { minScore: 55, priority: 2 },
  { minScore: 75, priority: 3 },
];

const PLACES: Record<Country, Pick<NeedModel, 'national' | 'regions'>> = {
  // 120 KWD a person a month (fils)
  KW: { national: { povertyLineMinor: 120_000, multiplier: 1 }, regions: [] },
  // 1,200 SAR a person a month (halalas)
  SA: { national: { povertyLineMinor: 120_000, multiplier: 1 }, regions: [] },
  // 25 million IRR a person a month; Tehran province 35 million
  IR: { national: { povertyLineMinor: 25_000_000, multiplier: 1 }, regions: [{ code: 'IR-23', povertyLineMinor: 35_000_000, multiplier: null }] },
};

export function defaultNeedModel(country: Country): NeedModel {
  const place = PLACES[country];
  return { version: 1, weights: { ...WEIGHTS }, bands: BANDS.map((b) => ({ ...b })), national: { ...place.national }, regions: place.regions.map((r) => ({ ...r })) };
}

/** Writes the country's default model as version 1 unless a model exists (ensureDeployment, and first use). */
export async function ensureDefaultNeedModel(db: Executor, country: Country, now: Date): Promise<void> {
  const { version: _v, ...model } = defaultNeedModel(country);
  await scoringRepository.insertFirstModel(db, model, now);
}
