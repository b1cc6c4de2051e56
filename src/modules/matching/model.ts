/**
 * The match weight of a pair of person records (Fellegi–Sunter), and its explanation.
 *
 * For each field and agreement level (compare.ts) the parameters hold m = P(level | same person)
 * and u = P(level | two people); the level adds log2(m/u) bits. `missing` adds nothing. The sum is
 * the pair's score; above `thresholds.link` the pair is a proposed link, between `review` and
 * `link` a question for a person, below nothing.
 *
 * Where the numbers come from, and why not EM. The m values are set from what lists of people
 * are known to get wrong (how often a copy loses its ID, mistypes a digit, swaps day and month,
 * changes its phone: the rates the synthetic set applies, rounded towards caution). The u values
 * of the name fields, sex and region are estimated on the file being matched, from random pairs of
 * its records (random pairs are almost all two people), as Splink does; the u of rare agreements
 * (ID, phone, birth date), which random pairs cannot measure, are set from their number space.
 * Expectation–maximisation over candidate pairs was not used: candidate pairs are dominated by
 * relatives (one family name, one father, one phone, one region), and EM then learns "same
 * household" as its match class, which is exactly the confusion to avoid.
 *
 * Two corrections break the independence the plain model assumes:
 * - Term frequency: the u of an exact agreement on the given, father's or family name is the
 *   frequency of that name among the compared records (or the registry), so محمد agreeing
 *   says less than a rare name; two different names that are both common are two names (حسن and
 *   حسين are close as strings, and they are two brothers), so they count as `different`.
 * - Relatives: when the family name agrees (even partly) and the father's or grandfather's name,
 *   the phone or the region agrees, the pair may be relatives, and a second set of u (`uKin`, where given) applies: brothers
 *   share the grandfather, the region and the phone, twins share a birth date, and siblings almost
 *   never share a given name, so those agreements say little and the given name and the national
 *   ID decide. This is what keeps twins apart. Records sharing a phone are one household: their
 *   region agreeing adds nothing to it.
 * A phone shared by more than `sharedPhone.fullWeightUpTo` records (a family phone) weighs less,
 * in proportion.
 *
 * The parameters are plain data (MatchParameters, JSON-serialisable), so the registry can store a
 * deployment's own and explain every decision with them.
 */
import type { Comparison, Field } from './compare.js';
import { comparePair, FIELDS } from './compare.js';
import type { PreparedRecord } from './person-record.js';
import type { Rng } from '../../shared/random.js';

export interface LevelProbabilities {
  m: number;
  u: number;
  /** u among relatives (same family name, and the same father's name or phone). */
  uKin?: number;
}

export type TermFrequencyField = 'given' | 'father' | 'family';

export interface MatchParameters {
  version: 1;
  fields: { [F in Field]: Partial<Record<Comparison[F], LevelProbabilities>> };
  termFrequency: {
    fields: TermFrequencyField[];
    /** Below this many records the frequencies are not used (too few to measure). */
    minRecords: number;
    /** The lowest u an exact name agreement may have. */
    floor: number;
    /** A name is common when at least this share of the records carry it. */
    commonShare: number;
  };
  sharedPhone: { fullWeightUpTo: number };
  /**
   * Scores at or above `link`: a proposed link; from `review` up to it: a question for a person.
   * Both hold for a set of `referenceSize` records; a larger set raises both by log2(size /
   * referenceSize) (thresholdsFor), a smaller one keeps them.
   */
  thresholds: { link: number; review: number; referenceSize: number };
}

export const DEFAULT_PARAMETERS: MatchParameters = {
  version: 1,
  fields: {
    nationalId: {
      exact: { m: 0.8, u: 1e-6 },
      oneEdit: { m: 0.15, u: 5e-6 },
      conflict: { m: 0.0005, u: 0.9 },
      different: { m: 0.03, u: 0.1 },
    },
    given: {
      exact: { m: 0.85, u: 0.02, uKin: 0.01 },
      close: { m: 0.1, u: 0.01, uKin: 0.02 },
      partial: { m: 0.04, u: 0.03, uKin: 0.03 },
      different: { m: 0.005, u: 0.94 },
    },
    father: {
      exact: { m: 0.85, u: 0.02, uKin: 0.95 },
      close: { m: 0.1, u: 0.01, uKin: 0.03 },
      partial: { m: 0.03, u: 0.03 },
      different: { m: 0.02, u: 0.94 },
    },
    grandfather: {
      exact: { m: 0.8, u: 0.02, uKin: 0.95 },
      close: { m: 0.1, u: 0.01, uKin: 0.03 },
      partial: { m: 0.04, u: 0.03 },
      different: { m: 0.06, u: 0.94 },
    },
    family: {
      exact: { m: 0.9, u: 0.02 },
      close: { m: 0.07, u: 0.01 },
      partial: { m: 0.02, u: 0.03 },
      different: { m: 0.01, u: 0.94 },
    },
    birth: {
      exact: { m: 0.84, u: 5e-5, uKin: 0.01 },
      swapped: { m: 0.04, u: 5e-5, uKin: 0.003 },
      year: { m: 0.06, u: 1e-4, uKin: 0.005 },
      different: { m: 0.01, u: 0.9998, uKin: 0.98 },
    },
    sex: {
      agree: { m: 0.995, u: 0.5 },
      different: { m: 0.005, u: 0.5 },
    },
    phone: {
      agree: { m: 0.75, u: 1e-5, uKin: 0.6 },
      different: { m: 0.25, u: 0.99999, uKin: 0.4 },
    },
    region: {
      agree: { m: 0.92, u: 0.15, uKin: 0.97 },
      different: { m: 0.08, u: 0.85 },
    },
    lineage: {
      parentChild: { m: 0.002, u: 0.02 },
    },
  },
  termFrequency: { fields: ['given', 'father', 'family'], minRecords: 1000, floor: 1e-4, commonShare: 0.002 },
  sharedPhone: { fullWeightUpTo: 4 },
  thresholds: { link: 10, review: 5, referenceSize: 20_000 },
};

/**
 * The thresholds for a set (or registry) of `size` records. The prior odds that two records are one
 * person fall as 1/size (each person has a few records among `size`), so the evidence needed to
 * link rises by log2 of the size, in bits, from the size the thresholds were set on; never lowered
 * below the tuned values for a small file, whose few records do not make a match more likely.
 */
export function thresholdsFor(params: MatchParameters, size: number): { link: number; review: number } {
  const { link, review, referenceSize } = params.thresholds;
  const raise = Math.max(0, Math.log2(size / referenceSize));
  return { link: link + raise, review: review + raise };
}

/** How often each folded name and each phone occurs in the compared set (or the registry). */
export interface Frequencies {
  total: number;
  names: Record<TermFrequencyField, Map<string, number>>;
  phones: Map<string, number>;
}

export function buildFrequencies(records: readonly PreparedRecord[]): Frequencies {
  const f: Frequencies = { total: records.length, names: { given: new Map(), father: new Map(), family: new Map() }, phones: new Map() };
  const add = (m: Map<string, number>, k: string | undefined) => {
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const r of records) {
    add(f.names.given, r.given?.compact);
    add(f.names.father, r.father?.compact);
    add(f.names.family, r.family?.compact);
    add(f.phones, r.phone ?? undefined);
  }
  return f;
}

export interface ScoreExplanation {
  score: number;
  /** Whether the relatives' u applied. */
  relatives: boolean;
  parts: { field: Field; level: string; weight: number }[];
}

const log2 = Math.log2;
const isAgree = (l: string) => l === 'exact' || l === 'close';

/**
 * The scorer of one compared set: the parameters compiled into weights, with the set's frequencies.
 * score() allocates nothing beyond the comparison; explain() says which field added how much.
 */
export class MatchScorer {
  private readonly useTf: boolean;
  private readonly common: number;
  /** log2(m/u) and log2(m/uKin) of each field and level, computed once. */
  private readonly table = {} as Record<Field, Record<string, { p: LevelProbabilities; w: number; wKin: number } | undefined>>;
  private readonly tfFields: Set<string>;

  constructor(
    readonly params: MatchParameters,
    private readonly freq: Frequencies | null,
  ) {
    this.useTf = freq !== null && freq.total >= params.termFrequency.minRecords;
    this.common = freq ? Math.max(5, freq.total * params.termFrequency.commonShare) : Infinity;
    this.tfFields = new Set(params.termFrequency.fields);
    for (const field of FIELDS) {
      const levels: Record<string, { p: LevelProbabilities; w: number; wKin: number }> = {};
      for (const [level, p] of Object.entries(params.fields[field] as Record<string, LevelProbabilities>)) {
        levels[level] = { p, w: log2(p.m / p.u), wKin: log2(p.m / (p.uKin ?? p.u)) };
      }
      this.table[field] = levels;
    }
  }

  /** The comparison, with two different common given names counted as different names. */
  compare(a: PreparedRecord, b: PreparedRecord): Comparison {
    const c = comparePair(a, b);
    if (this.useTf && (c.given === 'close' || c.given === 'partial')) {
      const g = this.freq!.names.given;
      if ((g.get(a.given!.compact) ?? 0) >= this.common && (g.get(b.given!.compact) ?? 0) >= this.common) c.given = 'different';
    }
    return c;
  }

  score(a: PreparedRecord, b: PreparedRecord): number {
    const c = this.compare(a, b);
    const kin = isRelatives(c);
    let s = 0;
    for (const f of FIELDS) s += this.weight(f, c[f], kin, a, b);
    return s;
  }

  explain(a: PreparedRecord, b: PreparedRecord): ScoreExplanation {
    const c = this.compare(a, b);
    const kin = isRelatives(c);
    const parts = FIELDS.map((field) => ({ field, level: c[field] as string, weight: this.weight(field, c[field], kin, a, b) }));
    return { score: parts.reduce((s, p) => s + p.weight, 0), relatives: kin, parts };
  }

  private weight(field: Field, level: string, kin: boolean, a: PreparedRecord, b: PreparedRecord): number {
    if (level === 'missing' || level === 'none') return 0;
    const entry = this.table[field][level];
    if (entry === undefined) return 0; // a level that carries no evidence
    const p = entry.p;
    // A phone is one household: the same region says nothing more.
    const related = kin || (field === 'region' && a.phone !== null && a.phone === b.phone);
    let w = related ? entry.wKin : entry.w;
    if (level === 'exact' && this.useTf && (field === 'given' || field === 'father' || field === 'family') && this.tfFields.has(field)) {
      const share = (this.freq!.names[field].get(a[field]!.compact) ?? 1) / this.freq!.total;
      // Among relatives a common name agrees by chance at least as often as among strangers
      // (namesakes who share a family and a father's name); a rare one, as often as siblings share it.
      const tf = Math.max(share, this.params.termFrequency.floor);
      w = log2(p.m / (related && p.uKin !== undefined ? Math.max(tf, p.uKin) : tf));
    }
    if (field === 'phone' && level === 'agree' && this.freq) {
      const shared = this.freq.phones.get(a.phone!) ?? 1;
      const full = this.params.sharedPhone.fullWeightUpTo;
      if (shared > full && w > 0) w *= full / shared;
    }
    return w;
  }
}

/** Relatives: the same family name (a mistyped one too), and the same father's or grandfather's name, phone or region. */
export function isRelatives(c: Comparison): boolean {
  return (isAgree(c.family) || c.family === 'partial') && (isAgree(c.father) || isAgree(c.grandfather) || c.phone === 'agree' || c.region === 'agree');
}

const ESTIMATED: Field[] = ['given', 'father', 'grandfather', 'family', 'sex', 'region'];

/**
 * The parameters with the u of the name fields, sex and region measured on random pairs of the
 * compared set (Splink's "u from random sampling"); the rest unchanged. Laplace-smoothed.
 */
export function estimateU(records: readonly PreparedRecord[], params: MatchParameters, rng: Rng, samples = 50_000): MatchParameters {
  if (records.length < 2) return params;
  const counts = new Map<Field, Map<string, number>>(ESTIMATED.map((f) => [f, new Map()]));
  for (let k = 0; k < samples; k++) {
    const i = rng.int(0, records.length - 1);
    let j = rng.int(0, records.length - 2);
    if (j >= i) j++;
    const c = comparePair(records[i]!, records[j]!);
    for (const f of ESTIMATED) {
      const level = c[f] as string;
      if (level === 'missing') continue;
      const m = counts.get(f)!;
      m.set(level, (m.get(level) ?? 0) + 1);
    }
  }
  const next: MatchParameters = JSON.parse(JSON.stringify(params));
  for (const f of ESTIMATED) {
    const levels = next.fields[f] as Record<string, LevelProbabilities>;
    const m = counts.get(f)!;
    const total = [...m.values()].reduce((s, x) => s + x, 0);
    const names = Object.keys(levels);
    for (const level of names) levels[level]!.u = ((m.get(level) ?? 0) + 1) / (total + names.length);
  }
  return next;
}
