import fs from 'node:fs/promises';
import path from 'node:path';
import { loadCatalog } from '../../../models/catalog.js';
import { XuntuError } from '../errors.js';
import type { ModelStore } from './model-store.js';

/** "id" or "id:variant", as the model commands take it. */
export function parseModelSpec(spec: string): { id: string; variant: string | undefined } {
  const at = spec.lastIndexOf(':');
  // "C:\models\x" is a Windows path, not id "C" variant "\models\x": only a plain name before the colon counts.
  if (at <= 0 || /[\\/]/.test(spec)) return { id: spec, variant: undefined };
  return { id: spec.slice(0, at), variant: spec.slice(at + 1) || undefined };
}

async function isDirectory(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * The installed folder a user means: an existing model folder as given, else `id[:variant]` in the store. Without a
 * variant, the catalog's default one when installed, else the only (or first) installed variant of that id.
 */
export async function resolveInstalledModel(store: ModelStore, spec: string, notInstalled: (spec: string, dir: string) => string): Promise<string> {
  if (/[\\/]/.test(spec) || spec === '.' || spec === '..') {
    if (await isDirectory(spec)) return path.resolve(spec);
  }
  const { id, variant } = parseModelSpec(spec);
  const missing = () => new XuntuError('MODEL_NOT_FOUND', notInstalled(spec, store.dir));
  if (variant !== undefined) {
    const dir = await store.installedPath(id, variant).catch(() => undefined);
    if (!dir) throw missing();
    return dir;
  }
  const installed = (await store.listInstalled()).filter((m) => m.id === id).sort((a, b) => a.variant.localeCompare(b.variant));
  const preferred = loadCatalog().models.find((m) => m.id === id)?.defaultVariant;
  const chosen = installed.find((m) => m.variant === preferred) ?? installed[0];
  if (chosen) return chosen.dir;
  // A relative folder name without a slash ("my-model") is still a folder when one is there.
  if (await isDirectory(spec)) return path.resolve(spec);
  throw missing();
}

/** The catalog id a model folder inside the store belongs to (`<models>/<id>/<variant>`), if it is one. */
export function catalogIdOf(store: ModelStore, dir: string): string | undefined {
  const relative = path.relative(store.dir, dir);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const id = relative.split(path.sep)[0];
  return loadCatalog().models.find((m) => m.id === id)?.id;
}
