/** One ISO-BMFF box (HEIF, AVIF, CR3). Offsets are absolute in the file's buffer. */
export interface Box {
  type: string;
  /** The 16-byte extended type of a 'uuid' box, as lower-case hex without dashes. */
  uuid: string | null;
  start: number;
  dataStart: number;
  /** Clipped to the range being read. */
  dataEnd: number;
  /** False when the box claims to run past the end of the range: the file is cut short. */
  complete: boolean;
}

/**
 * The boxes laid end to end in [start, end). Stops quietly at the first malformed header, so a damaged file yields
 * what could be read and callers decide whether that is enough.
 */
export function* readBoxes(bytes: Buffer, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let dataStart = at + 8;
    if (size === 1) {
      if (at + 16 > end) return;
      const large = bytes.readBigUInt64BE(at + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) return;
      size = Number(large);
      dataStart += 8;
    } else if (size === 0) {
      size = end - at; // "extends to the end of the file"
    }
    let uuid: string | null = null;
    if (type === 'uuid') {
      if (dataStart + 16 > end) return;
      uuid = bytes.toString('hex', dataStart, dataStart + 16);
      dataStart += 16;
    }
    if (size < dataStart - at) return;
    const boxEnd = at + size;
    yield { type, uuid, start: at, dataStart, dataEnd: Math.min(boxEnd, end), complete: boxEnd <= end };
    if (boxEnd >= end) return;
    at = boxEnd;
  }
}

/** The first child box of the given type (and uuid), looking only one level deep. */
export function findBox(bytes: Buffer, start: number, end: number, type: string, uuid?: string): Box | undefined {
  for (const box of readBoxes(bytes, start, end)) {
    if (box.type === type && (uuid === undefined || box.uuid === uuid)) return box;
  }
  return undefined;
}

/** Whether any top-level box runs past the end of the file: a HEIF/AVIF/CR3 that was cut short. */
export function bmffIsTruncated(bytes: Buffer): boolean {
  for (const box of readBoxes(bytes, 0, bytes.length)) if (!box.complete) return true;
  return false;
}
