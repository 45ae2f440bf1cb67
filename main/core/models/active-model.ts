import path from 'node:path';
import { readModelManifest } from '../clip/model-manifest-file.js';
import type { ModelManifest } from '../clip/model-manifest.js';
import type { Db } from '../db/open-database.js';

const ACTIVE_MODEL_DIR = 'active_model_dir';
const PREVIOUS_MODEL_DIR = 'previous_model_dir';

export interface ActiveModel {
  dir: string;
  manifest: ModelManifest;
}

/**
 * The model a library embeds and searches with. A library remembers the installed folder (models are shared by
 * all libraries) and records the model in its `models` table, whose id is stored beside every vector.
 */
export async function activeModel(db: Db): Promise<ActiveModel | null> {
  const dir = setting(db, ACTIVE_MODEL_DIR);
  return dir === undefined ? null : { dir, manifest: await readModelManifest(dir) };
}

/**
 * The model search should use: the active one once every present photo has its vector; until then (the library
 * is being re-embedded after a model change) the previous model, whose vectors are complete, so search keeps
 * working at its old quality instead of silently missing the photos not yet re-embedded.
 */
export async function searchModel(db: Db): Promise<ActiveModel | null> {
  const active = await activeModel(db);
  if (!active || isFullyEmbedded(db, active.manifest.id)) return active;
  const previous = await previousModel(db);
  return previous && isFullyEmbedded(db, previous.manifest.id) ? previous : active;
}

/** The model that was active before the current one; null when there was none or it has been removed. */
export async function previousModel(db: Db): Promise<ActiveModel | null> {
  const dir = setting(db, PREVIOUS_MODEL_DIR);
  if (dir === undefined) return null;
  try {
    return { dir, manifest: await readModelManifest(dir) };
  } catch {
    return null; // removed: search falls back to the active model, partial results beat none
  }
}

function isFullyEmbedded(db: Db, modelId: string): boolean {
  const present = db.prepare(`SELECT count(*) FROM photos WHERE status = 'present'`).pluck().get() as number;
  return embeddedPhotoCount(db, modelId) === present;
}

/**
 * Present photos whose vector of `modelId` is for their current content. Index-only (embeddings_model_photo_hash):
 * the embeddings rows themselves carry the vectors and are far too large to scan on every call.
 */
export function embeddedPhotoCount(db: Db, modelId: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM photos p JOIN embeddings e ON e.model_id = ? AND e.photo_id = p.id AND e.content_hash = p.content_hash
       WHERE p.status = 'present'`,
    )
    .pluck()
    .get(modelId) as number;
}

function setting(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}

export async function setActiveModel(db: Db, modelDir: string): Promise<ActiveModel> {
  const dir = path.resolve(modelDir);
  const manifest = await readModelManifest(dir);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO models (id, family, dim, manifest, installed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET family = excluded.family, dim = excluded.dim, manifest = excluded.manifest`,
    ).run(manifest.id, manifest.family, manifest.embeddingDim, JSON.stringify(manifest), Date.now());
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const current = setting(db, ACTIVE_MODEL_DIR);
    if (current !== undefined && current !== dir) put.run(PREVIOUS_MODEL_DIR, current);
    put.run(ACTIVE_MODEL_DIR, dir);
  })();
  return { dir, manifest };
}
