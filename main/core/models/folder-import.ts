import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { importModelDir } from '../clip/model-import.js';
import { XuntuError } from '../errors.js';
import { writeInstallRecord } from './install-record.js';
import type { InstalledVariant } from './import-model.js';
import type { ModelStore } from './model-store.js';
import { assertModelIntact } from './verify-model.js';

/**
 * Installs a model folder that is not a catalog model (a user's own export) into the store. Its id is only known
 * once it is converted, so the import goes to a hidden folder first (ModelStore ignores dot-folders) and is moved
 * to `<models>/<manifest id>/<variant>` afterwards, then recorded and checked like every other install.
 */
export async function importFolderToStore(
  store: ModelStore,
  folder: string,
  opts: { id?: string; variant?: string; vocabFile?: string },
): Promise<InstalledVariant> {
  const source = path.resolve(folder);
  if (!(await fs.stat(source).catch(() => undefined))?.isDirectory()) throw new XuntuError('MODEL_NOT_FOUND', `${source} is not a folder`);
  const variant = opts.variant ?? 'fp32';
  const staging = path.join(store.dir, `.import-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(staging, { recursive: true });
  try {
    const manifest = await importModelDir(source, staging, {
      variant,
      ...(opts.id && { id: opts.id }),
      ...(opts.vocabFile && { vocabFile: path.resolve(opts.vocabFile) }),
    });
    const target = store.variantDir(manifest.id, variant);
    const relative = path.relative(target, source);
    if (relative === '' || !(relative.startsWith('..') || path.isAbsolute(relative))) {
      throw new XuntuError('MODEL_IMPORT_INVALID', `${source} is inside the folder it would be installed to (${target}); import from a copy elsewhere`);
    }
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(staging, target);
    await writeInstallRecord(target, { id: manifest.id, variant, source: `folder ${source}` });
    return { id: manifest.id, variant, dir: target, manifest: await assertModelIntact(target, { checksums: false }) };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
