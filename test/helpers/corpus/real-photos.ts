import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { mapConcurrent } from '../../../main/core/util/map-concurrent.js';
import { exifFor, type Camera, type Taken } from './exif-fields.js';
import { withJpegComment } from './jpeg-comment.js';
import { addNoise } from './synth-pixels.js';

/** Real camera-sized JPEGs (about 3840×2400) that Debian's desktop-base ships; tests skip what needs them elsewhere. */
export const REAL_PHOTO_DIR = '/usr/share/backgrounds';
const REAL_PHOTO_NAMES = ['2004default.jpg', 'firstgeneration.jpg', 'rhythm.jpg', 'string.jpg', 'the-mouse.jpg'];

export function realPhotoSources(): string[] {
  return REAL_PHOTO_NAMES.map((n) => path.join(REAL_PHOTO_DIR, n)).filter((f) => fs.existsSync(f));
}

export function hasRealPhotos(): boolean {
  return realPhotoSources().length > 0;
}

export interface SizedPhoto {
  path: string;
  /** Relative to the corpus folder, '/'-separated. */
  relPath: string;
  width: number;
  height: number;
  /** The real photo it was made from. */
  source: string;
}

export interface LargePhoto extends SizedPhoto {
  taken: Taken;
  camera: Camera;
}

/**
 * Writes `count` copies of the real photos, round-robin, each with distinct bytes (a COM segment) so the library
 * sees `count` different photos that decode exactly like the originals. Keyed by absolute path.
 */
export async function writeRealPhotos(dir: string, opts: { count: number }): Promise<Map<string, SizedPhoto>> {
  const sources = await loadSources();
  await fsp.mkdir(dir, { recursive: true });
  const photos = Array.from({ length: opts.count }, (_, i): SizedPhoto => {
    const src = sources[i % sources.length]!;
    const relPath = `real-${String(i).padStart(4, '0')}-${path.basename(src.path)}`;
    return { path: path.join(dir, relPath), relPath, width: src.width, height: src.height, source: src.path };
  });
  await mapConcurrent(photos, 8, (p, i) => fsp.writeFile(p.path, withJpegComment(sources[i % sources.length]!.bytes, `xuntu copy ${i}`)));
  return new Map(photos.map((p) => [p.path, p]));
}

export interface LargeJpegOptions {
  count: number;
  /** Size of each photo; a range spreads the distinct ones evenly across it. Default 12 to 24. */
  megapixels?: number | readonly [number, number];
  /**
   * How many differently-sized images to synthesize (about a second each at 24 MP on one core); the other files
   * are byte-distinct copies of them, which decode at the same cost. Default `count`.
   */
  distinct?: number;
}

/**
 * Writes camera-like JPEGs: a real photo scaled up to 12–24 megapixels with sensor-like noise (which also makes
 * the file as big as a camera's, 2.5–5 MB), quality 90, 4:2:0, with EXIF make, model and capture time.
 */
export async function writeLargeJpegs(dir: string, opts: LargeJpegOptions): Promise<Map<string, LargePhoto>> {
  const [lo, hi] = typeof opts.megapixels === 'number' ? [opts.megapixels, opts.megapixels] : (opts.megapixels ?? [12, 24]);
  const distinct = Math.max(1, Math.min(opts.distinct ?? opts.count, opts.count));
  const sources = realPhotoSources();
  if (sources.length === 0) throw new Error(`no real photos in ${REAL_PHOTO_DIR}`);
  await fsp.mkdir(dir, { recursive: true });

  const variants: Variant[] = [];
  // One at a time: each holds a 24 MP raw frame (70 MB), and sharp already spreads one image over the cores.
  for (let k = 0; k < distinct; k++) {
    const mp = distinct === 1 ? lo : lo + ((hi - lo) * k) / (distinct - 1);
    variants.push(await synthesizeLarge(sources[k % sources.length]!, mp, k));
  }

  const photos = Array.from({ length: opts.count }, (_, i): LargePhoto => {
    const { bytes: _bytes, ...v } = variants[i % distinct]!;
    const relPath = `large-${String(i).padStart(4, '0')}.jpg`;
    return { ...v, path: path.join(dir, relPath), relPath };
  });
  await mapConcurrent(photos, 4, async (p, i) => {
    const bytes = variants[i % distinct]!.bytes;
    await fsp.writeFile(p.path, i < distinct ? bytes : withJpegComment(bytes, `xuntu copy ${i}`));
  });
  return new Map(photos.map((p) => [p.path, p]));
}

type Variant = Omit<LargePhoto, 'path' | 'relPath'> & { bytes: Buffer };

async function synthesizeLarge(source: string, megapixels: number, k: number): Promise<Variant> {
  const meta = await sharp(source).metadata();
  const aspect = meta.width / meta.height;
  const width = Math.round(Math.sqrt(megapixels * 1e6 * aspect));
  const height = Math.round(width / aspect);
  const camera: Camera = { make: 'Canon', model: 'Canon EOS 5D Mark IV' };
  const taken: Taken = { local: `2024-03-${String(1 + (k % 28)).padStart(2, '0')}T10:00:00`, offsetMin: 480 };
  const raw = addNoise(await sharp(source).resize(width, height).raw().toBuffer(), 24, k + 1);
  const bytes = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).withExif(exifFor({ camera, taken })).toBuffer();
  return { bytes, width, height, source, taken, camera };
}

async function loadSources(): Promise<{ path: string; bytes: Buffer; width: number; height: number }[]> {
  const sources = realPhotoSources();
  if (sources.length === 0) throw new Error(`no real photos in ${REAL_PHOTO_DIR}`);
  return Promise.all(
    sources.map(async (file) => {
      const meta = await sharp(file).metadata();
      return { path: file, bytes: await fsp.readFile(file), width: meta.autoOrient.width, height: meta.autoOrient.height };
    }),
  );
}
