import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { exifFor, type Camera, type Gps } from '../helpers/corpus/exif-fields.js';
import { synthPixels, type Rgb } from '../helpers/corpus/synth-pixels.js';

export const COLOURS = { red: [210, 30, 25], green: [30, 170, 40], blue: [25, 40, 200], yellow: [230, 210, 30] } as const satisfies Record<string, Rgb>;
export type Colour = keyof typeof COLOURS;

const CAMERA: Camera = { make: 'FUJIFILM', model: 'X-T30' };
const WEST_LAKE: Gps = { lat: 30.2431, lon: 120.1503 };
/** Months the photos were taken in, so the grid has several month groups and the scrubber several years. */
const MONTHS = ['2024-07', '2024-03', '2023-10'];

/**
 * Photos the colour CLIP can tell apart: noisy flat colours, taken across a few months with a camera and GPS, plus
 * one of each colour without EXIF (dated by its file time). Returns the paths by colour.
 */
export async function writeColourPhotos(dir: string): Promise<Map<Colour, string[]>> {
  await fs.mkdir(dir, { recursive: true });
  const byColour = new Map<Colour, string[]>();
  let seed = 1;
  for (const [colour, rgb] of Object.entries(COLOURS) as [Colour, Rgb][]) {
    const files: string[] = [];
    for (let i = 0; i <= MONTHS.length; i++) {
      const file = path.join(dir, `${colour}-${i}.jpg`);
      const month = MONTHS[i];
      const exif = month && exifFor({ taken: { local: `${month}-1${i}T1${i}:30:00`, offsetMin: 480 }, camera: CAMERA, gps: WEST_LAKE });
      let image = sharp(synthPixels(480, 360, { from: rgb, to: rgb, noise: 40, seed: seed++ }), { raw: { width: 480, height: 360, channels: 3 } }).jpeg({ quality: 88 });
      if (exif) image = image.withExif(exif);
      await image.toFile(file);
      files.push(file);
    }
    byColour.set(colour, files);
  }
  return byColour;
}
