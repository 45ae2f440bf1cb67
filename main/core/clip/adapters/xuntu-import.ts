import fs from 'node:fs/promises';
import path from 'node:path';
import { XuntuError } from '../../errors.js';
import { readModelManifest } from '../model-manifest-file.js';
import { readOnnxModel } from '../onnx-model-file.js';
import { openSession } from '../ort-session.js';
import { TowerIo, checkTowerIo } from '../tower-io.js';
import { withOverrides, type ModelImporter } from './import-options.js';
import { placeModelFile, removeManifest, writeManifest } from './model-dir-files.js';
import { importTokenizer } from './tokenizer-import.js';

/**
 * A model already in Xuntu's layout: the manifest is validated, every file it lists must exist, and each tower must
 * load from its new place and take and return the tensors the manifest names. Its files are copied (or linked)
 * with the external data they refer to. A manifest that names no tokenizer gets `vocabFile`.
 */
export const importXuntu: ModelImporter = async (sourceDir, destDir, opts) => {
  const manifest = await readModelManifest(sourceDir);
  const listed = Object.values(manifest.files).map((f) => path.join(sourceDir, f));
  const missing = (await Promise.all(listed.map((f) => fs.access(f).then(() => undefined, () => f)))).filter(Boolean);
  if (missing.length) throw new XuntuError('MODEL_NOT_FOUND', `${sourceDir}/manifest.json lists files that are missing: ${missing.join(', ')}`);

  // Importing a folder onto itself only validates it, and must not drop its manifest on the way.
  if (path.resolve(sourceDir) !== path.resolve(destDir)) await removeManifest(destDir);
  for (const tower of ['image', 'text'] as const) {
    const src = path.join(sourceDir, manifest.files[tower]);
    const dest = path.join(destDir, manifest.files[tower]);
    const { externalFiles } = await readOnnxModel(src);
    await placeModelFile(src, externalFiles, dest);
    const { session } = await openSession(dest, ['cpu'], {}, src);
    try {
      checkTowerIo(tower, new TowerIo(session, src), manifest);
    } finally {
      await session.release();
    }
  }
  const tokenizerFile = manifest.files.tokenizerJson ?? manifest.files.vocab;
  const tokenizer = await importTokenizer([tokenizerFile && path.join(sourceDir, tokenizerFile), opts.vocabFile], destDir);
  const files = { image: manifest.files.image, text: manifest.files.text, ...tokenizer.files };
  return writeManifest(destDir, withOverrides({ ...manifest, files }, opts));
};
