import exifr from 'exifr';
import { cr3MetadataBox } from '../media/cr3-boxes.js';
import { rafEmbeddedJpeg } from '../media/raw-preview.js';
import { sniffContainer } from '../media/sniff-format.js';
import { heifExif } from './heif-exif.js';

/** EXIF tags by numeric id, as exifr gives them untranslated: one vocabulary for every container. */
export type Tags = Readonly<Record<number, unknown>>;

export interface ExifBlocks {
  ifd0: Tags;
  exif: Tags;
  gps: Tags;
  /** XMP properties by 'prefix:Name', e.g. 'photoshop:DateCreated'. */
  xmp: Readonly<Record<string, unknown>>;
}

const NONE: ExifBlocks = { ifd0: {}, exif: {}, gps: {}, xmp: {} };

/**
 * Only the blocks Xuntu reads. Values stay raw: exifr's revived Dates drop the UTC offset and are built in this
 * machine's time zone, so capture-time.ts parses the EXIF strings itself.
 */
const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  mergeOutput: false,
  translateKeys: false,
  translateValues: false,
  reviveValues: false,
};

const TIFF_BLOCKS = new Set(['ifd0', 'ifd1', 'exif', 'gps', 'interop', 'thumbnail']);

/**
 * The EXIF and XMP of a photo in any container Xuntu reads. exifr parses JPEG, PNG and TIFF (which covers CR2,
 * NEF, ARW and DNG) itself; for the rest this finds the TIFF-structured block and hands exifr just that. Never
 * throws: damaged or absent metadata is simply empty.
 */
export async function readExifBlocks(bytes: Buffer): Promise<ExifBlocks> {
  const sniffed = sniffContainer(bytes);
  if (sniffed.kind !== 'image') return NONE;
  switch (sniffed.container) {
    case 'jpeg':
    case 'png':
    case 'tiff':
      return parse(bytes);
    case 'orf':
      return parse(withTiffMagic(bytes));
    case 'webp':
      return parse(webpExif(bytes));
    case 'heic':
    case 'avif':
      return parse(heifExif(bytes));
    case 'raf': {
      // The embedded JPEG carries the camera's full EXIF.
      const jpeg = rafEmbeddedJpeg(bytes);
      return parse(jpeg && bytes.subarray(jpeg.offset, jpeg.offset + jpeg.length));
    }
    case 'cr3':
      return cr3Blocks(bytes);
    case 'gif':
      return NONE;
  }
}

async function parse(data: Buffer | null): Promise<ExifBlocks> {
  if (!data) return NONE;
  let output: Record<string, unknown> | undefined;
  try {
    output = (await exifr.parse(data, EXIFR_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    return NONE;
  }
  if (!output) return NONE;
  const xmp: Record<string, unknown> = {};
  for (const [prefix, properties] of Object.entries(output)) {
    if (TIFF_BLOCKS.has(prefix) || !isRecord(properties)) continue;
    for (const [name, value] of Object.entries(properties)) xmp[`${prefix}:${name}`] = value;
  }
  return { ifd0: block(output.ifd0), exif: block(output.exif), gps: block(output.gps), xmp };
}

/** CR3 keeps IFD0, the Exif IFD and the GPS IFD as three separate TIFF structures, each as its own IFD0. */
async function cr3Blocks(bytes: Buffer): Promise<ExifBlocks> {
  const [ifd0, exif, gps] = await Promise.all(
    (['CMT1', 'CMT2', 'CMT4'] as const).map(async (type) => {
      const box = cr3MetadataBox(bytes, type);
      return (await parse(box ? bytes.subarray(box.dataStart, box.dataEnd) : null)).ifd0;
    }),
  );
  return { ifd0: ifd0!, exif: exif!, gps: gps!, xmp: {} };
}

/** Olympus ORF is TIFF with its own magic number ('RO'), which exifr does not accept. */
function withTiffMagic(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.toString('latin1', 0, 2) === 'II') copy.writeUInt16LE(42, 2);
  else copy.writeUInt16BE(42, 2);
  return copy;
}

/** The payload of a WebP's EXIF chunk: a TIFF structure, sometimes behind a JPEG-style "Exif\0\0". */
function webpExif(bytes: Buffer): Buffer | null {
  let at = 12;
  while (at + 8 <= bytes.length) {
    const size = bytes.readUInt32LE(at + 4);
    if (bytes.toString('latin1', at, at + 4) === 'EXIF') {
      const payload = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
      return payload.toString('latin1', 0, 6) === 'Exif\0\0' ? payload.subarray(6) : payload;
    }
    at += 8 + size + (size % 2); // chunks are padded to an even size
  }
  return null;
}

function block(value: unknown): Tags {
  return isRecord(value) ? (value as Tags) : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
