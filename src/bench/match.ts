/**
 * `mizan bench --only match`: the person-matching engine (src/modules/matching/) clustering a
 * labelled synthetic set (synthetic.ts, default 200 000 records, seed 1), phase by phase, in this
 * process: the candidate pairs of each blocking key, the keys skipped as too common, the resident
 * memory, and the pairwise precision, recall and F1 beside the valid-ID baseline. It measures the
 * engine over a file (what `mizan match` does); the registry-scale search (100k records against
 * 1M persons through the database) is ./match-registry.ts. The engine is the one `mizan match` runs
 * (matchPrepared), timed through its onPhase callback.
 */
import { syntheticSet } from '../modules/matching/synthetic.js';
import { prepareRecord } from '../modules/matching/person-record.js';
import { KEY_KINDS } from '../modules/matching/blocking.js';
import { matchPrepared } from '../modules/matching/match-records.js';
import { pairwiseScores, validIdBaseline } from '../modules/matching/evaluate.js';

export async function matchBench(opts: { records: number; seed: number; log: (l: string) => void }) {
  const set = syntheticSet(opts.seed, opts.records);
  const seconds: Record<string, number> = {};
  let t = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    seconds[name] = Math.round((now - t) / 10) / 100;
    t = now;
  };
  const started = t;
  const prepared = set.records.map(prepareRecord);
  phase('prepare');
  const result = matchPrepared(prepared, { estimate: true, onPhase: phase });
  const total = Math.round((performance.now() - started) / 10) / 100;
  // The phases are synchronous, so no timer could sample between them: the process's own peak is read.
  const rssMax = process.resourceUsage().maxRSS * 1024;
  const { blocking: stats, thresholds } = result;
  const candidates = Object.values(stats.pairsByKind).reduce((a, b) => a + b, 0);
  const engine = pairwiseScores(result.clusterOf, set.truth);
  const baseline = pairwiseScores(validIdBaseline(prepared), set.truth);
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const candidatePairsByKey = Object.fromEntries(KEY_KINDS.map((k) => [k, stats.pairsByKind[k]]));
  opts.log(`match: ${opts.records.toLocaleString('en')} records (seed ${opts.seed}) in ${total} s (${Object.entries(seconds).map(([k, v]) => `${k} ${v} s`).join(', ')}), RSS max ${Math.round(rssMax / 2 ** 20)} MiB`);
  opts.log(`match: ${candidates.toLocaleString('en')} candidate pairs: ${KEY_KINDS.map((k) => `${k} ${stats.pairsByKind[k]}`).join(', ')}`);
  opts.log(`match: engine precision ${pct(engine.precision)}, recall ${pct(engine.recall)}, F1 ${pct(engine.f1)}; baseline (same valid ID) F1 ${pct(baseline.f1)}`);
  return {
    records: opts.records, seed: opts.seed, seconds: { ...seconds, total }, rssMaxMiB: Math.round(rssMax / 2 ** 20),
    thresholds, candidatePairs: candidates, candidatePairsByKey, skippedKeys: stats.skippedKeys, links: result.links, reviewItems: result.review.length,
    engine, baseline,
  };
}
