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
 * - `fy:`  the folded family name and the birth year;
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
  /** Key values shared by more records than this are skipped (default 100). */
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

/** The blocking keys of a prepared record, each once. */
export function blockingKeys(r: PreparedRecord): string[] {
  const keys = new Set<string>();
  if (r.validId) keys.add(`id:${r.validId}`);
  const digits = r.validId ?? r.idDigits;
  if (digits && digits.length >= 8) {
    for (let i = 0; i < digits.length; i++) keys.add(`ide:${digits.slice(0, i)}${digits.slice(i + 1)}`);
  }
  if (r.phone) keys.add(`ph:${r.phone}`);
  if (r.family && r.birth) keys.add(`fy:${r.family.compact}:${r.birth.y}`);
  if (r.region && r.given && r.sex) keys.add(`rg:${r.region}:${r.given.compact.slice(0, 3)}:${r.sex}`);
  if (r.family && r.father && r.given) keys.add(`fn:${r.family.compact}:${r.father.compact}:${r.given.compact}`);
  if (r.given && r.birth) keys.add(`gd:${r.given.compact}:${r.birth.y}-${r.birth.m}-${r.birth.d}`);
  return [...keys];
}

const kindOf = (key: string) => key.slice(0, key.indexOf(':')) as KeyKind;
const zero = (): Record<KeyKind, number> => ({ id: 0, ide: 0, ph: 0, fy: 0, rg: 0, fn: 0, gd: 0 });

/**
 * The candidate pairs of a list of records, as indexes [i, j] with i < j, each pair once, and
 * what each key kind contributed. The cost is the sum of the squares of the blocks, bounded by
 * maxBlock², never the square of the list.
 */
export function candidatePairs(records: readonly PreparedRecord[], opts: BlockingOptions = {}): { pairs: Uint32Array; stats: BlockingStats } {
  const maxBlock = opts.maxBlock ?? 100;
  const blocks = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    for (const key of blockingKeys(records[i]!)) {
      const list = blocks.get(key);
      if (list) list.push(i);
      else blocks.set(key, [i]);
    }
  }
  const stats: BlockingStats = { pairsByKind: zero(), skippedKeys: zero(), skippedRecords: zero(), maxBlock };
  // Kinds in order of strength, so each pair is credited to the strongest key that found it.
  const byKind = new Map<KeyKind, number[][]>(KEY_KINDS.map((k) => [k, []]));
  for (const [key, list] of blocks) {
    if (list.length < 2) continue;
    const kind = kindOf(key);
    if (list.length > maxBlock) {
      stats.skippedKeys[kind]++;
      stats.skippedRecords[kind] += list.length;
      continue;
    }
    byKind.get(kind)!.push(list);
  }
  const n = records.length;
  const seen = new Set<number>();
  let out = new Uint32Array(1024);
  let count = 0;
  for (const kind of KEY_KINDS) {
    for (const list of byKind.get(kind)!) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const i = list[a]!;
          const j = list[b]!;
          if (i === j) continue;
          const lo = i < j ? i : j;
          const hi = i < j ? j : i;
          const code = lo * n + hi;
          if (seen.has(code)) continue;
          seen.add(code);
          if (count * 2 + 2 > out.length) {
            const bigger = new Uint32Array(out.length * 2);
            bigger.set(out);
            out = bigger;
          }
          out[count * 2] = lo;
          out[count * 2 + 1] = hi;
          count++;
          stats.pairsByKind[kind]++;
        }
      }
    }
  }
  return { pairs: out.subarray(0, count * 2), stats };
}
