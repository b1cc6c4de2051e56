/**
 * `mizan bench --only match`: the person-matching engine (src/modules/matching/) clustering a
 * labelled synthetic set (synthetic.ts, default 200 000 records, seed 1), phase by phase, in this
 * process: the candidate pairs of each blocking key, the keys skipped as too common, the resident
 * memory, and the pairwise precision, recall and F1 beside the valid-ID baseline. It measures the
 * engine over a file (what `mizan match` does); the registry-scale search (100k records against
 * 1M persons through the database) is not built yet.
 */
import { syntheticSet } from '../modules/matching/synthetic.js';
import { prepareRecord } from '../modules/matching/person-record.js';
import { candidatePairs, KEY_KINDS } from '../modules/matching/blocking.js';
import { buildFrequencies, DEFAULT_PARAMETERS, estimateU, MatchScorer, thresholdsFor } from '../modules/matching/model.js';
import { clusterPairs, type ScoredPair } from '../modules/matching/cluster.js';
import { pairwiseScores, validIdBaseline } from '../modules/matching/evaluate.js';
import { Rng } from '../shared/random.js';

export async function matchBench(opts: { records: number; seed: number; log: (l: string) => void }) {
  const set = syntheticSet(opts.seed, opts.records);
  const seconds: Record<string, number> = {};
  let t = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    seconds[name] = Math.round((now - t) / 10) / 100;
    t = now;
  };
  let rssMax = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
  try {
    const started = t;
    const prepared = set.records.map(prepareRecord);
    phase('prepare');
    const params = estimateU(prepared, DEFAULT_PARAMETERS, new Rng(prepared.length));
    const scorer = new MatchScorer(params, buildFrequencies(prepared));
    phase('frequencies');
    const { pairs, stats } = candidatePairs(prepared);
    phase('blocking');
    const thresholds = thresholdsFor(params, prepared.length);
    const scored: ScoredPair[] = [];
    for (let k = 0; k < pairs.length; k += 2) {
      const score = scorer.score(prepared[pairs[k]!]!, prepared[pairs[k + 1]!]!);
      if (score >= thresholds.review) scored.push({ a: pairs[k]!, b: pairs[k + 1]!, score });
    }
    phase('scoring');
    const clusters = clusterPairs(prepared, scored, thresholds);
    phase('clusters');
    const total = Math.round((performance.now() - started) / 10) / 100;
    // The phases are synchronous, so the sampler above rarely runs: the process's own peak counts.
    rssMax = Math.max(rssMax, process.resourceUsage().maxRSS * 1024);
    const engine = pairwiseScores(clusters.clusterOf, set.truth);
    const baseline = pairwiseScores(validIdBaseline(prepared), set.truth);
    const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
    const candidatePairsByKey = Object.fromEntries(KEY_KINDS.map((k) => [k, stats.pairsByKind[k]]));
    opts.log(`match: ${opts.records.toLocaleString('en')} records (seed ${opts.seed}) in ${total} s (${Object.entries(seconds).map(([k, v]) => `${k} ${v} s`).join(', ')}), RSS max ${Math.round(rssMax / 2 ** 20)} MiB`);
    opts.log(`match: ${(pairs.length / 2).toLocaleString('en')} candidate pairs: ${KEY_KINDS.map((k) => `${k} ${stats.pairsByKind[k]}`).join(', ')}`);
    opts.log(`match: engine precision ${pct(engine.precision)}, recall ${pct(engine.recall)}, F1 ${pct(engine.f1)}; baseline (same valid ID) F1 ${pct(baseline.f1)}`);
    return {
      records: opts.records, seed: opts.seed, seconds: { ...seconds, total }, rssMaxMiB: Math.round(rssMax / 2 ** 20),
      thresholds, candidatePairs: pairs.length / 2, candidatePairsByKey, skippedKeys: stats.skippedKeys, links: clusters.links, reviewItems: clusters.review.length,
      engine, baseline,
    };
  } finally {
    clearInterval(sampler);
  }
}
