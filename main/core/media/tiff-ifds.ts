/**
 * A minimal TIFF directory reader: just enough structure to find a camera RAW's embedded JPEG previews and its
 * orientation. exifr parses tag values well but does not expose SubIFDs or strip layouts, and no maintained npm
 * package walks RAW previews, so this small walker is ours. Every read is bounds-checked by Buffer itself; a
 * directory that reads out of range is dropped, never thrown out of here.
 */

export const Tag = {
  Compression: 0x0103,
  Photometric: 0x0106,
  StripOffsets: 0x0111,
  Orientation: 0x0112,
  TileOffsets: 0x0144,
  SubIfds: 0x014a,
  JpegOffset: 0x0201,
  JpegLength: 0x0202,
  DngVersion: 0xc612,
} as const;

export interface TiffEntry {
  type: number;
  count: number;
  /** Absolute offset of the value bytes (inline values point into the entry itself). */
  valueAt: number;
}

export type TiffIfd = ReadonlyMap<number, TiffEntry>;

export interface TiffFile {
  bytes: Buffer;
  littleEndian: boolean;
  /** IFD0 first, then the rest of the IFD chain and every SubIFD, in the order they were found. */
  ifds: TiffIfd[];
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
/** Far above any real file; bounds the work a hostile file can cause. */
const MAX_IFDS = 64;
const MAX_ENTRIES = 1000;

/**
 * Reads a classic TIFF header at `base` (offsets in the file are relative to it) and every directory reachable
 * from IFD0 through next-IFD links and SubIFDs. Accepts the RAW variants of the magic number: 42 (TIFF, CR2, NEF,
 * ARW, DNG) and Olympus' 'RO'/'SR'. Returns null when there is no readable IFD0.
 */
export function readTiff(bytes: Buffer, base = 0): TiffFile | null {
  if (base + 8 > bytes.length) return null;
  const order = bytes.toString('latin1', base, base + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const littleEndian = order === 'II';
  const u16 = (at: number) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const magic = u16(base + 2);
  if (magic !== 42 && magic !== 0x4f52 && magic !== 0x5352) return null;

  const ifds: TiffIfd[] = [];
  const file: TiffFile = { bytes, littleEndian, ifds };
  const seen = new Set<number>();
  const pending = [u32(base + 4)];
  while (pending.length > 0 && ifds.length < MAX_IFDS) {
    const offset = pending.shift()!;
    if (offset === 0 || seen.has(offset)) continue;
    seen.add(offset);
    const at = base + offset;
    try {
      const count = u16(at);
      if (count === 0 || count > MAX_ENTRIES) continue;
      const entries = new Map<number, TiffEntry>();
      for (let i = 0; i < count; i++) {
        const e = at + 2 + i * 12;
        const type = u16(e + 2);
        const n = u32(e + 4);
        const size = (TYPE_SIZE[type] ?? 0) * n;
        if (size === 0) continue;
        const valueAt = size <= 4 ? e + 8 : base + u32(e + 8);
        if (valueAt + size > bytes.length) continue;
        entries.set(u16(e), { type, count: n, valueAt });
      }
      ifds.push(entries);
      pending.push(...tagNumbers(file, entries, Tag.SubIfds));
      pending.push(u32(at + 2 + count * 12));
    } catch {
      // A directory that points outside the file: keep what was read before it.
    }
  }
  return ifds.length > 0 ? file : null;
}

/** The values of an integer-typed tag (BYTE, SHORT, LONG, IFD), or [] when absent or of another type. */
export function tagNumbers(file: TiffFile, ifd: TiffIfd, tag: number): number[] {
  const entry = ifd.get(tag);
  if (!entry) return [];
  const { bytes, littleEndian } = file;
  const read: ((at: number) => number) | undefined =
    entry.type === 1 ? (at) => bytes.readUInt8(at)
    : entry.type === 3 ? (at) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at))
    : entry.type === 4 || entry.type === 13 ? (at) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at))
    : undefined;
  if (!read) return [];
  const step = TYPE_SIZE[entry.type]!;
  const values: number[] = [];
  for (let i = 0; i < Math.min(entry.count, 4096); i++) values.push(read(entry.valueAt + i * step));
  return values;
}

export function tagNumber(file: TiffFile, ifd: TiffIfd, tag: number): number | undefined {
  return tagNumbers(file, ifd, tag)[0];
}
