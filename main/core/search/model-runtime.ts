import { ClipEngine } from '../clip/clip-engine.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { indexLibrary, type IndexOptions, type IndexSummary, type PhotoEmbedder } from '../indexer/index-library.js';
import type { Library } from '../library/library.js';
import type { EmbeddingPool, StartEmbeddingPool } from '../infer/embedding-pool.js';
import { InferencePool, type InferencePoolOptions } from '../infer/inference-pool.js';
import { activeModel, searchModel } from '../models/active-model.js';
import { cachedQueryEncoder } from './cached-query-encoder.js';
import type { QueryEncoder } from './search-photos.js';

/**
 * The library's active model behind an inference pool, as the indexer's embedder; null when none is chosen. The CLI
 * takes the machine's defaults; the app passes the user's threads and execution provider, and its own pool host.
 */
export async function startEmbedder(
  db: Db,
  poolOptions: Omit<InferencePoolOptions, 'modelDir' | 'towers'> = {},
  startPool: StartEmbeddingPool = InferencePool.start,
): Promise<{ embedder: PhotoEmbedder; pool: EmbeddingPool } | null> {
  const model = await activeModel(db);
  if (!model) return null;
  const pool = await startPool({ ...poolOptions, modelDir: model.dir, towers: ['image'] });
  const { size, mean, std, resize } = model.manifest.image;
  return {
    pool,
    embedder: { modelId: model.manifest.id, clip: { size, mean, std, resize }, embed: (pixels, tag) => pool.embedImage(pixels, tag) },
  };
}

/**
 * An index run in which the library's active model embeds what is read; the pool lives for the run. Without a model,
 * or with one that cannot be loaded (files damaged or removed), the photos are still indexed — thumbnails and
 * metadata, no vectors — and `modelError` says why; a later run with a working model embeds what was left.
 */
export async function indexWithActiveModel(
  library: Library,
  options: Omit<IndexOptions, 'embedder'>,
): Promise<IndexSummary & { modelError: XuntuError | null }> {
  let embedding: Awaited<ReturnType<typeof startEmbedder>> = null;
  let modelError: XuntuError | null = null;
  try {
    embedding = await startEmbedder(library.db);
  } catch (err) {
    if (!(err instanceof XuntuError)) throw err;
    modelError = err;
  }
  const summary = await indexLibrary(library, { ...options, embedder: embedding?.embedder }).finally(() => embedding?.pool.close());
  return { ...summary, modelError };
}

/**
 * The search model's text side: cached query vectors first, else the text tower loaded in this process (a query
 * needs one short run, not a worker's start-up).
 */
export async function loadQueryEncoder(db: Db): Promise<QueryEncoder & { close(): Promise<void> }> {
  const model = await searchModel(db);
  if (!model) throw new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: run xuntu model fetch or xuntu model import first');
  return cachedQueryEncoder(db, model.manifest.id, async () => {
    const engine = await ClipEngine.load({ modelDir: model.dir, towers: ['text'] });
    return { modelId: model.manifest.id, embedText: async (text) => engine.embedTexts([text]), close: () => engine.close() };
  });
}
