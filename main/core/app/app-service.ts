import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppInfo, Channel, Language, LibraryStatus, ParsedRequestOf, ResponseOf, RootInfo } from '../../common/ipc-contract.js';
import { XuntuError } from '../errors.js';
import { reasonFor } from '../i18n/error-reasons.js';
import type { StartEmbeddingPool } from '../infer/embedding-pool.js';
import { openLibrary, type Library } from '../library/library.js';
import { cameraCounts, libraryStatus, listIndexErrors } from '../library/photo-queries.js';
import { PhotoStore } from '../library/photo-store.js';
import { activeModel, embeddedPhotoCount } from '../models/active-model.js';
import { AppEventHub } from './app-events.js';
import { startEmbedder } from '../search/model-runtime.js';
import { coreLang, poolOptions, readSettings, writeSettings } from './app-settings.js';
import { IndexJob } from './index-job.js';
import { photoDetail, photoPage, timeline } from './library-views.js';
import { ModelManager, modelRef } from './model-manager.js';
import { SearchRuntime } from './search-runtime.js';
import { TaggingService } from './tagging-service.js';

export interface AppServiceOptions {
  libraryDir: string;
  modelsDir: string;
  version: string;
  /** The UI language until the user picks one (from the OS locale). */
  defaultLanguage: Language;
  /** Reveals a file in the OS file manager; only Electron can (shell.showItemInFolder). */
  showInFolder?: (file: string) => Promise<void>;
  /** Asks the user for a folder with the OS picker (null: cancelled); only Electron can (dialog.showOpenDialog). */
  pickFolder?: () => Promise<string | null>;
  /**
   * Starts the indexer's and the search's inference pools: by default in this process (worker threads); the desktop
   * app hosts each in a utility process instead, so a native crash cannot take the window down (RemotePool).
   */
  startPool?: StartEmbeddingPool;
}

export type ChannelHandlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * Everything the UI can ask, over one open library: each handler calls the core (never re-implements it) and
 * answers plain JSON. Transports (Electron IPC, the loopback bridge) parse requests with the contract first and
 * decide how thumbnails are addressed; this object knows nothing of either.
 */
export class AppService {
  readonly events = new AppEventHub();
  readonly library: Library;
  private readonly index: IndexJob;
  private readonly search: SearchRuntime;
  private readonly models: ModelManager;
  private readonly tagging: TaggingService;

  constructor(private readonly options: AppServiceOptions) {
    this.library = openLibrary(options.libraryDir);
    const db = this.library.db;
    const emit = this.events.emit;
    this.search = new SearchRuntime(db, () => this.settings(), options.startPool);
    this.models = new ModelManager(db, options.modelsDir, emit, () => this.search.invalidateModel());
    this.index = new IndexJob({
      library: this.library,
      emit,
      startEmbedder: async () => {
        const started = await startEmbedder(db, poolOptions(this.settings()), options.startPool);
        return started && { embedder: started.embedder, close: () => started.pool.close(), provider: started.pool.info.providers.image };
      },
      // After every run, finished or not.
      onRunEnd: () => this.vectorsChanged(),
      // Search and tags need only vectors: they need not wait for the previews.
      onSearchable: () => this.vectorsChanged(),
    });
    this.tagging = new TaggingService(db, this.search, emit);
  }

  /** The UI's language in the core's terms, for error wording. */
  lang() {
    return coreLang(this.settings().language);
  }

  readonly handlers: ChannelHandlers = {
    'app.info': async () => this.info(),
    'settings.get': async () => this.settings(),
    'settings.set': async (change) => {
      writeSettings(this.library.db, change);
      // Threads and provider apply to the next indexing run and the next query encoder.
      if (change.provider !== undefined || change.threads !== undefined) await this.search.invalidateModel();
      this.events.emit('library.changed', { what: 'settings' });
      return this.settings();
    },

    'roots.list': async () => this.roots(),
    'roots.add': async ({ path: folder }) => {
      const stat = await fs.stat(folder).catch(() => undefined);
      if (!stat?.isDirectory()) throw new XuntuError('ROOT_NOT_FOUND', `${folder} is not a folder`);
      new PhotoStore(this.library.db).addRoot(path.resolve(folder));
      this.events.emit('library.changed', { what: 'roots' });
      return this.roots();
    },
    'roots.remove': async ({ path: folder }) => {
      if (this.index.status().state === 'running' || this.index.status().state === 'pausing') {
        throw new XuntuError('INDEX_RUNNING', 'pause indexing before removing a folder');
      }
      // Only the library's records go (ON DELETE CASCADE); the folder and its photos are never touched.
      const removed = this.library.db.prepare('DELETE FROM roots WHERE path = ?').run(path.resolve(folder)).changes;
      if (removed === 0) throw new XuntuError('ROOT_NOT_FOUND', `${folder} is not one of the library's folders`);
      this.search.invalidateVectors();
      this.events.emit('library.changed', { what: 'roots' });
      return this.roots();
    },

    'library.status': async () => this.status(),
    'library.cameras': async () => cameraCounts(this.library.db),
    'library.timeline': async (filter) => timeline(this.library.db, filter),
    'library.photos': async (request) => photoPage(this.library.db, request),
    'photo.detail': async ({ id }) => photoDetail(this.library.db, id, (await this.search.searchModel())?.manifest.id ?? null),

    'search.text': async (request) => this.search.text(request),
    'search.similar': async (request) => this.search.similar(request),
    'search.duplicates': async ({ threshold }) => this.search.duplicates(threshold),

    'index.start': async () => this.index.start(),
    'index.pause': async () => this.index.pause(),
    'index.resume': async () => this.index.resume(),
    'index.status': async () => this.index.status(),

    'errors.list': async () => {
      const lang = this.lang();
      return listIndexErrors(this.library.db).map((e) => ({ path: e.path, stage: e.stage, code: e.code, reason: reasonFor(e.code, e.message, lang), at: e.at }));
    },

    'models.list': async () => this.models.list(),
    'models.use': async ({ id, variant }) => this.models.use(id, variant),
    'models.import': async (request) => this.models.importFolder(request),
    'models.fetch': async (request) => this.models.fetch(request),
    'models.cancelFetch': async () => this.models.cancelFetch(),

    'labelSets.list': async () => this.tagging.list(),
    'labelSets.get': async (request) => this.tagging.get(request),
    'labelSets.save': async (request) => this.tagging.save(request),
    'labelSets.delete': async (request) => this.tagging.delete(request),
    'labelSets.import': async (request) => this.tagging.importFile(request),
    'labelSets.export': async (request) => this.tagging.exportFile(request),
    'labels.preview': async (request) => this.tagging.preview(request),
    'labels.reset': async (request) => this.tagging.reset(request),
    'tags.review': async (request) => this.tagging.review(request),
    'tags.decide': async (request) => this.tagging.decide(request),
    'tags.byLabel': async (request) => this.tagging.byLabel(request),
    'tagging.status': async () => this.tagging.queue.status(),

    'shell.showInFolder': async ({ id }) => {
      if (!this.options.showInFolder) throw new XuntuError('NOT_AVAILABLE', 'showing a file in its folder needs the desktop app');
      const file = this.library.db.prepare('SELECT path FROM photos WHERE id = ?').pluck().get(id) as string | undefined;
      if (file === undefined) throw new XuntuError('PHOTO_NOT_FOUND', `no photo ${id} in this library`);
      await this.options.showInFolder(file);
      return { shown: true };
    },
    'dialog.pickFolder': async () => {
      if (!this.options.pickFolder) throw new XuntuError('NOT_AVAILABLE', 'the folder picker needs the desktop app; type the folder path instead');
      return { path: await this.options.pickFolder() };
    },
  };

  /** Stops indexing after its current batch is committed, stops the inference workers and closes the library. */
  async close(): Promise<void> {
    this.models.cancelFetch();
    await this.index.stop();
    await this.tagging.queue.idle();
    await this.search.close();
    this.library.close();
  }

  /** Vectors changed (and once the active model covers every photo, search switches to it): new photos get tags. */
  private vectorsChanged(): void {
    this.search.invalidateVectors();
    this.tagging.photosChanged();
  }

  private settings() {
    return readSettings(this.library.db, this.options.defaultLanguage);
  }

  private async info(): Promise<AppInfo> {
    const db = this.library.db;
    return {
      version: this.options.version,
      language: this.settings().language,
      libraryDir: this.library.dir,
      modelsDir: this.models.store.dir,
      activeModel: modelRef(await activeModel(db)),
      searchModel: modelRef(await this.search.searchModel()),
      provider: { setting: this.settings().provider, actual: this.index.provider },
      features: { showInFolder: this.options.showInFolder !== undefined, pickFolder: this.options.pickFolder !== undefined },
    };
  }

  private roots(): RootInfo[] {
    return libraryStatus(this.library.db).roots;
  }

  private async status(): Promise<LibraryStatus> {
    const db = this.library.db;
    const model = await this.search.searchModel();
    return { ...libraryStatus(db), embedded: model ? embeddedPhotoCount(db, model.manifest.id) : 0 };
  }
}
