import fs from 'node:fs/promises';
import path from 'node:path';
import { modelManifestSchema, type ModelManifest } from '../clip/model-manifest.js';
import { XuntuError, errorMessage } from '../errors.js';
import { defaultLibraryDir } from '../library/library-dir.js';

/**
 * Models live outside any library: they are hundreds of MB to GB, and every library on the machine uses the same
 * ones. Layout:
 *   <models dir>/<model id>/<variant>/             the installed files in the Xuntu layout, manifest.json included
 *   <models dir>/<model id>/<variant>/install.json sizes and sha256 of those files; written last, so its presence
 *                                                  is what "installed" means (an interrupted install has none)
 *   <models dir>/<model id>/<variant>/.partial/    downloads in flight (<file>.part) and finished ones awaiting import
 */
export const MANIFEST_FILE = 'manifest.json';
export const INSTALL_RECORD_FILE = 'install.json';
export const PARTIAL_DIR = '.partial';

/**
 * Beside the default library, in the per-user app-data folder library-dir.ts chooses (so the CLI and the desktop
 * app agree): e.g. ~/.config/Xuntu/models.
 */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return path.join(path.dirname(defaultLibraryDir(env, platform)), 'models');
}

/** `--models DIR` wins over XUNTU_MODELS, which wins over the default. */
export function resolveModelsDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.XUNTU_MODELS;
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultModelsDir(env));
}

export interface InstalledModel {
  id: string;
  variant: string;
  dir: string;
  /** Absent when manifest.json is missing or invalid; `problem` says why. */
  manifest?: ModelManifest;
  problem?: string;
}

const isName = (name: string) => modelManifestSchema.shape.id.safeParse(name).success;

/**
 * Ids and variants become folder names, and some arrive from the command line: only the manifest's id alphabet
 * ([a-z0-9._-], no leading dot) is accepted, so no name can climb out of the models folder or hide as a dotfile.
 */
function folderName(name: string): string {
  if (!isName(name)) throw new XuntuError('MODEL_NOT_FOUND', `"${name}" is not a model or variant name`);
  return name;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && isName(e.name)).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** A folder's manifest.json, validated; or why there is none to use. */
export async function readManifest(dir: string): Promise<{ manifest: ModelManifest } | { problem: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (err) {
    return { problem: `${MANIFEST_FILE} cannot be read: ${errorMessage(err)}` };
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (parsed.success) return { manifest: parsed.data };
  return { problem: `${MANIFEST_FILE} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
}

export class ModelStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  variantDir(id: string, variant: string): string {
    return path.join(this.dir, folderName(id), folderName(variant));
  }

  partialDir(id: string, variant: string): string {
    return path.join(this.variantDir(id, variant), PARTIAL_DIR);
  }

  /** The folder of a completely installed variant, or undefined. Says nothing about the files' health: see verify-model.ts. */
  async installedPath(id: string, variant: string): Promise<string | undefined> {
    const dir = this.variantDir(id, variant);
    return (await exists(path.join(dir, INSTALL_RECORD_FILE))) ? dir : undefined;
  }

  async listInstalled(): Promise<InstalledModel[]> {
    const found: InstalledModel[] = [];
    for (const id of await subfolders(this.dir)) {
      for (const variant of await subfolders(path.join(this.dir, id))) {
        const dir = await this.installedPath(id, variant);
        if (dir) found.push({ id, variant, dir, ...(await readManifest(dir)) });
      }
    }
    return found;
  }

  /**
   * Empties a variant's folder before an install writes into it, keeping only downloads in flight. The install
   * record goes first: a crash halfway must not leave a folder that claims to be installed.
   */
  async clearInstall(id: string, variant: string): Promise<void> {
    const dir = this.variantDir(id, variant);
    await fs.rm(path.join(dir, INSTALL_RECORD_FILE), { force: true });
    await fs.mkdir(dir, { recursive: true });
    for (const name of await fs.readdir(dir)) {
      if (name !== PARTIAL_DIR) await fs.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }

  /** Deletes one variant (installed or half-downloaded), or every variant of a model when none is named. */
  async remove(id: string, variant?: string): Promise<void> {
    const target = variant === undefined ? path.join(this.dir, folderName(id)) : this.variantDir(id, variant);
    if (!(await exists(target))) throw new XuntuError('MODEL_NOT_FOUND', `${variant === undefined ? id : `${id} ${variant}`} is not in ${this.dir}`);
    await fs.rm(target, { recursive: true, force: true });
    // Leave no empty <model id> folder behind to be listed as a model with no variants.
    const modelDir = path.join(this.dir, id);
    if ((await exists(modelDir)) && (await fs.readdir(modelDir)).length === 0) await fs.rmdir(modelDir);
  }
}
