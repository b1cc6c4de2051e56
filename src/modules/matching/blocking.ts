/**
 * Candidate search: the cheap keys of a person record, so that a record is compared with the few
 * records that share a key, never with the whole list or registry.
 *
 * Each key is a string prefixed with its kind:
 * - `id:`  the valid national ID;
 * - `ide:` the ID with one digit deleted, for every position (valid or not, of any length of 8 or
 *          more): a single wrong digit at position i leaves both IDs equal once digit i is deleted,
 *          and two adjacent digits swapped at i, i+1 leave the true ID without digit i+1 equal to
 *          the swapped one without digit i; so a mistyped ID always shares a key with the true one;
 * - `ph:`  the phone in E.164;
 * - `fy:`  the folded family name, the birth year and the first letter of the given name;
 * - `rg:`  the region, the first three letters of the compact given name and the sex;
 * - `fn:`  family, father and given names (compact), with no year: a wrong birth year still meets;
 * - `gd:`  the compact given name and the full birth date: a mistyped family name still meets.
 * There is never a key on the birth date alone: it joins thousands of strangers.
 *
 * A key value shared by more than `maxBlock` records (a family phone of a large tribe, the region
 * and prefix of the commonest name) is not joined: comparing all its pairs would cost the square of
 * its size and add little. Such keys are skipped and counted in the statistics, never silently.
 */
import type { PreparedRecord } from './person-record.js';

export const KEY_KINDS = ['id', 'ide', 'ph', 'fy', 'rg', 'fn', 'gd'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface BlockingOptions {
  /** Key values shared by more records than this are skipped (default 50). */
  maxBlock?: number;
}

export interface BlockingStats {
  /** Distinct pairs found first through each key kind (id first, then ide, ph, fy, rg, fn). */
  pairsByKind: Record<KeyKind, number>;
  /** Key values skipped because more than maxBlock records shared them, per kind. */
  skippedKeys: Record<KeyKind, number>;
  /** Records in the skipped keys, per kind (a record counted once per skipped key). */
  skippedRecords: Record<KeyKind, number>;
  maxBlock: number;
}

/** The keys of one kind of a prepared record (without the kind's prefix). */
export function keysOfKind(r: PreparedRecord, kind: KeyKind): string[] {
  switch (kind) {
    case 'id':
      return r.validId ? [r.validId] : [];
    case 'ide': {
      const digits = r.validId ?? r.idDigits;
      if (!digits || digits.length < 8) return [];
      const out = new Set<string>();
      for (let i = 0; i < digits.length; i++) out.add(digits.slice(0, i) + digits.slice(i + 1));
      return [...out];
    }
    case 'ph':
      return r.phone ? [r.phone] : [];
    case 'fy':
      return r.family && r.birth ? [`${r.family.compact}:${r.birth.y}:${r.given?.compact[0] ?? ''}`] : [];
    case 'rg':
      return r.region && r.given && r.sex ? [`${r.region}:${r.given.compact.slice(0, 3)}:${r.sex}`] : [];
    case 'fn':
      return r.family && r.father && r.given ? [`${r.family.compact}:${r.father.compact}:${r.given.compact}`] : [];
    case 'gd':
      return r.given && r.birth ? [`${r.given.compact}:${r.birth.y}-${r.birth.m}-${r.birth.d}`] : [];
  }
}

/** All the blocking keys of a prepared record, each prefixed with its kind (`ph:+96550000000`). */
export function blockingKeys(r: PreparedRecord): string[] {
  return KEY_KINDS.flatMap((kind) => keysOfKind(r, kind).map((k) => `${kind}:${k}`));
}

const zero = (): Record<KeyKind, number> => ({ id: 0, ide: 0, ph: 0, fy: 0, rg: 0, fn: 0, gd: 0 });

/**
 * The candidate pairs of a list of records, as indexes [i, j] with i < j, each pair once, and
 * what each key kind contributed. The cost is the sum of the squares of the blocks, bounded by
 * maxBlock², never the square of the list.
 */
export function candidatePairs(records: readonly PreparedRecord[], opts: BlockingOptions = {}): { pairs: Uint32Array; stats: BlockingStats } {
  const maxBlock = opts.maxBlock ?? 50;
  const stats: BlockingStats = { pairsByKind: zero(), skippedKeys: zero(), skippedRecords: zero(), maxBlock };
  // One kind at a time, so only one kind's index is held in memory.
  const byKind = new Map<KeyKind, number[][]>();
  for (const kind of KEY_KINDS) {
    const blocks = new Map<string, number[]>();
    for (let i = 0; i < records.length; i++) {
      for (const key of keysOfKind(records[i]!, kind)) {
        const list = blocks.get(key);
        if (list) list.push(i);
        else blocks.set(key, [i]);
      }
    }
    const kept: number[][] = [];
    for (const list of blocks.values()) {
      if (list.length < 2) continue;
      if (list.length > maxBlock) {
        stats.skippedKeys[kind]++;
        stats.skippedRecords[kind] += list.length;
        continue;
      }
      kept.push(list);
    }
    byKind.set(kind, kept);
  }
  // Every pair of every block, coded as (lo·n + hi)·8 + kind, sorted once: duplicates become
  // neighbours and the strongest kind of a pair comes first. A sort, not a hash set of millions.
  const n = records.length;
  let total = 0;
  for (const kind of KEY_KINDS) for (const list of byKind.get(kind)!) total += (list.length * (list.length - 1)) / 2;
  const codes = new Float64Array(total);
  let c = 0;
  KEY_KINDS.forEach((kind, k) => {
    for (const list of byKind.get(kind)!) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const i = list[a]!;
          const j = list[b]!;
          codes[c++] = ((i < j ? i * n + j : j * n + i) * 8) + k;
        }
      }
    }
  });
  codes.sort();
  const out = new Uint32Array(total * 2);
  let count = 0;
  let last = -1;
  for (let x = 0; x < total; x++) {
    const code = Math.floor(codes[x]! / 8);
    if (code === last) continue;
    last = code;
    const k = codes[x]! - code * 8;
    const lo = Math.floor(code / n);
    out[count * 2] = lo;
    out[count * 2 + 1] = code - lo * n;
    count++;
    stats.pairsByKind[KEY_KINDS[k]!]++;
  }
  return { pairs: out.subarray(0, count * 2), stats };
}
