/**
 * The matching engine in one call, as `mizan match` and (later) the registry use it: records
 * prepared once, candidate pairs from the blocking keys, each pair scored by the model, pairs
 * decided into clusters and review items.
 *
 * For a set of 1000 records or more, the u of the name fields, sex and region are measured on the
 * set itself (model.ts, estimateU) and the names' frequencies are taken from it; a smaller set uses
 * the parameters as given, and frequencies from `frequencies` when the caller has them (the
 * registry's).
 */
import { candidatePairs, type BlockingStats } from './blocking.js';
import { clusterPairs, type Clustering, type ScoredPair } from './cluster.js';
import { buildFrequencies, DEFAULT_PARAMETERS, estimateU, MatchScorer, thresholdsFor, type Frequencies, type MatchParameters } from './model.js';
import { prepareRecord, type PersonRecord, type PreparedRecord } from './person-record.js';
import { Rng } from '../../shared/random.js';

export interface MatchOptions {
  params?: MatchParameters;
  /** Measure u on the set (default: when it has at least 1000 records). */
  estimate?: boolean;
  frequencies?: Frequencies;
  maxBlock?: number;
  /** The size of the population the records are matched in (default: the records' number): sets the thresholds. */
  registrySize?: number;
  /** Called as each step ends ('frequencies', 'blocking', 'scoring', 'clusters'): the bench times them. */
  onPhase?: (name: 'frequencies' | 'blocking' | 'scoring' | 'clusters') => void;
}

export interface MatchResult extends Clustering {
  prepared: PreparedRecord[];
  scorer: MatchScorer;
  pairs: ScoredPair[];
  blocking: BlockingStats;
  /** The thresholds used, for this set's size. */
  thresholds: { link: number; review: number };
}

export function matchRecords(records: readonly PersonRecord[], opts: MatchOptions = {}): MatchResult {
  return matchPrepared(records.map(prepareRecord), opts);
}

export function matchPrepared(prepared: PreparedRecord[], opts: MatchOptions = {}): MatchResult {
  let params = opts.params ?? DEFAULT_PARAMETERS;
  if (opts.estimate ?? prepared.length >= 1000) params = estimateU(prepared, params, new Rng(prepared.length));
  const frequencies = opts.frequencies ?? buildFrequencies(prepared);
  const scorer = new MatchScorer(params, frequencies);
  opts.onPhase?.('frequencies');
  const { pairs: flat, stats } = candidatePairs(prepared, opts.maxBlock === undefined ? {} : { maxBlock: opts.maxBlock });
  opts.onPhase?.('blocking');
  const thresholds = thresholdsFor(params, opts.registrySize ?? prepared.length);
  const pairs: ScoredPair[] = [];
  for (let k = 0; k < flat.length; k += 2) {
    const a = flat[k]!;
    const b = flat[k + 1]!;
    const score = scorer.score(prepared[a]!, prepared[b]!);
    if (score >= thresholds.review) pairs.push({ a, b, score });
  }
  opts.onPhase?.('scoring');
  const clustering = clusterPairs(prepared, pairs, thresholds);
  opts.onPhase?.('clusters');
  return { ...clustering, prepared, scorer, pairs, blocking: stats, thresholds };
}
