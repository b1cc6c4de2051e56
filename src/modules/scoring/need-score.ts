/**
 * THE NEED SCORE: the ministry's scoring model (data: weights per factor, priority bands, poverty
 * lines and multipliers per region) applied to the facts of a declaration. One pure function,
 * scoreNeed; there is no copy of the formula in SQL. Each factor has a strength between 0 and 1
 * read from the facts; its points are its weight's share of 100 times that strength, times the
 * region's multiplier; the score is their sum, at most 100, and the priority the band it falls in.
 *
 * "Logic that fits each place": a level-2 region without its own poverty line or multiplier takes
 * its level-1 parent's, and that one the national values (resolveRegion).
 */
import type { Deployment } from '../../deployments/setup.js';
import { Problem } from '../../shared/problem.js';

export const FACTORS = ['income', 'householdSize', 'children', 'elderly', 'disability', 'chronicIllness', 'housing', 'rentBurden', 'debtBurden'] as const;
export type Factor = (typeof FACTORS)[number];
export const HOUSING = ['owned', 'rented', 'family', 'informal', 'homeless'] as const;
export type Housing = (typeof HOUSING)[number];

export interface NeedFacts {
  regionCode: string;
  members: { age: number | null; disability: boolean; chronicIllness: boolean; relation: string }[];
  monthlyIncomeMinor: number;
  housing: Housing;
  monthlyRentMinor: number;
  debtsMinor: number;
  monthlyDebtRepaymentMinor: number;
}
export interface Contribution { factor: string; value: number; points: number }
export interface NeedScore { score: number; priority: number; contributions: Contribution[]; modelVersion: number }

export interface RegionValues { code: string; povertyLineMinor: number | null; multiplier: number | null }
/** The model as the ministry edits it (need_models.model) and its version. */
export interface NeedModel {
  version: number;
  /** Points at full strength, relative: they are scaled so that all of them together make 100. */
  weights: Record<Factor, number>;
  /** Ascending minScore, the first 0; a score has the priority of the last band it reaches. */
  bands: { minScore: number; priority: number }[];
  /** A household's monthly income per person below which it is poor, in minor units; the multiplier of the points. */
  national: { povertyLineMinor: number; multiplier: number };
  regions: RegionValues[];
}

/** How much of each housing tenure counts as need (0 none … 1 full). */
const HOUSING_STRENGTH: Record<Housing, number> = { owned: 0, family: 0.3, rented: 0.5, informal: 0.8, homeless: 1 };
const CHILD_UNDER = 18;
const ELDERLY_FROM = 65;

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
/** A part of the income (rent, repayments) as a share of it; all of it when there is no income. */
const burden = (part: number, income: number) => (part <= 0 ? 0 : income <= 0 ? 1 : part / income);

/** The poverty line and multiplier that apply in a region: its own, else its parent's, else the national ones. */
export function resolveRegion(model: Pick<NeedModel, 'national' | 'regions'>, regions: Deployment['regions'], code: string): { povertyLineMinor: number; multiplier: number } {
  const own = new Map(model.regions.map((r) => [r.code, r]));
  const chain: string[] = [];
  for (let c: string | null | undefined = code; c && chain.length < 4; c = regions.get(c)?.parent) chain.push(c);
  const pick = (k: 'povertyLineMinor' | 'multiplier') => {
    for (const c of chain) {
      const v = own.get(c)?.[k];
      if (v !== null && v !== undefined) return v;
    }
    return model.national[k];
  };
  return { povertyLineMinor: pick('povertyLineMinor'), multiplier: pick('multiplier') };
}

/** The priority of a score under the model's bands. */
export function priorityOf(bands: NeedModel['bands'], score: number): number {
  let p = 0;
  for (const b of bands) if (score >= b.minScore) p = b.priority;
  return p;
}

/** Each factor's strength (0..1) and the value shown for it in the explanation. */
function strengths(facts: NeedFacts, povertyLineMinor: number): Record<Factor, { strength: number; value: number }> {
  const n = Math.max(1, facts.members.length);
  const income = Math.max(0, facts.monthlyIncomeMinor);
  const perCapitaRatio = income / n / povertyLineMinor;
  const count = (f: (m: NeedFacts['members'][number]) => boolean) => facts.members.filter(f).length;
  const children = count((m) => m.age !== null && m.age < CHILD_UNDER);
  const elderly = count((m) => m.age !== null && m.age >= ELDERLY_FROM);
  const disability = count((m) => m.disability);
  const chronic = count((m) => m.chronicIllness);
  const rent = burden(Math.max(0, facts.monthlyRentMinor), income);
  const debt = Math.max(burden(Math.max(0, facts.monthlyDebtRepaymentMinor), income), burden(Math.max(0, facts.debtsMinor), income * 12));
  return {
    income: { strength: clamp01(1 - perCapitaRatio), value: round(perCapitaRatio, 2) },
    householdSize: { strength: clamp01((n - 1) / 7), value: n },
    children: { strength: clamp01(children / 4), value: children },
    elderly: { strength: clamp01(elderly / 2), value: elderly },
    disability: { strength: clamp01(disability / 2), value: disability },
    chronicIllness: { strength: clamp01(chronic / 2), value: chronic },
    housing: { strength: HOUSING_STRENGTH[facts.housing], value: HOUSING_STRENGTH[facts.housing] },
    rentBurden: { strength: clamp01(rent), value: round(rent, 2) },
    debtBurden: { strength: clamp01(debt), value: round(debt, 2) },
  };
}

/** The need score of a household's facts under a model (pure). */
export function scoreNeed(model: NeedModel, facts: NeedFacts, regions: Deployment['regions'] = new Map()): NeedScore {
  const { povertyLineMinor, multiplier } = resolveRegion(model, regions, facts.regionCode);
  const total = FACTORS.reduce((s, f) => s + model.weights[f], 0);
  const s = strengths(facts, povertyLineMinor);
  let raw = 0;
  const contributions: Contribution[] = [];
  for (const f of FACTORS) {
    const points = total > 0 ? (model.weights[f] / total) * 100 * s[f].strength * multiplier : 0;
    raw += points;
    contributions.push({ factor: f, value: s[f].value, points: round(points, 1) });
  }
  const score = round(Math.min(100, raw), 1);
  return { score, priority: priorityOf(model.bands, score), contributions, modelVersion: model.version };
}

/**
 * A proposed model checked before it is saved or previewed: weights finite and ≥ 0 (not all 0),
 * bands from 0 in ascending order with priorities 0..3 that never fall, poverty lines and
 * multipliers positive, regions that exist and each listed once. A fault is a 400 naming its field.
 */
export function validateModel(dep: Pick<Deployment, 'regions'>, m: Omit<NeedModel, 'version'>): void {
  const bad = (field: string, detail: string) => new Problem('validation', detail, { field });
  for (const f of FACTORS) {
    const w = m.weights[f];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw bad(`weights.${f}`, 'A weight is a number, 0 or more.');
  }
  if (FACTORS.every((f) => m.weights[f] === 0)) throw bad('weights', 'At least one weight is above 0.');
  if (m.bands.length === 0) throw bad('bands', 'At least one band is needed.');
  m.bands.forEach((b, i) => {
    if (!Number.isFinite(b.minScore) || b.minScore < 0 || b.minScore > 100) throw bad(`bands[${i}].minScore`, 'A band starts between 0 and 100.');
    if (!Number.isInteger(b.priority) || b.priority < 0 || b.priority > 3) throw bad(`bands[${i}].priority`, 'A priority is 0 to 3.');
    if (i === 0 && b.minScore !== 0) throw bad('bands[0].minScore', 'The first band starts at 0.');
    const prev = m.bands[i - 1];
    if (prev && b.minScore <= prev.minScore) throw bad(`bands[${i}].minScore`, 'The bands are in ascending order of score.');
    if (prev && b.priority < prev.priority) throw bad(`bands[${i}].priority`, 'A higher band never has a lower priority.');
  });
  const positive = (v: number, field: string, integer: boolean) => {
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) throw bad(field, integer ? 'A poverty line is a whole amount in minor units, above 0.' : 'A multiplier is above 0.');
    if (!integer && v > 5) throw bad(field, 'A multiplier is at most 5.');
  };
  positive(m.national.povertyLineMinor, 'national.povertyLineMinor', true);
  positive(m.national.multiplier, 'national.multiplier', false);
  const seen = new Set<string>();
  m.regions.forEach((r, i) => {
    if (!dep.regions.has(r.code)) throw bad(`regions[${i}].code`, `There is no region ${r.code}.`);
    if (seen.has(r.code)) throw bad(`regions[${i}].code`, `The region ${r.code} is listed twice.`);
    seen.add(r.code);
    if (r.povertyLineMinor !== null) positive(r.povertyLineMinor, `regions[${i}].povertyLineMinor`, true);
    if (r.multiplier !== null) positive(r.multiplier, `regions[${i}].multiplier`, false);
  });
}
