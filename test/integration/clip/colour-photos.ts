import { clipInput } from '../../../main/core/media/clip-input.js';
import type { ModelManifest } from '../../../main/core/clip/model-manifest.js';

/** Solid test photos and the query that should find each, in the same order (the colour CLIP fixture's six). */
export const COLOUR_PHOTOS: readonly (readonly [query: string, rgb: readonly [number, number, number]])[] = [
  ['红色', [255, 0, 0]],
  ['绿色', [0, 255, 0]],
  ['蓝色', [0, 0, 255]],
  ['黄色', [255, 255, 0]],
  ['黑色', [0, 0, 0]],
  ['白色', [255, 255, 255]],
];
export const COLOUR_QUERIES = COLOUR_PHOTOS.map(([query]) => query);

/** The photos as the indexer hands them to the engine: decoded pixels through media/clip-input.ts. */
export async function colourPhotoPixels(manifest: ModelManifest): Promise<Float32Array> {
  const { size } = manifest.image;
  const out = new Float32Array(COLOUR_PHOTOS.length * 3 * size * size);
  for (const [i, [, rgb]] of COLOUR_PHOTOS.entries()) {
    const data = Buffer.alloc(32 * 24 * 3);
    for (let p = 0; p < data.length; p += 3) data.set(rgb, p);
    out.set(await clipInput({ data, width: 32, height: 24, channels: 3 }, manifest.image), i * 3 * size * size);
  }
  return out;
}

/** cos[t][i] between unit text rows and unit image rows. */
export function cosines(text: Float32Array, images: Float32Array, dim: number): number[][] {
  return Array.from({ length: text.length / dim }, (_, t) =>
    Array.from({ length: images.length / dim }, (_, i) => {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += text[t * dim + k]! * images[i * dim + k]!;
      return sum;
    }),
  );
}

export const argmax = (row: readonly number[]) => row.indexOf(Math.max(...row));
export const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
export const rowNorms = (data: Float32Array, dim: number) => Array.from({ length: data.length / dim }, (_, r) => Math.hypot(...data.subarray(r * dim, (r + 1) * dim)));
