import { readBoxes } from './bmff-boxes.js';
import { cr3MetadataBox } from './cr3-boxes.js';
import { findJpegStreams, scanJpeg, type JpegStream } from './jpeg-stream.js';
import { validOrientation } from './orientation.js';
import { PREVIEW_LONG_SIDE } from './thumbnail-sizes.js';
import { readTiff, Tag, tagNumber, tagNumbers, type TiffFile, type TiffIfd } from './tiff-ifds.js';

/**
 * Camera RAW support goes through the JPEG preview every camera embeds: demosaicing sensor data is a project of
 * its own, and the camera's preview already carries its picture style. Xuntu only ever needs 1280 px.
 */
export interface RawPreview {
  jpeg: Buffer;
  width: number;
  height: number;
  /** The container's EXIF orientation, for previews that carry none of their own. */
  orientation: number | null;
}

export type RawContainer = 'tiff' | 'orf' | 'raf' | 'cr3';

const CFA = 32803;
const LINEAR_RAW = 34892;
/** Canon's CR3 box holding the ~1620×1080 PRVW preview. */
const CR3_PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';

/**
 * Whether a TIFF-structured file is a camera RAW rather than an ordinary TIFF. Decided from structure, not the
 * extension: CR2 marks itself at byte 8, DNG has DNGVersion, and NEF/ARW/DNG keep their sensor data in a directory
 * whose photometric interpretation is CFA or LinearRaw. Such a file's IFD0 may well be decodable (NEF's is a
 * 160×120 thumbnail), which is why sharp must not be given it.
 */
export function isTiffRaw(tiff: TiffFile): boolean {
  if (tiff.bytes.toString('latin1', 8, 10) === 'CR') return true;
  if (tiff.ifds[0]?.has(Tag.DngVersion)) return true;
  return tiff.ifds.some((ifd) => isSensorData(tiff, ifd));
}

/** The largest decodable JPEG preview in a RAW file, or null when it has none. */
export function extractRawPreview(bytes: Buffer, container: RawContainer): RawPreview | null {
  const { streams, orientation } =
    container === 'raf' ? rafPreviews(bytes) : container === 'cr3' ? cr3Previews(bytes) : tiffPreviews(bytes);
  let best = largest(streams);
  // The documented places hold only a thumbnail (ORF keeps its real preview inside the Olympus maker note; a CR3
  // without PRVW still has THMB and a full-size JPEG in mdat): look for JPEG streams anywhere in the file.
  if (!best || Math.max(best.width, best.height) < PREVIEW_LONG_SIDE) {
    best = largest([...(best ? [best] : []), ...findJpegStreams(bytes, 0, bytes.length)]);
  }
  if (!best) return null;
  return {
    jpeg: bytes.subarray(best.offset, best.offset + best.length),
    width: best.width,
    height: best.height,
    orientation,
  };
}

interface Found {
  streams: JpegStream[];
  orientation: number | null;
}

/** CR2, NEF, ARW, DNG, ORF: JPEGs referenced from IFD0, its SubIFDs and the rest of the IFD chain. */
function tiffPreviews(bytes: Buffer): Found {
  const tiff = readTiff(bytes);
  if (!tiff) return { streams: [], orientation: null };
  const streams: JpegStream[] = [];
  for (const ifd of tiff.ifds) {
    if (isSensorData(tiff, ifd)) continue;
    const offsets: number[] = [];
    const jpegOffset = tagNumber(tiff, ifd, Tag.JpegOffset);
    if (jpegOffset !== undefined && (tagNumber(tiff, ifd, Tag.JpegLength) ?? 0) > 0) offsets.push(jpegOffset);
    const compression = tagNumber(tiff, ifd, Tag.Compression);
    if (compression === 6 || compression === 7) {
      // Only a single strip or tile is a whole JPEG; several are separate streams sharing tables.
      const strips = tagNumbers(tiff, ifd, Tag.StripOffsets);
      const tiles = tagNumbers(tiff, ifd, Tag.TileOffsets);
      if (strips.length === 1) offsets.push(strips[0]!);
      else if (tiles.length === 1) offsets.push(tiles[0]!);
    }
    for (const offset of offsets) {
      const scan = scanJpeg(bytes, offset);
      if (scan.kind === 'complete') streams.push(scan.stream);
    }
  }
  const ifd0 = tiff.ifds[0]!;
  return { streams, orientation: validOrientation(tagNumber(tiff, ifd0, Tag.Orientation)) };
}

/** RAF: a fixed big-endian header whose bytes 84 and 88 give the embedded JPEG's offset and length. */
export function rafEmbeddedJpeg(bytes: Buffer): JpegStream | null {
  if (bytes.length < 92) return null;
  const offset = bytes.readUInt32BE(84);
  const length = bytes.readUInt32BE(88);
  const scan = scanJpeg(bytes, offset, Math.min(bytes.length, offset + length));
  return scan.kind === 'complete' ? scan.stream : null;
}

function rafPreviews(bytes: Buffer): Found {
  const jpeg = rafEmbeddedJpeg(bytes);
  // Fujifilm's preview carries its own EXIF orientation.
  return { streams: jpeg ? [jpeg] : [], orientation: null };
}

/** CR3 (ISO-BMFF): the PRVW box, and the orientation from CMT1, a TIFF IFD0 inside moov. */
function cr3Previews(bytes: Buffer): Found {
  const streams: JpegStream[] = [];
  for (const box of readBoxes(bytes, 0, bytes.length)) {
    if (box.type !== 'uuid' || box.uuid !== CR3_PREVIEW_UUID) continue;
    // The uuid payload opens with 8 bytes of Canon's own before the PRVW box; find PRVW rather than trust them.
    const prvw = bytes.indexOf('PRVW', box.dataStart, 'latin1');
    if (prvw >= 4 && prvw < box.dataEnd) streams.push(...findJpegStreams(bytes, prvw, box.dataEnd));
  }
  const cmt1 = cr3MetadataBox(bytes, 'CMT1');
  const tiff = cmt1 && readTiff(bytes.subarray(0, cmt1.dataEnd), cmt1.dataStart);
  return { streams, orientation: tiff ? validOrientation(tagNumber(tiff, tiff.ifds[0]!, Tag.Orientation)) : null };
}

function isSensorData(tiff: TiffFile, ifd: TiffIfd): boolean {
  const photometric = tagNumber(tiff, ifd, Tag.Photometric);
  return photometric === CFA || photometric === LINEAR_RAW;
}

function largest(streams: JpegStream[]): JpegStream | undefined {
  let best: JpegStream | undefined;
  for (const s of streams) if (!best || s.width * s.height > best.width * best.height) best = s;
  return best;
}
