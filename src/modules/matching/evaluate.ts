/**
 * How good a clustering is against the truth of a labelled set: pairwise precision (of the pairs
 * put together, how many are one person), recall (of the true pairs, how many were put together)
 * and F1; and the baseline the issue measures against, "the same valid national ID, nothing else"
 * (what 121 and OpenG2P do).
 */
import type { PreparedRecord } from './person-record.js';

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairsIn = (k: number) => (k * (k - 1)) / 2;

function countPairs(keys: ArrayLike<string | number>): number {
  const m = new Map<string | number, number>();
  for (let i = 0; i < keys.length; i++) m.set(keys[i]!, (m.get(keys[i]!) ?? 0) + 1);
  let s = 0;
  for (const k of m.values()) s += pairsIn(k);
  return s;
}

/** Pairwise scores of a clustering (a cluster label per record) against true persons. */
export function pairwiseScores(clusters: ArrayLike<string | number>, truth: readonly string[]): PairwiseScores {
  const both: string[] = [];
  for (let i = 0; i < truth.length; i++) both.push(`${clusters[i]}\u0000${truth[i]}`);
  const truePairs = countPairs(truth);
  const predictedPairs = countPairs(clusters);
  const correctPairs = countPairs(both);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

/** The baseline clustering: records with the same valid national ID together, every other record alone. */
export function validIdBaseline(records: readonly PreparedRecord[]): string[] {
  return records.map((r, i) => (r.validId ? `id:${r.scheme}:${r.validId}` : `r:${i}`));
}
