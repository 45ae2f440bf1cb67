import path from 'node:path';
import { validOrientation } from '../media/orientation.js';
import { captureTime, type TakenSource } from './capture-time.js';
import { readExifBlocks } from './exif-blocks.js';
import { gpsPosition, type GpsPosition } from './gps-position.js';

export type { TakenSource } from './capture-time.js';

export interface PhotoMetadata {
  /** 'YYYY-MM-DDTHH:MM:SS' (+ '.sss' when subseconds exist), wall-clock as the camera saw it. */
  takenLocal: string | null;
  /** UTC offset in minutes when known (OffsetTimeOriginal and its kin, or the camera clock against GPS time). */
  takenOffsetMin: number | null;
  /** The instant, when the offset is known (or the source was an instant: GPS time, an epoch name, the mtime). */
  takenUtcMs: number | null;
  takenSource: TakenSource;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  gps: GpsPosition | null;
  /**
   * The EXIF Orientation tag, 1..8, or null. As recorded: in a HEIC it restates transforms libheif already
   * applies, so use ProcessedPhoto.orientation to know what was done to the pixels.
   */
  orientation: number | null;
}

const TAG = { Make: 0x010f, Model: 0x0110, Orientation: 0x0112, LensModel: 0xa434 } as const;

/**
 * What a photo's metadata says about it. Never throws: a photo with damaged or no EXIF gets its capture time from
 * its file name or modification time and nulls elsewhere.
 */
export async function readMetadata(bytes: Buffer, file: { path: string; mtimeMs: number }): Promise<PhotoMetadata> {
  const blocks = await readExifBlocks(bytes);
  return {
    ...captureTime(blocks, path.basename(file.path), file.mtimeMs),
    cameraMake: text(blocks.ifd0[TAG.Make]),
    cameraModel: text(blocks.ifd0[TAG.Model]),
    lens: text(blocks.exif[TAG.LensModel]) ?? text(blocks.xmp['aux:Lens']) ?? text(blocks.xmp['exifEX:LensModel']),
    gps: gpsPosition(blocks.gps),
    orientation: validOrientation(blocks.ifd0[TAG.Orientation]),
  };
}

/**
 * A camera string as shown to people: cut at the first NUL (fixed-width fields pad with NULs, sometimes followed
 * by leftovers) and trimmed. Kept as the camera wrote it otherwise: "Canon" / "Canon EOS R5" stays so.
 */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\0[\s\S]*$/, '').trim();
  return cleaned === '' ? null : cleaned;
}
