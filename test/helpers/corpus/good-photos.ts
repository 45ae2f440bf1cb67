import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import type { PhotoFormat } from '../../../main/core/media/formats.js';
import { hasCommand } from '../has-command.js';
import { exifFor, type Camera, type Gps, type Taken } from './exif-fields.js';
import { MARKER, synthPixels, type Rgb } from './synth-pixels.js';

/** What a correct indexer must find in one generated photo. */
export interface GoodPhoto {
  path: string;
  /** Relative to the corpus folder, '/'-separated. */
  relPath: string;
  /** The format of the content, which is not always what the extension says. */
  format: PhotoFormat;
  /** Pixel size as displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** The EXIF Orientation the file states; 1 (as stored) when it states none. */
  orientation: number;
  /** The capture time the file's metadata states; null when it has none (an indexer may fall back to file time). */
  taken: Taken | null;
  camera: Camera | null;
  gps: Gps | null;
  /** Animation frames; width and height are those of one frame. */
  frames: number;
}

export interface GoodPhotoOptions {
  /** Size of the landscape photos as displayed; portrait ones swap it. Default 640×480. */
  width?: number;
  height?: number;
}

type Shape = 'landscape' | 'portrait';
type StoredOrientation = 1 | 3 | 6 | 8;
type Encoding = Exclude<PhotoFormat, 'raw'> | 'jpeg-named-png';

interface Spec {
  relPath: string;
  encoding: Encoding;
  shape: Shape;
  orientation?: StoredOrientation;
  taken?: Taken;
  camera?: Camera;
  gps?: Gps;
  /** Names Windows cannot store (quotes, newlines): written elsewhere only. */
  posixOnly?: boolean;
}

const CST = 8 * 60;

/**
 * Every photo shows the MARKER block in its top-left corner as displayed, whatever orientation it is stored in, so
 * a test can check a thumbnail is upright. Names cover the characters that break naive path handling.
 */
const SPECS: readonly Spec[] = [
  {
    relPath: '海边日落.jpg', encoding: 'jpeg', shape: 'landscape',
    taken: { local: '2023-07-15T18:30:00', offsetMin: CST }, camera: { make: 'Canon', model: 'Canon EOS R5' },
    gps: { lat: 18.25, lon: 109.5 },
  },
  {
    relPath: '🐱.jpg', encoding: 'jpeg', shape: 'portrait', orientation: 6,
    taken: { local: '2024-02-10T09:05:30', offsetMin: CST }, camera: { make: 'Apple', model: 'iPhone 14 Pro' },
  },
  {
    relPath: 'with spaces in name.jpeg', encoding: 'jpeg', shape: 'portrait', orientation: 8,
    taken: { local: '2019-12-31T23:59:59', offsetMin: null }, camera: { make: 'SONY', model: 'ILCE-7M3' },
  },
  {
    relPath: `it's a "quoted" name.jpg`, encoding: 'jpeg', shape: 'landscape', orientation: 3, posixOnly: true,
    taken: { local: '2020-05-01T12:00:00', offsetMin: -7 * 60 }, camera: { make: 'NIKON CORPORATION', model: 'NIKON Z 6' },
    gps: { lat: -33.8568, lon: -70.6483 },
  },
  { relPath: 'line\nbreak.jpg', encoding: 'jpeg', shape: 'landscape', posixOnly: true },
  {
    relPath: '旅行/2023/杭州 西湖/IMG_0001.JPG', encoding: 'jpeg', shape: 'landscape',
    taken: { local: '2023-10-03T08:15:00', offsetMin: CST }, camera: { make: 'Xiaomi', model: '23127PN0CC' },
    gps: { lat: 30.2431, lon: 120.1509 },
  },
  {
    relPath: 'travel/a/b/c/d/IMG_0002.jpg', encoding: 'jpeg', shape: 'portrait',
    taken: { local: '2022-01-29T00:00:01', offsetMin: 0 }, camera: { make: 'HUAWEI', model: 'ELS-AN00' },
  },
  {
    relPath: 'formats/screenshot.png', encoding: 'png', shape: 'landscape',
    taken: { local: '2021-06-01T10:00:00', offsetMin: CST },
  },
  { relPath: 'formats/sticker.webp', encoding: 'webp', shape: 'portrait' },
  { relPath: 'formats/animated.gif', encoding: 'gif', shape: 'landscape' },
  { relPath: 'formats/scan.tiff', encoding: 'tiff', shape: 'portrait' },
  {
    relPath: 'formats/photo.avif', encoding: 'avif', shape: 'landscape',
    taken: { local: '2024-08-08T20:08:08', offsetMin: CST }, camera: { make: 'Google', model: 'Pixel 8' },
  },
  {
    relPath: 'formats/iphone.heic', encoding: 'heic', shape: 'landscape',
    taken: { local: '2024-05-20T13:14:00', offsetMin: CST }, camera: { make: 'Apple', model: 'iPhone 15' },
  },
  { relPath: 'formats/actually-jpeg.png', encoding: 'jpeg-named-png', shape: 'landscape', camera: { make: 'Canon', model: 'PowerShot G7 X' } },
];

/** How to rotate the upright picture so that the EXIF orientation turns it back upright. */
const STORE_ROTATION: Record<StoredOrientation, number> = { 1: 0, 3: 180, 6: 270, 8: 90 };

const exec = promisify(execFile);

/**
 * Writes a folder of valid photos in every supported format, with awkward names, nested folders and EXIF, and
 * returns what each should index as, keyed by absolute path. The HEIC one needs `heif-enc` and is left out without
 * it; names Windows forbids are left out there.
 */
export async function writeGoodPhotos(dir: string, opts: GoodPhotoOptions = {}): Promise<Map<string, GoodPhoto>> {
  const size = { width: opts.width ?? 640, height: opts.height ?? 480 };
  const specs = SPECS.filter(
    (s) => !(s.posixOnly && process.platform === 'win32') && (s.encoding !== 'heic' || hasCommand('heif-enc')),
  );
  const photos = await Promise.all(specs.map((spec, i) => writeOne(dir, spec, i, size)));
  return new Map(photos.map((p) => [p.path, p]));
}

async function writeOne(dir: string, spec: Spec, index: number, size: { width: number; height: number }): Promise<GoodPhoto> {
  const file = path.join(dir, ...spec.relPath.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const [width, height] = spec.shape === 'landscape' ? [size.width, size.height] : [size.height, size.width];
  const frames = spec.encoding === 'gif' ? 2 : 1;
  const img = picture(spec, index, width, height, frames);
  if (spec.encoding === 'heic') await writeHeicFromJpeg(await img.jpeg({ quality: 90 }).toBuffer(), file);
  else await fs.writeFile(file, await encoder(img, spec.encoding).toBuffer());
  return {
    path: file,
    relPath: spec.relPath,
    format: spec.encoding === 'jpeg-named-png' ? 'jpeg' : spec.encoding,
    width,
    height,
    orientation: spec.orientation ?? 1,
    taken: spec.taken ?? null,
    camera: spec.camera ?? null,
    gps: spec.gps ?? null,
    frames,
  };
}

/** The upright picture, stored rotated with the orientation tag and EXIF the spec asks for. */
function picture(spec: Spec, index: number, width: number, height: number, frames: number): Sharp {
  // Distinct colours per photo keep their content hashes apart; channels stay within 40..199, well clear of MARKER.
  const from: Rgb = [40 + ((index * 53) % 160), 40 + ((index * 97) % 160), 40 + ((index * 29) % 160)];
  const to: Rgb = [239 - from[0], 239 - from[1], 239 - from[2]];
  const pages = Array.from({ length: frames }, (_, f) =>
    synthPixels(width, height, { from: f === 0 ? from : to, to: f === 0 ? to : from, noise: 24, seed: index * 31 + f + 1, marker: MARKER }),
  );
  const orientation = spec.orientation ?? 1;
  let img = sharp(Buffer.concat(pages), { raw: { width, height: height * frames, channels: 3, pageHeight: height } }).rotate(
    STORE_ROTATION[orientation],
  );
  const exif = exifFor(spec);
  if (Object.keys(exif).length > 0) img = img.withExif(exif);
  if (spec.orientation) img = img.withMetadata({ orientation });
  return img;
}

function encoder(img: Sharp, encoding: Exclude<Encoding, 'heic'>): Sharp {
  switch (encoding) {
    case 'jpeg':
    case 'jpeg-named-png':
      return img.jpeg({ quality: 90 });
    case 'png':
      return img.png();
    case 'webp':
      return img.webp({ quality: 80 });
    case 'gif':
      return img.gif({ delay: [500, 500] });
    case 'tiff':
      return img.tiff({ compression: 'lzw' });
    case 'avif':
      return img.avif({ quality: 50, effort: 2 });
  }
}

/** sharp's prebuilt libvips cannot encode HEVC, so HEIC comes from libheif's encoder, which carries the EXIF over. */
async function writeHeicFromJpeg(jpeg: Buffer, file: string): Promise<void> {
  const tmp = `${file}.src.jpg`;
  await fs.writeFile(tmp, jpeg);
  try {
    await exec('heif-enc', ['--quality', '60', '--output', file, tmp]);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
