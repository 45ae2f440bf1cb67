import fs from 'node:fs/promises';
import path from 'node:path';
import {
  HUBS,
  findModel,
  findVariant,
  loadCatalog,
  variantFiles,
  type Catalog,
  type CatalogEntry,
  type CatalogFile,
  type Hub,
} from '../../../models/catalog.js';
import { XuntuError } from '../errors.js';
import { downloadFile, type DownloadOptions } from './download-file.js';
import { sha256OfFile } from './file-sha256.js';
import type { ImportModelHook } from './import-hook.js';
import { installVariant, type InstalledVariant } from './import-model.js';
import { ModelStore, resolveModelsDir } from './model-store.js';
import { hubEndpoint, hubFileUrl } from './source-url.js';
import { verifyModel } from './verify-model.js';

export type SourceChoice = Hub | 'auto';

export interface FetchProgress {
  /** The file being downloaded, as the catalog names it. */
  file: string;
  /** Its position among the variant's files (0-based) and their number. */
  index: number;
  count: number;
  received: number;
  total: number | undefined;
}

export interface FetchModelOptions {
  /** Converts the downloaded files into the Xuntu layout (see import-hook.ts). */
  importModel: ImportModelHook;
  /** Default: the entry's default variant. */
  variant?: string;
  /** 'auto' (default) tries each hub the model is published on, Hugging Face first, moving on when one fails. */
  source?: SourceChoice;
  /** Replaces the chosen hub's endpoint (with 'auto', Hugging Face's: mirrors such as hf-mirror.com are the use). */
  endpoint?: string;
  modelsDir?: string;
  catalog?: Catalog;
  env?: NodeJS.ProcessEnv;
  onProgress?: (progress: FetchProgress) => void;
  signal?: AbortSignal;
  /** Retry tuning for each file's download. */
  retry?: Pick<DownloadOptions, 'attempts' | 'retryDelayMs'>;
}

export interface FetchModelResult extends InstalledVariant {
  /** True when an intact install was already there and nothing was fetched. */
  alreadyInstalled: boolean;
  /** Files fetched by this call; the others were already complete from an interrupted earlier fetch. */
  downloaded: string[];
}

function hubsFor(entry: CatalogEntry, choice: SourceChoice): Hub[] {
  const published = HUBS.filter((hub) => entry.sources[hub]);
  if (published.length === 0) {
    const origin = entry.upstream.huggingface ?? entry.upstream.checkpoint ?? entry.homepage;
    throw new XuntuError(
      'MODEL_NOT_DOWNLOADABLE',
      `${entry.id} is import-only: no hub publishes its ${entry.format} files. Convert the original weights (${origin}), then import the folder`,
    );
  }
  if (choice === 'auto') return published;
  if (!entry.sources[choice]) throw new XuntuError('MODEL_NOT_DOWNLOADABLE', `${entry.id} is not published on ${choice}; try ${published.join(' or ')}`);
  return [choice];
}

/** A file finished earlier (downloads are renamed into place only once verified) that still matches the catalog. */
async function isComplete(file: string, expected: CatalogFile): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) return false;
  if (expected.size !== null && stat.size !== expected.size) return false;
  return expected.sha256 === null || (await sha256OfFile(file)) === expected.sha256;
}

const partialPath = (partialDir: string, file: CatalogFile) => path.join(partialDir, ...file.path.split('/'));

/** Downloads what is not yet complete in .partial, appending each file's path to `downloaded` once it is. */
async function downloadFrom(
  hub: Hub,
  endpoint: string,
  entry: CatalogEntry,
  files: CatalogFile[],
  partialDir: string,
  options: FetchModelOptions,
  downloaded: string[],
): Promise<void> {
  const source = entry.sources[hub]!;
  for (const [index, file] of files.entries()) {
    const dest = partialPath(partialDir, file);
    if (await isComplete(dest, file)) continue;
    await fs.rm(dest, { force: true });
    // The schema guarantees every file of a model with sources has a url.
    const url = hubFileUrl(hub, endpoint, { repo: source.repo, revision: source.revision, path: file.url! });
    await downloadFile(url, dest, {
      ...options.retry,
      expectedSize: file.size,
      sha256: file.sha256,
      ...(options.signal && { signal: options.signal }),
      onProgress: (received, total) => options.onProgress?.({ file: file.path, index, count: files.length, received, total }),
    });
    downloaded.push(file.path);
  }
}

/** Tries the hubs in turn; a hub that fails (unreachable, missing file, bad bytes) hands over to the next. */
async function downloadFromFirstWorkingHub(
  entry: CatalogEntry,
  files: CatalogFile[],
  partialDir: string,
  options: FetchModelOptions,
): Promise<{ hub: Hub; downloaded: string[] }> {
  // Endpoints first: a mistyped --endpoint is the user's to fix, not a reason to quietly try another hub.
  const explicitFor: Hub = options.source === 'modelscope' ? 'modelscope' : 'huggingface';
  const hubs = hubsFor(entry, options.source ?? 'auto').map((hub) => ({
    hub,
    endpoint: hubEndpoint(hub, hub === explicitFor ? options.endpoint : undefined, options.env),
  }));
  const downloaded: string[] = [];
  const failures: string[] = [];
  let lastError: XuntuError | undefined;
  for (const { hub, endpoint } of hubs) {
    if (lastError) {
      // Bytes from one hub may be completed with another's only where a hash will prove the result.
      for (const file of files.filter((f) => f.sha256 === null)) await fs.rm(`${partialPath(partialDir, file)}.part`, { force: true });
    }
    try {
      await downloadFrom(hub, endpoint, entry, files, partialDir, options, downloaded);
      return { hub, downloaded };
    } catch (err) {
      if (options.signal?.aborted || !(err instanceof XuntuError)) throw err;
      lastError = err;
      failures.push(`${hub}: ${err.message}`);
    }
  }
  throw failures.length > 1 ? new XuntuError(lastError!.code, failures.join('; '), { cause: lastError }) : lastError;
}

/**
 * Downloads every file of a catalog model's variant into `<models>/<id>/<variant>/.partial/` (keeping files already
 * complete there and resuming cut-off ones), converts them with `importModel` into the Xuntu layout, records the
 * install and deletes the downloads. A variant already installed and intact is left alone; a damaged one is
 * fetched again.
 */
export async function fetchModel(id: string, options: FetchModelOptions): Promise<FetchModelResult> {
  const entry = findModel(options.catalog ?? loadCatalog(), id);
  const variant = findVariant(entry, options.variant);
  const store = new ModelStore(resolveModelsDir(options.modelsDir, options.env));
  const partialDir = store.partialDir(entry.id, variant.id);

  const installed = await store.installedPath(entry.id, variant.id);
  if (installed) {
    const check = await verifyModel(installed);
    if (check.ok && check.manifest) {
      // Downloads left behind by a fetch that stopped after recording the install.
      await fs.rm(partialDir, { recursive: true, force: true });
      return { id: entry.id, variant: variant.id, dir: installed, manifest: check.manifest, alreadyInstalled: true, downloaded: [] };
    }
  }

  const { hub, downloaded } = await downloadFromFirstWorkingHub(entry, variantFiles(entry, variant), partialDir, options);
  const { repo, revision } = entry.sources[hub]!;
  const result = await installVariant(store, entry, variant, partialDir, options.importModel, `${hub} ${repo}@${revision}`);
  await fs.rm(partialDir, { recursive: true, force: true });
  return { ...result, alreadyInstalled: false, downloaded };
}
