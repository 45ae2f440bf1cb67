import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { hasCommand } from '../has-command.js';
import { buildTiff, withExifSegment } from '../tiff-builder.js';
import { writePngWithHugeText } from './png-with-huge-text.js';
import { synthPixels } from './synth-pixels.js';

/** One file of the odd-input corpus and what a correct indexer makes of it. */
export interface OddPhoto {
  path: string;
  /** Relative to the corpus folder, '/'-separated. */
  relPath: string;
  /** Indexed with this size as displayed and this format (when it may also fail, `failure` says how). */
  indexed?: { width: number; height: number; format: string };
  /** Recorded as failed at this stage with one of these codes. */
  failure?: { stage: string; codes: readonly string[] };
  /** Its EXIF holds only nonsense (orientation 9, year 0000 or 9999, GPS NaN or off the globe): all of it ignored. */
  bogusExif?: boolean;
}

/** The same Chinese-and-pinyin name, precomposed (NFC) and decomposed (NFD): two distinct names on Linux. */
export const NFC_NAME = '绿色 lǜsè.jpg'.normalize('NFC');
export const NFD_NAME = NFC_NAME.normalize('NFD');

/** libjpeg-turbo's encoder (Debian package libjpeg-turbo-progs), the one tool here that writes arithmetic coding. */
export const HAS_CJPEG = hasCommand('cjpeg');
const exec = promisify(execFile);

/** Arithmetic-coded JPEGs are in the standard but rare: many decoders never saw one. */
const SOF0 = 0xc0;
const SOF9 = 0xc9;

/**
 * Writes the files a photo library meets once in years: odd encodings (CMYK, 16-bit, progressive, arithmetic,
 * animated, alpha), hostile metadata (bogus EXIF, a billion-laughs XMP, a 100 MB text chunk), extreme shapes and
 * awkward names. Every file has distinct content, so none reads as a copy or a move of another.
 */
export async function writeOddPhotos(dir: string): Promise<OddPhoto[]> {
  const photos: OddPhoto[] = [];
  const at = (relPath: string): string => path.join(dir, ...relPath.split('/'));
  const add = async (relPath: string, data: Buffer, facts: Omit<OddPhoto, 'path' | 'relPath'>): Promise<void> => {
    const file = at(relPath);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, data);
    photos.push({ path: file, relPath, ...facts });
  };
  let seed = 0;
  const picture = (width: number, height: number, channels: 3 | 4 = 3): Sharp => {
    seed++;
    const rgb = synthPixels(width, height, { from: [seed * 40 % 200, 90, 160], to: [220, seed * 70 % 200, 40], noise: 24, seed });
    if (channels === 3) return sharp(rgb, { raw: { width, height, channels } });
    // A transparent left half: what a sticker or a cut-out looks like.
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
      rgba[i * 4 + 3] = i % width < width / 2 ? 0 : 255;
    }
    return sharp(rgba, { raw: { width, height, channels } });
  };
  const jpeg = (width = 160, height = 120): Promise<Buffer> => picture(width, height).jpeg({ quality: 85 }).toBuffer();
  const size = (width: number, height: number, format: string) => ({ indexed: { width, height, format } });

  await add('cmyk.jpg', await picture(160, 120).toColourspace('cmyk').jpeg().toBuffer(), size(160, 120, 'jpeg'));
  await add('16-bit.png', await picture(160, 120).toColourspace('rgb16').png().toBuffer(), size(160, 120, 'png'));
  await add('16-bit.tif', await picture(120, 160).toColourspace('rgb16').tiff().toBuffer(), size(120, 160, 'tiff'));
  await add('progressive.jpg', await picture(160, 120).jpeg({ progressive: true }).toBuffer(), size(160, 120, 'jpeg'));
  // A baseline JPEG relabelled as arithmetic-coded: a valid header over entropy data the arithmetic decoder cannot
  // make sense of. Garbage pixels or a decode failure are both fine; a crash or a hang is not.
  await add('arithmetic-relabelled.jpg', relabelSof(await jpeg(), SOF9), {
    ...size(160, 120, 'jpeg'),
    failure: { stage: 'decode', codes: ['DECODE_FAILED', 'TRUNCATED'] },
  });
  if (HAS_CJPEG) await add('arithmetic.jpg', await arithmeticJpeg(dir, 160, 120), size(160, 120, 'jpeg'));
  const frames = 3;
  const animation = Buffer.concat(Array.from({ length: frames }, () => synthPixels(96, 64, { from: [0, 0, 0], to: [255, 255, 255], noise: 64, seed: ++seed })));
  await add(
    'animated.webp',
    await sharp(animation, { raw: { width: 96, height: 64 * frames, channels: 3, pageHeight: 64 } }).webp({ loop: 0, delay: [100, 100, 100] }).toBuffer(),
    size(96, 64, 'webp'),
  );
  await add('alpha.avif', await picture(128, 96, 4).avif({ quality: 50, effort: 2 }).toBuffer(), size(128, 96, 'avif'));
  await add('png-named.jpg', await picture(100, 80).png().toBuffer(), size(100, 80, 'png'));
  await add('one-pixel.png', await picture(1, 1).png().toBuffer(), size(1, 1, 'png'));
  await add('one-by-20000.png', await picture(1, 20_000).png().toBuffer(), size(1, 20_000, 'png'));

  await add('bogus-exif-0000.jpg', withExifSegment(await jpeg(), bogusExif('0000:00:00 00:00:00', [[0, 0], [0, 0], [0, 0]])), {
    ...size(160, 120, 'jpeg'),
    bogusExif: true,
  });
  await add('bogus-exif-9999.jpg', withExifSegment(await jpeg(), bogusExif('9999:12:31 23:59:59', [[95, 1], [0, 1], [0, 1]])), {
    ...size(160, 120, 'jpeg'),
    bogusExif: true,
  });
  await add('billion-laughs-xmp.jpg', withXmpSegment(await jpeg(), BILLION_LAUGHS), size(160, 120, 'jpeg'));

  // Each folder name is 50 characters: with the file name, 280+ characters below the corpus folder alone.
  const deep = Array.from({ length: 5 }, (_, i) => `${i}-a-folder-name-as-long-as-an-album-title-寻图-xuntu`.padEnd(50, 'x')).join('/');
  await add(`${deep}/deep-inside.jpg`, await jpeg(), size(160, 120, 'jpeg'));
  await add(`nfc-nfd/${NFC_NAME}`, await jpeg(), size(160, 120, 'jpeg'));
  await add(`nfc-nfd/${NFD_NAME}`, await jpeg(), size(160, 120, 'jpeg'));

  const huge = at('huge-ztxt.png');
  await writePngWithHugeText(huge, await picture(64, 48).png().toBuffer(), 100 * 1024 * 1024);
  // The default 1 GiB limit reads it; a lower one refuses it from its size, without reading it.
  photos.push({ path: huge, relPath: 'huge-ztxt.png', ...size(64, 48, 'png'), failure: { stage: 'read', codes: ['TOO_LARGE'] } });
  return photos;
}

/** Orientation 9 (there are eight), an impossible date and unusable GPS: every field a reader must ignore. */
function bogusExif(dateTimeOriginal: string, latitude: [number, number][]): Buffer {
  return buildTiff({
    tags: {
      0x0112: { short: [9] },
      0x8769: { ifds: [{ tags: { 0x9003: { ascii: dateTimeOriginal }, 0x9004: { ascii: dateTimeOriginal } } }] },
      0x8825: {
        ifds: [{ tags: { 1: { ascii: 'N' }, 2: { rational: latitude }, 3: { ascii: 'E' }, 4: { rational: [[200, 1], [0, 0], [0, 1]] } } }],
      },
    },
  });
}

/** An XMP packet whose one entity expands to 10⁹ "lol"s (3 GB) in a parser that expands entities. */
const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE x:xmpmeta [',
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
  ']>',
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
  ' xmp:CreateDate="&lol9;"><dc:title>&lol9;</dc:title></rdf:Description>',
  '</rdf:RDF></x:xmpmeta>',
].join('\n');

/** An APP1 XMP segment holding `xml`, right after the JPEG's SOI marker. */
function withXmpSegment(jpeg: Buffer, xml: string): Buffer {
  const payload = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A real arithmetic-coded JPEG from `cjpeg -arithmetic`, fed a PPM through a scratch file beside the corpus. */
async function arithmeticJpeg(dir: string, width: number, height: number): Promise<Buffer> {
  const ppm = path.join(dir, '.arithmetic-source.ppm');
  const rgb = synthPixels(width, height, { from: [200, 40, 40], to: [40, 40, 200], noise: 24, seed: 404 });
  await fs.writeFile(ppm, Buffer.concat([Buffer.from(`P6\n${width} ${height}\n255\n`, 'latin1'), rgb]));
  try {
    const { stdout } = await exec('cjpeg', ['-arithmetic', ppm], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } finally {
    await fs.rm(ppm, { force: true });
  }
}

/** The JPEG with its start-of-frame marker changed from `from` to `to`, everything else as it was. */
function relabelSof(jpeg: Buffer, to: number, from = SOF0): Buffer {
  const copy = Buffer.from(jpeg);
  let at = 2;
  while (at + 4 <= copy.length && copy[at] === 0xff) {
    if (copy[at + 1] === from) {
      copy[at + 1] = to;
      return copy;
    }
    at += 2 + copy.readUInt16BE(at + 2);
  }
  throw new Error('no start-of-frame marker to relabel');
}
