import fs from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE } from '../model-manifest-file.js';
import { modelManifestSchema, type ModelManifest } from '../model-manifest.js';

function isSameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/**
 * Puts `src` at `dest` without duplicating its bytes where the file system allows: a copy-on-write clone (btrfs,
 * XFS, APFS), else a hard link (same file system), else a plain copy. A clone is preferred to a link because it
 * stays independent of the source if the source is later rewritten in place.
 */
export async function placeFile(src: string, dest: string): Promise<void> {
  if (isSameFile(src, dest)) return;
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.rm(dest, { force: true });
  try {
    await fs.copyFile(src, dest, fs.constants.COPYFILE_FICLONE_FORCE);
    return;
  } catch {
    // No reflink support here; try a link.
  }
  try {
    await fs.link(src, dest);
  } catch {
    await fs.copyFile(src, dest);
  }
}

/**
 * Places a model file at `dest` and the external data files its tensors refer to beside it: their locations are
 * relative to the model file, so they keep their names.
 */
export async function placeModelFile(src: string, externalFiles: readonly string[], dest: string): Promise<void> {
  await placeFile(src, dest);
  for (const location of externalFiles) await placeFile(path.join(path.dirname(src), location), path.join(path.dirname(dest), location));
}

/**
 * Removes a previous import's manifest before the files change, so a folder left half-written by a failed import
 * is never mistaken for a model.
 */
export async function removeManifest(destDir: string): Promise<void> {
  await fs.rm(path.join(destDir, MANIFEST_FILE), { force: true });
}

/** Validates and writes manifest.json last and atomically (write, then rename): the import's commit point. */
export async function writeManifest(destDir: string, manifest: ModelManifest): Promise<ModelManifest> {
  const valid = modelManifestSchema.parse(manifest);
  const file = path.join(destDir, MANIFEST_FILE);
  await fs.mkdir(destDir, { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(valid, null, 2) + '\n');
  await fs.rename(`${file}.tmp`, file);
  return valid;
}
