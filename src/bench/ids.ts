/**
 * Identifiers for generated data, deterministic from the seed and unique by construction (no
 * "draw and retry on collision" sets of millions of strings).
 *
 * - uuid(table, i): a random-looking UUID (version 4 layout) for row i of a table. The first 32
 *   bits are a bijection of i, so two rows of one table never share an ID; the rest spreads the
 *   keys over the index like gen_random_uuid() does.
 * - NationalIdAllocator: valid national IDs of the deployment's scheme, never the same twice:
 *   the serial part walks a bijective permutation of a counter; the check digit comes from
 *   completeNationalId, and bodies with no valid check digit are skipped.
 */
import { completeNationalId, type IdScheme } from '../shared/identity/national-id.js';

/** A 32-bit bijective mixer (lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
const hex8 = (n: number) => HEX4[n >>> 16]! + HEX4[n & 0xffff]!;

export const TABLE_TAGS = {
  organisations: 1,
  users: 2,
  households: 3,
  persons: 4,
  household_members: 5,
  aid_requests: 6,
  grants: 7,
} as const;

export class UuidSource {
  private readonly salts: number[];
  constructor(seed: number) {
    this.salts = Array.from({ length: 16 }, (_, tag) => mix32((seed ^ Math.imul(tag + 1, 0x9e3779b9)) >>> 0));
  }
  uuid(tag: number, i: number): string {
    const salt = this.salts[tag]!;
    const a = mix32((i ^ salt) >>> 0);
    const b = mix32((a + salt) >>> 0);
    const c = mix32((b ^ 0x632be5ab) >>> 0);
    const d = mix32((c + i) >>> 0);
    // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with V in 8..b
    return `${hex8(a)}-${HEX4[b >>> 16]}-4${HEX4[b & 0xfff]!.slice(1)}-${HEX4[0x8000 | (c >>> 18)]}-${HEX4[c & 0xffff]}${hex8(d)}`;
  }
}

/** Multipliers coprime with 10, so k → (k·m + salt) mod 10^n is a permutation of 0..10^n−1. */
const PERMUTE = { 4: 7919, 8: 48271, 9: 7777781 } as const;

export class NationalIdAllocator {
  private perDate = new Map<string, number>();
  private counters = new Map<string, number>();
  private starts = new Map<string, number>();
  private readonly salt: number;
  constructor(readonly scheme: IdScheme, seed: number) {
    this.salt = mix32(seed >>> 0);
  }

  private nextSerial(key: string, digits: 4 | 8 | 9): string {
    const mod = 10 ** digits;
    const k = this.counters.get(key) ?? 0;
    if (k >= mod) throw new Error(`National ID serials exhausted for ${key}.`);
    this.counters.set(key, k + 1);
    // Each key (a birth date, a prefix) starts its walk somewhere else.
    let h = this.starts.get(key);
    if (h === undefined) {
      h = this.salt;
      for (let i = 0; i < key.length; i++) h = mix32((h ^ key.charCodeAt(i)) >>> 0);
      this.starts.set(key, h);
    }
    // (k + h)·m < 2·10^9 · 7777781 < 2^53: exact in a double.
    const v = ((((k + h) % mod) * PERMUTE[digits]) % mod + (this.salt % mod)) % mod;
    return String(v).padStart(digits, '0');
  }

  /** A new valid ID; for Kuwait the birth date (YYYY-MM-DD) is embedded and must be a real date. */
  next(birthDate: string): string {
    for (;;) {
      let body: string;
      if (this.scheme === 'KW_CIVIL_ID') {
        const y = birthDate.slice(0, 4);
        const ymd = `${y.slice(2)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}`;
        body = `${y.startsWith('19') ? '2' : '3'}${ymd}${this.nextSerial(birthDate, 4)}`;
      } else if (this.scheme === 'SA_NATIONAL_ID') {
        // nine citizens in ten; the rest are residents (Iqama numbers start with 2)
        const prefix = (this.perDate.get('n') ?? 0) % 10 === 9 ? '2' : '1';
        this.perDate.set('n', (this.perDate.get('n') ?? 0) + 1);
        body = prefix + this.nextSerial(prefix, 8);
      } else {
        body = this.nextSerial('ir', 9);
      }
      const id = completeNationalId(this.scheme, body);
      if (id) return id;
    }
  }
}
