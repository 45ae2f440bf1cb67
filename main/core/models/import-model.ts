import fs from 'node:fs/promises';
import path from 'node:path';
import { findModel, findVariant, loadCatalog, type Catalog, type CatalogEntry, type CatalogVariant } from '../../../models/catalog.js';
import type { ModelManifest } from '../clip/model-manifest.js';
import { XuntuError } from '../errors.js';
import type { ImportModelHook } from './import-hook.js';
import { writeInstallRecord } from './install-record.js';
import { ModelStore, resolveModelsDir } from './model-store.js';
import { assertModelIntact } from './verify-model.js';

export interface InstalledVariant {
  id: string;
  variant: string;
  dir: string;
  manifest: ModelManifest;
}

/**
 * The last steps of every install, fetched or imported: convert into an emptied variant folder, record what is
 * there (install.json, which marks the install complete), and check the result before anyone relies on it.
 */
export async function installVariant(
  store: ModelStore,
  entry: CatalogEntry,
  variant: CatalogVariant,
  sourceDir: string,
  importModel: ImportModelHook,
  source: string,
): Promise<InstalledVariant> {
  await store.clearInstall(entry.id, variant.id);
  const dir = store.variantDir(entry.id, variant.id);
  await importModel(sourceDir, entry, variant, dir);
  await writeInstallRecord(dir, { id: entry.id, variant: variant.id, source });
  // Sizes and the manifest are what can be wrong here: the hashes were taken a moment ago.
  const manifest = await assertModelIntact(dir, { checksums: false });
  return { id: entry.id, variant: variant.id, dir, manifest };
}

export interface ImportModelOptions {
  importModel: ImportModelHook;
  /** Default: the entry's default variant. */
  variant?: string;
  modelsDir?: string;
  catalog?: Catalog;
  env?: NodeJS.ProcessEnv;
}

/**
 * Installs a catalog model from a folder the user converted or downloaded themselves (the only way in for
 * import-only entries such as the OFA-Sys exports). The folder is only read.
 */
export async function importModelFolder(folder: string, id: string, options: ImportModelOptions): Promise<InstalledVariant> {
  const entry = findModel(options.catalog ?? loadCatalog(), id);
  const variant = findVariant(entry, options.variant);
  const store = new ModelStore(resolveModelsDir(options.modelsDir, options.env));
  const source = path.resolve(folder);
  if (!(await fs.stat(source).catch(() => undefined))?.isDirectory()) throw new XuntuError('MODEL_NOT_FOUND', `${source} is not a folder`);
  const target = store.variantDir(entry.id, variant.id);
  const relative = path.relative(target, source);
  if (relative === '' || !(relative.startsWith('..') || path.isAbsolute(relative))) {
    // The install empties its target folder first, which would delete the very files being imported.
    throw new XuntuError('MODEL_IMPORT_INVALID', `${source} is inside the folder it would be installed to (${target}); import from a copy elsewhere`);
  }
  return installVariant(store, entry, variant, source, options.importModel, `folder ${source}`);
}
