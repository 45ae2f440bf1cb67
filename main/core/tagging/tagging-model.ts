import type { ModelManifest } from '../clip/model-manifest.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { defaultTagThreshold } from './tag-threshold.js';

/** What tagging needs to know of a model the library has installed. */
export interface TaggingModel {
  id: string;
  dim: number;
  logitScale: number;
  /** The threshold of labels that have none of their own and learned none. */
  defaultThreshold: number;
}

export function taggingModel(db: Db, modelId: string): TaggingModel {
  const row = db.prepare('SELECT dim, manifest FROM models WHERE id = ?').get(modelId) as { dim: number; manifest: string } | undefined;
  if (!row) throw new XuntuError('UNKNOWN_MODEL', `model ${modelId} is not installed in this library`);
  const manifest = JSON.parse(row.manifest) as ModelManifest;
  return { id: modelId, dim: row.dim, logitScale: manifest.logitScale, defaultThreshold: defaultTagThreshold(manifest) };
}
