/**
 * Decisions from scored pairs: pairs at or above the link threshold join their records into one
 * person (union–find, strongest pairs first); pairs between the review and link thresholds whose
 * records stay apart become questions for a person ("same person?"); nothing below.
 *
 * A cluster never holds two different valid national IDs: the check is made when two CLUSTERS
 * merge, not only on the pair, because A–B and B–C may each be fine while A and C carry two
 * different valid IDs. A link refused for that reason is reported for review, marked so.
 */
import type { PreparedRecord } from './person-record.js';

export interface ScoredPair {
  a: number;
  b: number;
  score: number;
}

export interface ReviewItem extends ScoredPair {
  /** The score was above the link threshold, but the link would join two different valid IDs. */
  refusedForIds: boolean;
}

export interface Clustering {
  /** For each record, the index of the first record (in input order) of its cluster. */
  clusterOf: Int32Array;
  review: ReviewItem[];
  links: number;
}

export function clusterPairs(records: readonly PreparedRecord[], scored: readonly ScoredPair[], thresholds: { link: number; review: number }): Clustering {
  const n = records.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  // The one valid ID a cluster holds, kept at its root.
  const idOf: (string | null)[] = records.map((r) => r.validId);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const review: ReviewItem[] = [];
  const between: ScoredPair[] = [];
  const links = scored.filter((p) => p.score >= thresholds.link).sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  let linked = 0;
  for (const p of links) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra === rb) continue;
    const ia = idOf[ra];
    const ib = idOf[rb];
    if (ia && ib && ia !== ib) {
      review.push({ ...p, refusedForIds: true });
      continue;
    }
    // The smaller index becomes the root, so a cluster is named by its first record.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    idOf[root] = ia ?? ib ?? null;
    linked++;
  }
  for (const p of scored) if (p.score >= thresholds.review && p.score < thresholds.link) between.push(p);
  for (const p of between.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)) {
    if (find(p.a) !== find(p.b)) review.push({ ...p, refusedForIds: false });
  }
  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) clusterOf[i] = find(i);
  return { clusterOf, review, links: linked };
}
