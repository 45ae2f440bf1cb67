import path from 'node:path';
import { loadCatalog, variantFiles } from '../../../models/catalog.js';
import type { InstalledResult, ModelFetchProgress, ModelRef, ModelsInfo } from '../../common/ipc-contract.js';
import { importHooks } from '../clip/model-import.js';
import { importFolderToStore } from '../models/folder-import.js';
import { resolveInstalledModel } from '../models/resolve-installed.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { activeModel, searchModel, setActiveModel, type ActiveModel } from '../models/active-model.js';
import { fetchModel, type SourceChoice } from '../models/fetch-model.js';
import { ModelStore } from '../models/model-store.js';
import { assertModelIntact } from '../models/verify-model.js';
import type { EventSink } from './app-events.js';
import { throttle } from './app-events.js';

const FETCH_PROGRESS_MS = 250;

export function modelRef(model: ActiveModel | null): ModelRef | null {
  return model && { id: model.manifest.id, dir: model.dir, dim: model.manifest.embeddingDim };
}

/**
 * The model manager behind Settings → Models: the catalog, what is installed (shared by every library on the
 * machine), the library's model, one download at a time with progress pushed as events.
 */
export class ModelManager {
  readonly store: ModelStore;
  private fetching: { progress: ModelFetchProgress; abort: AbortController } | undefined;

  constructor(
    private readonly db: Db,
    modelsDir: string,
    private readonly emit: EventSink,
    /** The library's model changed: search and indexing must pick it up. */
    private readonly onModelChanged: () => Promise<void>,
  ) {
    this.store = new ModelStore(modelsDir);
  }

  async list(): Promise<ModelsInfo> {
    const installed = await this.store.listInstalled();
    const active = await activeModel(this.db);
    const same = (dir: string) => active !== null && path.resolve(dir) === path.resolve(active.dir);
    return {
      modelsDir: this.store.dir,
      catalog: loadCatalog().models.map((m) => ({
        id: m.id,
        name: m.displayName,
        description: m.description,
        dim: m.embeddingDim,
        license: m.license,
        homepage: m.homepage,
        variants: m.variants.map((v) => ({ id: v.id, approxBytes: approxBytes(variantFiles(m, v)) })),
        defaultVariant: m.defaultVariant,
        default: m.default,
        downloadable: Object.keys(m.sources).length > 0,
        installed: installed.filter((i) => i.id === m.id).map((i) => i.variant),
      })),
      installed: installed.map((i) => ({
        id: i.id,
        variant: i.variant,
        dir: i.dir,
        manifestId: i.manifest?.id ?? null,
        dim: i.manifest?.embeddingDim ?? null,
        active: same(i.dir),
        problem: i.problem ?? null,
      })),
      active: modelRef(active),
      search: modelRef(await searchModel(this.db)),
      fetching: this.fetching?.progress ?? null,
    };
  }

  async use(id: string, variant: string | undefined): Promise<ModelsInfo> {
    // The contract's name alphabet has no separators, so the spec can only name an installed model, never a folder.
    const dir = await resolveInstalledModel(this.store, variant === undefined ? id : `${id}:${variant}`, (spec, dir) => `${spec} is not installed in ${dir}`);
    // Files altered since the install (same size, other bytes) are refused here, before anything loads them.
    await assertModelIntact(dir);
    await this.activate(dir);
    return this.list();
  }

  async importFolder(request: { folder: string; variant?: string; vocab?: string; use?: boolean }): Promise<InstalledResult> {
    const installed = await importFolderToStore(this.store, request.folder, {
      ...(request.variant && { variant: request.variant }),
      ...(request.vocab && { vocabFile: request.vocab }),
    });
    const use = request.use ?? true;
    if (use) await this.activate(installed.dir);
    return { id: installed.id, variant: installed.variant, dir: installed.dir, alreadyInstalled: false, active: use };
  }

  async fetch(request: { id: string; variant?: string; source?: SourceChoice; endpoint?: string; use?: boolean }): Promise<InstalledResult> {
    if (this.fetching) throw new XuntuError('FETCH_BUSY', `${this.fetching.progress.id} is being downloaded; wait for it or cancel it first`);
    const entry = loadCatalog().models.find((m) => m.id === request.id);
    if (!entry) throw new XuntuError('MODEL_NOT_FOUND', `no model "${request.id}" in the catalog`);
    const abort = new AbortController();
    const variant = request.variant ?? entry.defaultVariant;
    this.fetching = { abort, progress: { id: entry.id, variant, file: '', index: 0, count: 0, received: 0, total: null } };
    const push = throttle((p: ModelFetchProgress) => this.emit('models.fetchProgress', p), FETCH_PROGRESS_MS);
    try {
      const result = await fetchModel(entry.id, {
        importModel: importHooks[entry.format],
        variant,
        source: request.source ?? 'auto',
        ...(request.endpoint && { endpoint: request.endpoint }),
        modelsDir: this.store.dir,
        signal: abort.signal,
        onProgress: (p) => {
          const progress = { id: entry.id, variant, file: p.file, index: p.index, count: p.count, received: p.received, total: p.total ?? null };
          if (this.fetching) this.fetching.progress = progress;
          push(progress);
        },
      });
      push.flush();
      const use = request.use ?? true;
      if (use) await this.activate(result.dir);
      return { id: result.id, variant: result.variant, dir: result.dir, alreadyInstalled: result.alreadyInstalled, active: use };
    } finally {
      push.cancel();
      this.fetching = undefined;
    }
  }

  cancelFetch(): { cancelled: boolean } {
    if (!this.fetching) return { cancelled: false };
    this.fetching.abort.abort();
    return { cancelled: true };
  }

  private async activate(dir: string): Promise<void> {
    await setActiveModel(this.db, dir);
    await this.onModelChanged();
    this.emit('library.changed', { what: 'model' });
  }
}

/** What a variant costs to download, from the catalog's exact or approximate sizes; null when some are unknown. */
function approxBytes(files: readonly { size: number | null; approxSize?: number | undefined }[]): number | null {
  let sum = 0;
  for (const f of files) {
    const bytes = f.size ?? f.approxSize;
    if (bytes === undefined) return null;
    sum += bytes;
  }
  return sum;
}
