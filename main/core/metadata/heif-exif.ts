import { findBox, readBoxes, type Box } from '../media/bmff-boxes.js';

/**
 * The TIFF-structured EXIF block of a HEIC or AVIF: the item of type 'Exif' in the meta box, located through
 * iinf (item types) and iloc (item extents). exifr reads HEIF too, but ignores iloc's base offset, which libheif
 * and libavif writers use, and then finds nothing.
 */
export function heifExif(bytes: Buffer): Buffer | null {
  try {
    const meta = findBox(bytes, 0, bytes.length, 'meta');
    if (!meta) return null;
    // meta is a FullBox: 4 bytes of version and flags before its children.
    const children = { start: meta.dataStart + 4, end: meta.dataEnd };
    const iinf = findBox(bytes, children.start, children.end, 'iinf');
    const iloc = findBox(bytes, children.start, children.end, 'iloc');
    if (!iinf || !iloc) return null;
    const itemId = exifItemId(bytes, iinf);
    if (itemId === null) return null;
    const idat = findBox(bytes, children.start, children.end, 'idat');
    const item = itemBytes(bytes, iloc, itemId, idat);
    if (!item || item.length < 4) return null;
    // The item opens with the offset from just after this field to the TIFF header (past "Exif\0\0").
    const tiffStart = 4 + item.readUInt32BE(0);
    return tiffStart < item.length ? item.subarray(tiffStart) : null;
  } catch {
    return null; // a box pointing outside the file
  }
}

function exifItemId(bytes: Buffer, iinf: Box): number | null {
  const version = bytes[iinf.dataStart]!;
  const entriesStart = iinf.dataStart + 4 + (version === 0 ? 2 : 4);
  for (const infe of readBoxes(bytes, entriesStart, iinf.dataEnd)) {
    if (infe.type !== 'infe') continue;
    const infeVersion = bytes[infe.dataStart]!;
    if (infeVersion < 2) continue; // versions 0 and 1 predate item types
    const idSize = infeVersion === 2 ? 2 : 4;
    const at = infe.dataStart + 4;
    const id = idSize === 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + idSize + 2, at + idSize + 6) === 'Exif') return id;
  }
  return null;
}

/** The bytes of one item, its extents joined; construction method 0 (file offsets) or 1 (offsets into idat). */
function itemBytes(bytes: Buffer, iloc: Box, wanted: number, idat: Box | undefined): Buffer | null {
  const version = bytes[iloc.dataStart]!;
  let at = iloc.dataStart + 4;
  const offsetSize = bytes[at]! >> 4;
  const lengthSize = bytes[at]! & 0xf;
  const baseOffsetSize = bytes[at + 1]! >> 4;
  const indexSize = version === 1 || version === 2 ? bytes[at + 1]! & 0xf : 0;
  at += 2;
  const uint = (size: number): number => {
    const value = size === 0 ? 0 : size === 4 ? bytes.readUInt32BE(at) : size === 8 ? Number(bytes.readBigUInt64BE(at)) : NaN;
    if (Number.isNaN(value)) throw new Error(`iloc field of ${size} bytes`);
    at += size;
    return value;
  };
  const u16 = () => {
    const value = bytes.readUInt16BE(at);
    at += 2;
    return value;
  };
  const itemCount = version < 2 ? u16() : uint(4);
  for (let i = 0; i < itemCount; i++) {
    const id = version < 2 ? u16() : uint(4);
    const method = version === 1 || version === 2 ? u16() & 0xf : 0;
    u16(); // data_reference_index
    const base = uint(baseOffsetSize);
    const extentCount = u16();
    const extents: Buffer[] = [];
    for (let e = 0; e < extentCount; e++) {
      uint(indexSize);
      const offset = uint(offsetSize);
      const length = uint(lengthSize);
      if (id !== wanted) continue;
      const source = method === 0 ? { start: 0, end: bytes.length } : method === 1 && idat ? { start: idat.dataStart, end: idat.dataEnd } : null;
      if (!source) return null;
      const start = source.start + base + offset;
      // A length of 0 means "to the end of the source".
      const end = length === 0 ? source.end : start + length;
      if (end > source.end || start > end) return null;
      extents.push(bytes.subarray(start, end));
    }
    if (id === wanted) return extents.length === 1 ? extents[0]! : Buffer.concat(extents);
  }
  return null;
}
