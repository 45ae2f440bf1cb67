import fs from 'node:fs/promises';
import { XuntuError, errorMessage } from '../errors.js';
import type { ModelManifest } from './model-manifest.js';
import { MANIFEST_FILE } from './model-manifest-file.js';
import { hfModelFiles, importHfCombined } from './adapters/hf-combined-import.js';
import { importHook, type ImportHook, type ImportOptions, type ModelImporter } from './adapters/import-options.js';
import { importOfaSys, ofaExports } from './adapters/ofa-sys-import.js';
import { importXuntu } from './adapters/xuntu-import.js';

export type { ImportHook } from './adapters/import-options.js';

export type ModelFormat = 'ofa-sys' | 'hf-combined' | 'xuntu';

const IMPORTERS: Record<ModelFormat, ModelImporter> = { 'ofa-sys': importOfaSys, 'hf-combined': importHfCombined, xuntu: importXuntu };

/** One hook per format, for the model manager's catalog. */
export const importHooks: Record<ModelFormat, ImportHook> = {
  'ofa-sys': importHook(importOfaSys),
  'hf-combined': importHook(importHfCombined),
  xuntu: importHook(importXuntu),
};

const EXPECTED = [
  `${MANIFEST_FILE} beside its image and text ONNX files (Xuntu's layout)`,
  '<name>.img.fp32.onnx and <name>.txt.fp32.onnx, or the .fp16.onnx pair with their .extra_file weights (the OFA-Sys Chinese-CLIP export, cn_clip/deploy/pytorch_to_onnx.py)',
  'onnx/model.onnx (or model_fp16.onnx, model_quantized.onnx, …) with preprocessor_config.json (a Hugging Face / transformers.js export)',
];

/** Which published layout a folder holds, by its file names; null when none. */
export async function detectModelFormat(dir: string): Promise<ModelFormat | null> {
  const names = await fs.readdir(dir).catch((): string[] => []);
  if (names.includes(MANIFEST_FILE)) return 'xuntu';
  if (ofaExports(names).size) return 'ofa-sys';
  if ((await hfModelFiles(dir)).length) return 'hf-combined';
  return null;
}

/** Imports whatever model `sourceDir` holds into Xuntu's layout in `destDir`. The variant defaults to fp32. */
export async function importModelDir(
  sourceDir: string,
  destDir: string,
  opts: Partial<ImportOptions> = {},
): Promise<ModelManifest> {
  let names: string[];
  try {
    names = await fs.readdir(sourceDir);
  } catch (err) {
    throw new XuntuError('MODEL_NOT_FOUND', `cannot read the model folder ${sourceDir}: ${errorMessage(err)}`, { cause: err });
  }
  const format = await detectModelFormat(sourceDir);
  if (!format) {
    throw new XuntuError(
      'MODEL_FORMAT_UNKNOWN',
      `${sourceDir} holds no model Xuntu recognises (found: ${names.join(', ') || 'nothing'}). Expected one of:\n${EXPECTED.map((e) => `- ${e}`).join('\n')}`,
    );
  }
  return IMPORTERS[format](sourceDir, destDir, { ...opts, variant: opts.variant ?? 'fp32' });
}
