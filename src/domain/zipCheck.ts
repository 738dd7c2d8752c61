/**
 * An .xlsx is a zip archive. Before any of it is inflated, its central directory says how large each entry
 * claims to be once expanded: a "zip bomb" (a few MB that expand to gigabytes) is refused on those numbers.
 * The row limit of the reader (services/importFiles.ts) stops the read of an archive whose numbers lie.
 */

export const ZIP_LIMITS = {
  /** Everything inside, expanded: a 100,000-row sheet is about 30–60 MB of XML. */
  totalUncompressed: 600 * 1024 * 1024,
  /** Entries that expand more than this many times over are refused once they are larger than `ratioFloor`. */
  ratio: 200,
  ratioFloor: 10 * 1024 * 1024,
  entries: 2000,
} as const;

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;

export interface ZipDirectory { offset: number; size: number; entries: number }
export interface ZipEntry { name: string; compressed: number; uncompressed: number }

/** Finds the end-of-central-directory record in the last bytes of a file (at most 64 KB + 22). */
export function findCentralDirectory(tail: Buffer): ZipDirectory | null {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      return { entries: tail.readUInt16LE(i + 10), size: tail.readUInt32LE(i + 12), offset: tail.readUInt32LE(i + 16) };
    }
  }
  return null;
}

/** The entries the central directory lists; null when it is not one. */
export function centralDirectoryEntries(cd: Buffer): ZipEntry[] | null {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length) {
    if (cd.readUInt32LE(p) !== CD_SIG) return null;
    const compressed = cd.readUInt32LE(p + 20);
    const uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    entries.push({ name: cd.toString('utf8', p + 46, p + 46 + nameLen), compressed, uncompressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export type ZipVerdict = { ok: true } | { ok: false; reason: 'bomb' | 'notZip' };

/** Whether the archive's own numbers are within the limits (ZIP64 markers, 0xFFFFFFFF, count as too large). */
export function judgeZip(entries: ZipEntry[] | null): ZipVerdict {
  if (!entries || entries.length === 0) return { ok: false, reason: 'notZip' };
  if (entries.length > ZIP_LIMITS.entries) return { ok: false, reason: 'bomb' };
  let total = 0;
  for (const e of entries) {
    if (e.uncompressed === 0xffffffff || e.compressed === 0xffffffff) return { ok: false, reason: 'bomb' };
    total += e.uncompressed;
    if (e.uncompressed > ZIP_LIMITS.ratioFloor && e.uncompressed > ZIP_LIMITS.ratio * Math.max(1, e.compressed)) return { ok: false, reason: 'bomb' };
  }
  return total > ZIP_LIMITS.totalUncompressed ? { ok: false, reason: 'bomb' } : { ok: true };
}
