import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { mapConcurrent } from '../../../main/core/util/map-concurrent.js';
import { withJpegComment } from './jpeg-comment.js';
import { synthPixels } from './synth-pixels.js';

/** A small noisy JPEG whose pixels depend on `seed`. */
export async function tinyJpeg(seed: number, width = 64, height = 48): Promise<Buffer> {
  const from = [(seed * 71) % 256, (seed * 113) % 256, (seed * 37) % 256] as const;
  const to = [255 - from[0], 255 - from[1], 255 - from[2]] as const;
  return sharp(synthPixels(width, height, { from, to, noise: 32, seed: seed + 1 }), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export interface TinyPhotoOptions {
  /** Photos per sub-folder (folders are named batch-0000, batch-0001, …). Default 250. */
  perFolder?: number;
}

const TEMPLATES = 16;

/**
 * Writes `n` distinct 64×48 JPEGs fast enough for 10,000-file benches: a few encoded templates, each copy made
 * unique by a COM segment, so every file has its own content hash at the cost of a buffer copy. Returns their paths.
 */
export async function writeManyTinyPhotos(dir: string, n: number, opts: TinyPhotoOptions = {}): Promise<string[]> {
  const perFolder = opts.perFolder ?? 250;
  const templates = await Promise.all(Array.from({ length: Math.min(n, TEMPLATES) }, (_, i) => tinyJpeg(i)));
  const folders = Array.from({ length: Math.ceil(n / perFolder) }, (_, i) => path.join(dir, `batch-${String(i).padStart(4, '0')}`));
  await Promise.all(folders.map((f) => fs.mkdir(f, { recursive: true })));
  const files = Array.from({ length: n }, (_, i) => path.join(folders[Math.floor(i / perFolder)]!, `tiny-${String(i).padStart(6, '0')}.jpg`));
  await mapConcurrent(files, 64, (file, i) => fs.writeFile(file, withJpegComment(templates[i % templates.length]!, `xuntu corpus ${i}`)));
  return files;
}
