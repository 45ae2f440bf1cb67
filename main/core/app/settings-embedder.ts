import type { Settings } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import type { PhotoEmbedder } from '../indexer/index-library.js';
import type { EmbeddingPool, StartEmbeddingPool } from '../infer/embedding-pool.js';
import { InferencePool } from '../infer/inference-pool.js';
import { activeModel } from '../models/active-model.js';
import { poolOptions } from './app-settings.js';

/**
 * search/model-runtime.ts's startEmbedder with the user's threads and execution provider applied (the CLI takes the
 * machine's defaults). TODO(lead): give startEmbedder a pool-options parameter and drop this.
 */
export async function startSettingsEmbedder(
  db: Db,
  settings: Settings,
  startPool: StartEmbeddingPool = InferencePool.start,
): Promise<{ embedder: PhotoEmbedder; pool: EmbeddingPool } | null> {
  const model = await activeModel(db);
  if (!model) return null;
  const pool = await startPool({ modelDir: model.dir, towers: ['image'], ...poolOptions(settings) });
  const { size, mean, std, resize } = model.manifest.image;
  return {
    pool,
    embedder: { modelId: model.manifest.id, clip: { size, mean, std, resize }, embed: (pixels, tag) => pool.embedImage(pixels, tag) },
  };
}
