import { readBoxes } from './bmff-boxes.js';

/**
 * The container a photo's bytes are in. A TIFF may still hold a camera RAW (CR2, NEF, ARW and DNG are TIFF
 * structures); that is settled later, from its directories.
 */
export type Container = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic' | 'raf' | 'cr3' | 'orf';

export type Sniffed =
  | { kind: 'image'; container: Container }
  /** A real format Xuntu cannot read (a video, a BMP or PSD renamed to .jpg …), named for the error message. */
  | { kind: 'unsupported'; name: string }
  | { kind: 'unknown' };

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** Identifies a file by its magic bytes; the extension is never trusted. */
export function sniffContainer(bytes: Buffer): Sniffed {
  const ascii = (start: number, end: number) => bytes.toString('latin1', start, end);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return image('jpeg');
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return image('png');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return image('webp');
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return image('gif');
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*' || ascii(0, 4) === 'II+\0' || ascii(0, 4) === 'MM\0+') return image('tiff');
  if (ascii(0, 4) === 'IIRO' || ascii(0, 4) === 'IIRS' || ascii(0, 4) === 'MMOR') return image('orf');
  if (ascii(0, 15) === 'FUJIFILMCCD-RAW') return image('raf');
  if (ascii(4, 8) === 'ftyp') return sniffFtyp(bytes);
  if (ascii(0, 4) === 'IIU\0') return { kind: 'unsupported', name: 'Panasonic RW2' };
  if (ascii(0, 4) === '8BPS') return { kind: 'unsupported', name: 'Photoshop PSD' };
  if (ascii(0, 2) === 'BM' && bytes.length >= 26 && bytes.readUInt32LE(2) === bytes.length) return { kind: 'unsupported', name: 'BMP' };
  if ((bytes[0] === 0xff && bytes[1] === 0x0a) || ascii(4, 12) === 'JXL \r\n\x87\n') return { kind: 'unsupported', name: 'JPEG XL' };
  return { kind: 'unknown' };
}

function image(container: Container): Sniffed {
  return { kind: 'image', container };
}

/**
 * ISO-BMFF files name their kind in the ftyp box: a major brand plus compatible brands. Generic brands (mif1,
 * msf1, miaf) say only "HEIF-family"; the compatible brands then tell AVIF (AV1, which sharp decodes) from HEIC
 * (HEVC, which it does not).
 */
function sniffFtyp(bytes: Buffer): Sniffed {
  const ftyp = readBoxes(bytes, 0, bytes.length).next().value;
  if (!ftyp || ftyp.type !== 'ftyp' || ftyp.dataEnd - ftyp.dataStart < 8) return { kind: 'unknown' };
  const major = bytes.toString('latin1', ftyp.dataStart, ftyp.dataStart + 4);
  const brands = [major];
  for (let at = ftyp.dataStart + 8; at + 4 <= ftyp.dataEnd; at += 4) brands.push(bytes.toString('latin1', at, at + 4));
  if (major === 'crx ') return image('cr3');
  if (AVIF_BRANDS.has(major)) return image('avif');
  if (HEIC_BRANDS.has(major)) return image('heic');
  if (brands.some((b) => AVIF_BRANDS.has(b))) return image('avif');
  if (brands.some((b) => HEIC_BRANDS.has(b) || b === 'mif1' || b === 'msf1')) return image('heic');
  return { kind: 'unsupported', name: `ISO media "${major.trim()}" (a video?)` };
}
