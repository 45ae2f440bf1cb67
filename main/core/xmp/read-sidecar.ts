import fs from 'node:fs/promises';
import { XuntuError } from '../errors.js';
import { XmpPacket } from './xmp-packet.js';

/** Far above any real sidecar (darktable's longest edit histories are a few hundred KB); refuses runaway files. */
export const MAX_SIDECAR_BYTES = 16 * 1024 * 1024;

/**
 * Reads and parses a sidecar. XMP_UNREADABLE when the file cannot be read, XMP_TOO_LARGE past MAX_SIDECAR_BYTES,
 * XMP_MALFORMED when it is not text in a Unicode encoding XMP allows, or not an XMP packet (see XmpPacket.parse).
 */
export async function readSidecar(file: string): Promise<XmpPacket> {
  let bytes: Buffer;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_SIDECAR_BYTES) throw new XuntuError('XMP_TOO_LARGE', `${file} is ${size} bytes; sidecars over ${MAX_SIDECAR_BYTES} are refused`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof XuntuError) throw err;
    throw new XuntuError('XMP_UNREADABLE', `cannot read sidecar ${file}: ${(err as Error).message}`, { cause: err });
  }
  return XmpPacket.parse(decode(bytes, file));
}

/** XMP is UTF-8 unless a byte-order mark says UTF-16. Invalid bytes are an error, not replacement characters. */
function decode(bytes: Buffer, file: string): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (err) {
    throw new XuntuError('XMP_MALFORMED', `${file} is not valid ${encoding} text`, { cause: err });
  }
}
