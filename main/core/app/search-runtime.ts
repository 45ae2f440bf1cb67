import type { DuplicateGroup, SearchHit, SearchResult, Settings } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import type { EmbeddingPool, StartEmbeddingPool } from '../infer/embedding-pool.js';
import { InferencePool } from '../infer/inference-pool.js';
import { listPhotos, type ScopeFilter } from '../library/photo-queries.js';
import { searchModel, type ActiveModel } from '../models/active-model.js';
import { cachedQueryEncoder } from '../search/cached-query-encoder.js';
import { photoScope, rankWithin, searchPhotos, type SearchHitRow, type SearchRequest } from '../search/search-photos.js';
import { findPhotoDuplicates } from '../search/photo-duplicates.js';
import { VectorIndex } from '../search/vectors/vector-index.js';
import type { PromptEncoder } from '../tagging/label-prototypes.js';
import { poolOptions } from './app-settings.js';
import { toGridPhoto } from './library-views.js';

type Encoder = ReturnType<typeof cachedQueryEncoder>;

const NO_MODEL = () => new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: fetch or import one in Settings → Models');

/**
 * Search over a library that stays open: the search model's vectors are loaded once (until photos or the model
 * change) and queries are embedded in a one-worker inference pool, so a query never blocks the event loop that also
 * serves the UI. Cached query vectors skip the pool entirely. Tagging borrows both (vectors, promptEncoder): the app
 * holds one copy of the library's vectors and one text tower.
 */
export class SearchRuntime {
  private index: { modelId: string; index: VectorIndex } | undefined;
  private searchModelAnswer: Promise<ActiveModel | null> | undefined;
  private encoder: { modelId: string; encoder: Encoder } | undefined;
  private textPool: { modelId: string; pool: Promise<EmbeddingPool> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly settings: () => Settings,
    private readonly startPool: StartEmbeddingPool = InferencePool.start,
  ) {}

  /** Photos or vectors changed: the next search reloads them. */
  invalidateVectors(): void {
    this.index = undefined;
    this.searchModelAnswer = undefined;
  }

  /** The model, or the settings the encoder runs under, changed. */
  async invalidateModel(): Promise<void> {
    this.invalidateVectors();
    const old = this.encoder;
    const oldPool = this.textPool;
    this.encoder = undefined;
    this.textPool = undefined;
    await old?.encoder.close();
    // A start that failed has already been reported to whoever asked for the pool.
    await (await oldPool?.pool.catch(() => undefined))?.close();
  }

  /**
   * searchModel, answered once until vectors or the model change (each index run ends with invalidateVectors): it
   * counts the library's vectors, and app.info, library.status and every query ask for it.
   */
  searchModel(): Promise<ActiveModel | null> {
    if (!this.searchModelAnswer) {
      const answer = searchModel(this.db);
      this.searchModelAnswer = answer;
      // A failure (a manifest unreadable for a moment) is asked again next time.
      answer.catch(() => this.searchModelAnswer === answer && (this.searchModelAnswer = undefined));
    }
    return this.searchModelAnswer;
  }

  /** The search model and its vectors, loaded once until photos or the model change. */
  async vectors(): Promise<{ model: ActiveModel; index: VectorIndex }> {
    const model = await this.model();
    return { model, index: this.vectorsOf(model) };
  }

  /** The search model's text tower for label prompts, on the pool queries use; started on the first miss only. */
  promptEncoder(model: ActiveModel): PromptEncoder {
    return async (texts) => (await this.poolFor(model)).embedTexts(texts);
  }

  async text(request: ScopeFilter & { text: string; limit?: number; sort?: 'score' | 'date' }): Promise<SearchResult> {
    const model = await this.model();
    const { text, ...rest } = request;
    const searchRequest: SearchRequest = { query: text, ...rest };
    const outcome = await searchPhotos(this.db, await this.encoderFor(model), searchRequest, this.vectorsOf(model));
    return {
      hits: outcome.hits.map(toHit),
      chips: outcome.parsed.filters.map((f) => ({ text: f.text, start: f.start, label: f.label, kind: f.kind, from: f.range.from, to: f.range.to })),
      text: outcome.parsed.text,
      contradictory: outcome.parsed.filters.length > 0 && outcome.parsed.range === null,
    };
  }

  async similar(request: ScopeFilter & { id: number; limit?: number; sort?: 'score' | 'date' }): Promise<SearchHit[]> {
    const model = await this.model();
    const index = this.vectorsOf(model);
    const vector = index.vector(request.id);
    if (!vector) throw new XuntuError('NOT_EMBEDDED', `photo ${request.id} has no vector for ${model.manifest.id} yet: index the library first`);
    const { id, limit, sort, ...filter } = request;
    return rankWithin(this.db, index, vector, photoScope(this.db, filter), { limit, sort }, id).hits.map(toHit);
  }

  /** Conservative, as `xuntu duplicates` (see findPhotoDuplicates). */
  async duplicates(threshold: number | undefined): Promise<DuplicateGroup[]> {
    const model = await this.model();
    const photos = new Map(listPhotos(this.db).map((p) => [p.id, p]));
    const groups = findPhotoDuplicates(this.vectorsOf(model), photos, threshold);
    return groups.map((g) => ({
      best: g.best,
      photos: g.photoIds.flatMap((id) => {
        const p = photos.get(id);
        return p ? [toGridPhoto(p)] : [];
      }),
    }));
  }

  async close(): Promise<void> {
    await this.invalidateModel();
  }

  private async model(): Promise<ActiveModel> {
    const model = await this.searchModel();
    if (!model) throw NO_MODEL();
    return model;
  }

  private vectorsOf(model: ActiveModel): VectorIndex {
    if (this.index?.modelId !== model.manifest.id) this.index = { modelId: model.manifest.id, index: VectorIndex.fromDatabase(this.db, model.manifest.id) };
    return this.index.index;
  }

  private async encoderFor(model: ActiveModel): Promise<Encoder> {
    if (this.encoder?.modelId === model.manifest.id) return this.encoder.encoder;
    // Another model's encoder and pool go; a pool tagging already started for this model stays.
    if (this.encoder || (this.textPool && this.textPool.modelId !== model.manifest.id)) await this.invalidateModel();
    const modelId = model.manifest.id;
    const encoder = cachedQueryEncoder(this.db, modelId, async () => {
      const pool = await this.poolFor(model);
      // The pool outlives this encoder's cache; invalidateModel closes it.
      return { modelId, embedText: (text) => pool.embedTexts([text]), close: async () => {} };
    });
    this.encoder = { modelId, encoder };
    return encoder;
  }

  private poolFor(model: ActiveModel): Promise<EmbeddingPool> {
    const modelId = model.manifest.id;
    if (this.textPool?.modelId === modelId) return this.textPool.pool;
    // Only the text tower, one worker: queries and label prompts are short and rare; the indexer has its own pool.
    const { providers } = poolOptions(this.settings());
    const pool = this.startPool({ modelDir: model.dir, towers: ['text'], workers: 1, ...(providers && { providers }) });
    const entry = { modelId, pool };
    this.textPool = entry;
    // A pool that failed to start is tried again on the next call.
    pool.catch(() => this.textPool === entry && (this.textPool = undefined));
    return pool;
  }
}

function toHit(h: SearchHitRow): SearchHit {
  return { photo: toGridPhoto(h.photo), score: h.score };
}
