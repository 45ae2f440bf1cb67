/**
 * Writes TIFF structures byte by byte, for tests that need what no encoder will produce: RAW-like files (SubIFDs,
 * embedded JPEG previews, CFA directories) and EXIF blocks holding bogus values (orientation 9, year 0000).
 */

export type TagValue =
  | { byte: number[] }
  | { ascii: string }
  | { short: number[] }
  | { long: number[] }
  | { rational: [number, number][] }
  | { undefined: Buffer }
  /** A LONG holding the offset of this blob, which is written after the directories. */
  | { offsetOf: Buffer }
  /** A LONG pointing at another directory (ExifIFD 0x8769, GPS 0x8825) or, for SubIFDs 0x014A, several. */
  | { ifds: IfdSpec[] };

export interface IfdSpec {
  tags: Record<number, TagValue>;
  /** The next directory in the chain (IFD1 after IFD0). */
  next?: IfdSpec;
}

export interface TiffOptions {
  littleEndian?: boolean;
  /** 42 for TIFF; Olympus ORF uses 0x4f52 ('RO'). */
  magic?: number;
}

export function buildTiff(ifd0: IfdSpec, options: TiffOptions = {}): Buffer {
  const le = options.littleEndian ?? true;
  const out = new Writer(le);
  out.bytes(Buffer.from(le ? 'II' : 'MM', 'latin1'));
  out.u16(options.magic ?? 42);
  const ifd0Pointer = out.reserve(4);
  const blobs: { pointer: number; blob: Buffer }[] = [];
  out.patch32(ifd0Pointer, writeIfd(out, ifd0, blobs));
  for (const { pointer, blob } of blobs) {
    out.align();
    out.patch32(pointer, out.length);
    out.bytes(blob);
  }
  return out.toBuffer();
}

/** An APP1 EXIF segment holding `tiff`, inserted right after a JPEG's SOI marker. */
export function withExifSegment(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

function writeIfd(out: Writer, spec: IfdSpec, blobs: { pointer: number; blob: Buffer }[]): number {
  out.align();
  const start = out.length;
  const tags = Object.entries(spec.tags)
    .map(([tag, value]) => [Number(tag), value] as const)
    .sort((a, b) => a[0] - b[0]);
  out.u16(tags.length);
  const entries = out.reserve(tags.length * 12);
  const nextPointer = out.reserve(4);
  const children: { pointer: number; ifds: IfdSpec[]; inline: boolean }[] = [];
  tags.forEach(([tag, value], i) => {
    const at = entries + i * 12;
    out.patch16(at, tag);
    if ('ifds' in value) {
      out.patch16(at + 2, 4);
      out.patch32(at + 4, value.ifds.length);
      if (value.ifds.length === 1) children.push({ pointer: at + 8, ifds: value.ifds, inline: true });
      else {
        out.align();
        out.patch32(at + 8, out.length);
        children.push({ pointer: out.reserve(4 * value.ifds.length), ifds: value.ifds, inline: false });
      }
      return;
    }
    if ('offsetOf' in value) {
      out.patch16(at + 2, 4);
      out.patch32(at + 4, 1);
      blobs.push({ pointer: at + 8, blob: value.offsetOf });
      return;
    }
    const { type, count, data } = encodeValue(value, out.littleEndian);
    out.patch16(at + 2, type);
    out.patch32(at + 4, count);
    if (data.length <= 4) data.copy(out.buf, at + 8);
    else {
      out.align();
      out.patch32(at + 8, out.length);
      out.bytes(data);
    }
  });
  for (const child of children) {
    child.ifds.forEach((ifd, k) => out.patch32(child.pointer + 4 * k, writeIfd(out, ifd, blobs)));
  }
  if (spec.next) out.patch32(nextPointer, writeIfd(out, spec.next, blobs));
  return start;
}

function encodeValue(value: Exclude<TagValue, { ifds: IfdSpec[] } | { offsetOf: Buffer }>, littleEndian: boolean): { type: number; count: number; data: Buffer } {
  const w = new Writer(littleEndian);
  if ('byte' in value) {
    value.byte.forEach((v) => w.bytes(Buffer.from([v])));
    return { type: 1, count: value.byte.length, data: w.toBuffer() };
  }
  if ('ascii' in value) {
    const data = Buffer.from(`${value.ascii}\0`, 'latin1');
    return { type: 2, count: data.length, data };
  }
  if ('short' in value) {
    value.short.forEach((v) => w.u16(v));
    return { type: 3, count: value.short.length, data: w.toBuffer() };
  }
  if ('long' in value) {
    value.long.forEach((v) => w.u32(v));
    return { type: 4, count: value.long.length, data: w.toBuffer() };
  }
  if ('rational' in value) {
    value.rational.forEach(([n, d]) => (w.u32(n), w.u32(d)));
    return { type: 5, count: value.rational.length, data: w.toBuffer() };
  }
  return { type: 7, count: value.undefined.length, data: value.undefined };
}

class Writer {
  buf = Buffer.alloc(1 << 16);
  length = 0;
  constructor(readonly littleEndian: boolean) {}

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(bigger);
    this.buf = bigger;
  }
  reserve(n: number): number {
    this.ensure(n);
    const at = this.length;
    this.length += n;
    return at;
  }
  align(): void {
    if (this.length % 2 === 1) this.reserve(1);
  }
  bytes(data: Buffer): void {
    data.copy(this.buf, this.reserve(data.length));
  }
  u16(v: number): void {
    this.patch16(this.reserve(2), v);
  }
  u32(v: number): void {
    this.patch32(this.reserve(4), v);
  }
  patch16(at: number, v: number): void {
    if (this.littleEndian) this.buf.writeUInt16LE(v, at);
    else this.buf.writeUInt16BE(v, at);
  }
  patch32(at: number, v: number): void {
    if (this.littleEndian) this.buf.writeUInt32LE(v, at);
    else this.buf.writeUInt32BE(v, at);
  }
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}
