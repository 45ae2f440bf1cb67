/** A complete JPEG found inside a buffer (a RAW's preview, or a whole .jpg). */
export interface JpegStream {
  offset: number;
  length: number;
  width: number;
  height: number;
}

export type JpegScan = { kind: 'complete'; stream: JpegStream } | { kind: 'truncated' } | { kind: 'invalid' };

/** Frame types libjpeg decodes: baseline, extended and progressive DCT, Huffman or arithmetic coded. */
const DCT_FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc9, 0xca]);
/** Lossless and hierarchical frames: the raw sensor data of CR2/DNG, never a viewable preview. */
const OTHER_FRAMES = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Walks the marker segments of a JPEG starting at `start` up to its EOI, without decoding it. Tells a whole JPEG
 * (with its size and frame dimensions) from one cut short, and both from bytes that are not a decodable JPEG.
 */
export function scanJpeg(bytes: Buffer, start: number, end = bytes.length): JpegScan {
  if (start + 4 > end || bytes[start] !== 0xff || bytes[start + 1] !== 0xd8) return { kind: 'invalid' };
  let at = start + 2;
  let width = 0;
  let height = 0;
  for (;;) {
    if (at + 2 > end) return { kind: 'truncated' };
    if (bytes[at] !== 0xff) return { kind: 'invalid' };
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) {
      return width > 0 ? { kind: 'complete', stream: { offset: start, length: at + 2 - start, width, height } } : { kind: 'invalid' };
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8) return { kind: 'invalid' };
    if (at + 4 > end) return { kind: 'truncated' };
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) return { kind: 'invalid' };
    if (at + 2 + length > end) return { kind: 'truncated' };
    if (OTHER_FRAMES.has(marker)) return { kind: 'invalid' };
    if (DCT_FRAMES.has(marker)) {
      if (length < 8) return { kind: 'invalid' };
      height = bytes.readUInt16BE(at + 5);
      width = bytes.readUInt16BE(at + 7);
      if (width === 0 || height === 0) return { kind: 'invalid' };
    }
    at += 2 + length;
    if (marker === 0xda) {
      if (width === 0) return { kind: 'invalid' };
      const next = nextMarker(bytes, at, end);
      if (next < 0) return { kind: 'truncated' };
      at = next;
    }
  }
}

/**
 * Skips entropy-coded data. Inside it, 0xFF is always followed by 0x00 (a stuffed byte) or a restart marker, so the
 * first other 0xFF pair is the next real marker (EOI, or the next scan of a progressive JPEG).
 */
function nextMarker(bytes: Buffer, from: number, end: number): number {
  let at = from;
  for (;;) {
    const ff = bytes.indexOf(0xff, at);
    if (ff < 0 || ff + 1 >= end) return -1;
    const next = bytes[ff + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at = ff + 2;
    else if (next === 0xff) at = ff + 1;
    else return ff;
  }
}

/**
 * Every complete, decodable JPEG in [start, end), found by scanning for SOI markers and checking the structure that
 * follows; a JPEG nested in another (a preview's own EXIF thumbnail) is skipped with its parent. Used for RAW
 * layouts too varied to parse one by one (Olympus keeps its large preview inside the maker note).
 */
export function findJpegStreams(bytes: Buffer, start: number, end: number): JpegStream[] {
  const found: JpegStream[] = [];
  const soi = Buffer.from([0xff, 0xd8, 0xff]);
  let at = start;
  for (;;) {
    const hit = bytes.indexOf(soi, at);
    if (hit < 0 || hit >= end) return found;
    const scan = scanJpeg(bytes, hit, end);
    if (scan.kind === 'complete') {
      found.push(scan.stream);
      at = hit + scan.stream.length;
    } else {
      at = hit + 1;
    }
  }
}
