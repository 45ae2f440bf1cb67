import fs from 'node:fs';
import path from 'node:path';
import { generateFullSizeModels } from '../fixtures/full-size-clip/generate-full-size.js';
import type { Precision } from '../fixtures/full-size-clip/transformer-layers.js';
import { REPO_ROOT } from './run-cli.js';

/** Where the benches keep the full-size synthetic Chinese-CLIP (git-ignored, ≈950 MB for both variants). */
export const FULL_SIZE_MODELS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'models', 'full-size');

/** Generates the variants not already there (≈15 s), so a bench can run on a fresh checkout. */
export function ensureFullSizeModels(variants: readonly Precision[]): void {
  const missing = variants.filter((v) => !fs.existsSync(path.join(FULL_SIZE_MODELS_DIR, v, 'manifest.json')));
  if (missing.length > 0) generateFullSizeModels(FULL_SIZE_MODELS_DIR, { variants: missing });
}
