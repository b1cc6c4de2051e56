/**
 * The zip bomb guard of an .xlsx: before a byte is inflated, the zip's central directory is read
 * from the end of the file and the declared sizes of its entries are checked: too many entries,
 * more inflated bytes in all than the limit, or an entry that inflates more than `maxRatio` times
 * its compressed size (past 1 MB) is refused. A file whose central directory cannot be read is not
 * an .xlsx. While reading, the reader caps what it takes from the sheet (rows and characters),
 * so a directory that lies about sizes still stops at the import's own limits.
 */
import { open } from 'node:fs/promises';

export interface ZipLimits {
  maxInflatedBytes: number;
  maxRatio: number;
  maxEntries: number;
}

export const ZIP_LIMITS: ZipLimits = { maxInflatedBytes: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 10_000 };

export type ZipVerdict = { ok: true; entries: number; inflated: number } | { ok: false; why: 'not-a-zip' | 'too-many-entries' | 'inflates-too-much' | 'ratio' };

const EOCD = 0x06054b50;
const CEN = 0x02014b50;

export async function checkZip(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipVerdict> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    // The end-of-central-directory record is in the last 22 + 65 535 bytes (its comment).
    const tailLen = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { eocd = i; break; }
    if (eocd < 0) return { ok: false, why: 'not-a-zip' };
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, why: 'too-many-entries' }; // zip64: no spreadsheet needs it
    if (count > limits.maxEntries) return { ok: false, why: 'too-many-entries' };
    if (cdOffset + cdSize > size) return { ok: false, why: 'not-a-zip' };
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let p = 0;
    let inflated = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN) return { ok: false, why: 'not-a-zip' };
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      inflated += uncompressed;
      if (inflated > limits.maxInflatedBytes) return { ok: false, why: 'inflates-too-much' };
      if (uncompressed > 1024 * 1024 && uncompressed > limits.maxRatio * Math.max(1, compressed)) return { ok: false, why: 'ratio' };
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return { ok: true, entries: count, inflated };
  } finally {
    await fh.close();
  }
}
