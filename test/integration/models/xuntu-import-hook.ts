import fs from 'node:fs/promises';
import path from 'node:path';
import { variantFiles } from '../../../models/catalog.js';
import { modelManifestSchema } from '../../../main/core/clip/model-manifest.js';
import { XuntuError } from '../../../main/core/errors.js';
import type { ImportModelHook } from '../../../main/core/models/import-hook.js';

/**
 * The import step for files already in the Xuntu layout: copy what the catalog lists and insist that
 * manifest.json validates. The real adapters (OFA-Sys, HF combined) convert; this one only checks.
 */
export const importXuntuLayout: ImportModelHook = async (sourceDir, entry, variant, destDir) => {
  if (entry.format !== 'xuntu') throw new XuntuError('MODEL_IMPORT_INVALID', `this hook imports the xuntu format, not ${entry.format}`);
  const parsed = modelManifestSchema.safeParse(JSON.parse(await fs.readFile(path.join(sourceDir, 'manifest.json'), 'utf8')));
  if (!parsed.success) throw new XuntuError('MODEL_CORRUPT', `manifest.json is invalid: ${parsed.error.message}`);
  for (const file of variantFiles(entry, variant)) {
    const to = path.join(destDir, file.path);
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(path.join(sourceDir, file.path), to);
  }
  return parsed.data;
};
