/**
 * The timed half of `mizan bench --only match-registry` (./match-registry.ts), in a process of its
 * own so that its peak RSS (process.resourceUsage().maxRSS) is the search's: the stored records
 * read, then prepared and searched for a batch at a time with findCandidatesOfMany at the review
 * threshold for the registry's size (thresholdsFor); each record's decision is its best candidate
 * (a link at or above the link threshold; at or above the review threshold, for the ministry to
 * review); `concurrency` batches at once. Scored against the truth: pairwise precision, recall and F1 of the record → person
 * decisions, beside the exact-valid-ID baseline (the registry's person of the record's valid ID).
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.js';
import { KEY_KINDS, type KeyKind } from '../modules/matching/blocking.js';
import { emptySearchStats, findCandidatesOfMany, MAX_BLOCK } from '../modules/matching/find-candidates.js';
import { matchingRepository } from '../modules/matching/matching.repository.js';
import { DEFAULT_PARAMETERS, thresholdsFor } from '../modules/matching/model.js';
import { prepareRecord, type PersonRecord } from '../modules/matching/person-record.js';

export interface Scores { links: number; truePositives: number; falsePositives: number; falseNegatives: number; precision: number; recall: number; f1: number }

export interface SearchResult {
  records: number;
  registryPersons: number;
  recordsWithPersonInRegistry: number;
  batch: number;
  concurrency: number;
  maxBlock: number;
  thresholds: { link: number; review: number };
  seconds: { prepare: number; search: number; total: number };
  recordsPerSecond: number;
  rssMaxMiB: number;
  rssSampledMaxMiB: number;
  comparedPerRecord: { mean: number; p50: number; p90: number; p99: number; max: number };
  candidatesAtReviewPerRecord: number;
  holdersByKind: Record<KeyKind, number>;
  skippedKeysByKind: Record<KeyKind, number>;
  recordsWithSkippedKey: number;
  atLink: Scores;
  atReview: Scores;
  baseline: Scores;
  /** Load averages as the search started and ended (the section's own include setup). */
  searchLoadAverage: { before: number[]; after: number[] };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function scores(decision: readonly (string | null)[], truth: readonly (string | null)[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let links = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = decision[i];
    const t = truth[i];
    if (d) links++;
    if (d && d === t) tp++;
    else {
      if (d) fp++;
      if (t) fn++;
    }
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { links, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: r4(precision), recall: r4(recall), f1: r4(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function runSearch(o: { url: string; records: number; batch: number; concurrency: number; log: (l: string) => void }): Promise<SearchResult> {
  const database = await openDatabase({ url: o.url, poolSize: o.concurrency + 1 });
  try {
    const db = database.db;
    const rows = (await sql<{ record: PersonRecord; person: string | null }>`select record, person from bench_tools.match_queries order by n limit ${o.records}`.execute(db)).rows;
    const truth = rows.map((r) => r.person);
    const registryPersons = await matchingRepository.indexedCount(db);
    const thresholds = thresholdsFor(DEFAULT_PARAMETERS, registryPersons);
    const stats = emptySearchStats();
    const decisionLink: (string | null)[] = [];
    const decisionReview: (string | null)[] = [];
    let atReview = 0;
    let withSkipped = 0;
    let rssMax = process.memoryUsage().rss;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
    const before = loadavg().map(r2);
    const t0 = performance.now();
    let prepareMs = 0;
    try {
      // `concurrency` batches in flight at once, each on a connection of its own: while PostgreSQL
      // reads one batch's holders and persons, this process scores another's.
      let next = 0;
      let done = 0;
      const worker = async () => {
        for (let i = next; i < rows.length; i = next) {
          next += o.batch;
          const tp = performance.now();
          const batch = rows.slice(i, i + o.batch).map((r) => prepareRecord(r.record));
          prepareMs += performance.now() - tp;
          const found = await findCandidatesOfMany(db, batch, { threshold: thresholds.review, stats });
          for (const [j, f] of found.entries()) {
            const best = f.candidates[0];
            decisionReview[i + j] = best ? best.personId : null;
            decisionLink[i + j] = best && best.score >= thresholds.link ? best.personId : null;
            atReview += f.candidates.length;
            if (f.skippedKeys > 0) withSkipped++;
          }
          done += batch.length;
          if ((done / o.batch) % 20 === 0) o.log(`match-registry: ${done.toLocaleString('en')} records searched (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        }
      };
      await Promise.all(Array.from({ length: o.concurrency }, worker));
    } finally {
      clearInterval(sampler);
    }
    const total = (performance.now() - t0) / 1000;
    const after = loadavg().map(r2);
    const rssPeak = process.resourceUsage().maxRSS * 1024;
    // The baseline: the registry person of the record's valid national ID, nothing else.
    const prepared = rows.map((r) => prepareRecord(r.record));
    const withId = prepared.filter((p) => p.validId && p.scheme);
    const byId = new Map(
      (await sql<{ id: string; id_scheme: string; national_id: string }>`
        select p.id, p.id_scheme, p.national_id from persons p
          join unnest(${withId.map((p) => p.scheme!)}::text[], ${withId.map((p) => p.validId!)}::text[]) as w (scheme, nid)
            on p.id_scheme = w.scheme and p.national_id = w.nid`.execute(db)).rows.map((r) => [`${r.id_scheme} ${r.national_id}`, r.id]),
    );
    const baselineDecision = prepared.map((p) => (p.validId && p.scheme ? byId.get(`${p.scheme} ${p.validId}`) ?? null : null));
    const compared = [...stats.comparedPerRecord].sort((a, b) => a - b);
    return {
      records: rows.length,
      registryPersons,
      recordsWithPersonInRegistry: truth.filter(Boolean).length,
      batch: o.batch,
      concurrency: o.concurrency,
      maxBlock: MAX_BLOCK,
      thresholds: { link: r2(thresholds.link), review: r2(thresholds.review) },
      seconds: { prepare: r2(prepareMs / 1000), search: r2(total - prepareMs / 1000), total: r2(total) },
      recordsPerSecond: Math.round(rows.length / total),
      rssMaxMiB: Math.round(rssPeak / 2 ** 20),
      rssSampledMaxMiB: Math.round(rssMax / 2 ** 20),
      comparedPerRecord: { mean: r2(compared.reduce((a, b) => a + b, 0) / Math.max(1, compared.length)), p50: quantile(compared, 0.5), p90: quantile(compared, 0.9), p99: quantile(compared, 0.99), max: compared.at(-1) ?? 0 },
      candidatesAtReviewPerRecord: r2(atReview / Math.max(1, rows.length)),
      holdersByKind: Object.fromEntries(KEY_KINDS.map((k) => [k, stats.holdersByKind[k]])) as Record<KeyKind, number>,
      skippedKeysByKind: Object.fromEntries(KEY_KINDS.map((k) => [k, stats.skippedByKind[k]])) as Record<KeyKind, number>,
      recordsWithSkippedKey: withSkipped,
      atLink: scores(decisionLink, truth),
      atReview: scores(decisionReview, truth),
      baseline: scores(baselineDecision, truth),
      searchLoadAverage: { before, after },
    };
  } finally {
    await database.close();
  }
}

// Run as the child of match-registry.ts: the options in the environment, the answer by IPC.
if (process.env.MIZAN_MATCH_SEARCH && process.send) {
  const o = JSON.parse(process.env.MIZAN_MATCH_SEARCH) as { url: string; records: number; batch: number; concurrency: number };
  const send = (m: unknown) => new Promise<void>((res) => process.send!(m, () => res()));
  runSearch({ ...o, log: (l) => void send({ log: l }) })
    .then((result) => send({ result }))
    .catch((e: Error) => send({ error: e.stack ?? String(e) }))
    .finally(() => process.disconnect());
}
