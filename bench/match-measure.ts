/**
 * How fast the person-matching engine clusters a labelled synthetic set, phase by phase, with the
 * candidate pairs of each blocking key, the resident memory and the pairwise scores beside the
 * valid-ID baseline. Not a test: run it by hand and record the figures in BENCHMARKS.md.
 *
 *   node --import tsx bench/match-measure.ts [records=200000] [seed=1]
 *
 * `mizan match --input F.csv --output clusters.csv --truth person` measures the same end to end,
 * reading and writing CSV (write F.csv with `mizan match --synthetic N --seed S --output F.csv`).
 */
import { syntheticSet } from '../src/modules/matching/synthetic.js';
import { prepareRecord } from '../src/modules/matching/person-record.js';
import { candidatePairs, KEY_KINDS } from '../src/modules/matching/blocking.js';
import { buildFrequencies, DEFAULT_PARAMETERS, estimateU, MatchScorer, thresholdsFor } from '../src/modules/matching/model.js';
import { clusterPairs, type ScoredPair } from '../src/modules/matching/cluster.js';
import { pairwiseScores, validIdBaseline } from '../src/modules/matching/evaluate.js';
import { Rng } from '../src/shared/random.js';

const size = Number(process.argv[2] ?? 200_000);
const seed = Number(process.argv[3] ?? 1);
const set = syntheticSet(seed, size);
const lines: string[] = [];
let t = performance.now();
const phase = (name: string) => {
  const now = performance.now();
  lines.push(`${name.padEnd(28)} ${((now - t) / 1000).toFixed(2)} s`);
  t = now;
};
const started = t;
const prepared = set.records.map(prepareRecord);
phase('prepare');
const params = estimateU(prepared, DEFAULT_PARAMETERS, new Rng(prepared.length));
const scorer = new MatchScorer(params, buildFrequencies(prepared));
phase('u on random pairs, freqs');
const { pairs, stats } = candidatePairs(prepared);
phase('blocking');
const thresholds = thresholdsFor(params, prepared.length);
const scored: ScoredPair[] = [];
for (let k = 0; k < pairs.length; k += 2) {
  const score = scorer.score(prepared[pairs[k]!]!, prepared[pairs[k + 1]!]!);
  if (score >= thresholds.review) scored.push({ a: pairs[k]!, b: pairs[k + 1]!, score });
}
const scoringSeconds = (performance.now() - t) / 1000;
phase('scoring');
const clusters = clusterPairs(prepared, scored, thresholds);
phase('clusters');
const total = (performance.now() - started) / 1000;
const e = pairwiseScores(clusters.clusterOf, set.truth);
const b = pairwiseScores(validIdBaseline(prepared), set.truth);
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
console.log(`${size} records (seed ${seed}), thresholds link ${thresholds.link.toFixed(1)} / review ${thresholds.review.toFixed(1)}`);
console.log(lines.join('\n'));
console.log(`${'total'.padEnd(28)} ${total.toFixed(2)} s; max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`candidate pairs ${pairs.length / 2}: ${KEY_KINDS.map((k) => `${k} ${stats.pairsByKind[k]}`).join(', ')}; ${(scoringSeconds * 1e6 / (pairs.length / 2)).toFixed(2)} µs a pair`);
console.log(`keys over ${stats.maxBlock} records skipped: ${KEY_KINDS.filter((k) => stats.skippedKeys[k]).map((k) => `${k} ${stats.skippedKeys[k]} (${stats.skippedRecords[k]} records)`).join(', ') || 'none'}`);
console.log(`engine:   precision ${pct(e.precision)}, recall ${pct(e.recall)}, F1 ${pct(e.f1)}; ${clusters.links} links, ${clusters.review.length} review items`);
console.log(`baseline: precision ${pct(b.precision)}, recall ${pct(b.recall)}, F1 ${pct(b.f1)} (same valid national ID only)`);
