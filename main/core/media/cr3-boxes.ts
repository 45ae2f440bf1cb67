import { findBox, type Box } from './bmff-boxes.js';

/** Canon's uuid box inside moov that holds CMT1 (IFD0), CMT2 (Exif IFD), CMT4 (GPS IFD) and THMB. */
const CR3_METADATA_UUID = '85c0b687820f11e08111f4ce462b6a48';

/** One of a CR3's metadata boxes; each CMTn is a complete little-endian TIFF structure of its own. */
export function cr3MetadataBox(bytes: Buffer, type: 'CMT1' | 'CMT2' | 'CMT4'): Box | undefined {
  const moov = findBox(bytes, 0, bytes.length, 'moov');
  const canon = moov && findBox(bytes, moov.dataStart, moov.dataEnd, 'uuid', CR3_METADATA_UUID);
  return canon && findBox(bytes, canon.dataStart, canon.dataEnd, type);
}
