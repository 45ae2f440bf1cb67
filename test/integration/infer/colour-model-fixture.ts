import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { XuntuError } from '../../../main/core/errors.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';

const SIZE = 224;
const PLANE = SIZE * SIZE;

/** Preprocessed-looking pixels: a colour per channel plus a seeded ripple, so no two images embed alike. */
export function pixels(seed: number): Float32Array {
  const out = new Float32Array(3 * PLANE);
  for (let c = 0; c < 3; c++) {
    const level = Math.sin(seed * 1.7 + c * 2.1) * 1.2;
    for (let i = 0; i < PLANE; i++) out[c * PLANE + i] = level + 0.3 * Math.sin(i * 0.001 * (seed + 1) + c);
  }
  return out;
}

export function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0);
  expect(worst).toBeLessThan(1e-5);
}

export async function rejection(promise: Promise<unknown>): Promise<XuntuError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(XuntuError);
  return err as XuntuError;
}

/** The colour CLIP model in Xuntu's layout in a fresh temporary folder, with `vocabFile` as its text tower's vocabulary. */
export async function colourModel(vocabFile: string): Promise<{ tmp: string; modelDir: string }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-infer-'));
  const { xuntu } = await generateColourClipModels(tmp, { vocabFile });
  // The generated manifest names no vocabulary, but the engine's text tower reads one from the model folder, as an
  // imported model has it.
  await fs.copyFile(vocabFile, path.join(xuntu.dir, 'vocab.txt'));
  const manifest = JSON.parse(await fs.readFile(xuntu.manifest, 'utf8')) as { files: Record<string, string> };
  manifest.files.vocab = 'vocab.txt';
  await fs.writeFile(xuntu.manifest, JSON.stringify(manifest));
  return { tmp, modelDir: xuntu.dir };
}
