import path from 'node:path';
import { readModelManifest } from '../clip/model-manifest-file.js';
import type { ModelManifest } from '../clip/model-manifest.js';
import type { Db } from '../db/open-database.js';

const ACTIVE_MODEL_DIR = 'active_model_dir';

export interface ActiveModel {
  dir: string;
  manifest: ModelManifest;
}

/**
 * The model a library embeds and searches with. A library remembers the installed folder (models are shared by
 * all libraries) and records the model in its `models` table, whose id is stored beside every vector.
 */
export async function activeModel(db: Db): Promise<ActiveModel | null> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ACTIVE_MODEL_DIR) as string | undefined;
  if (row === undefined) return null;
  return { dir: row, manifest: await readModelManifest(row) };
}

export async function setActiveModel(db: Db, modelDir: string): Promise<ActiveModel> {
  const dir = path.resolve(modelDir);
  const manifest = await readModelManifest(dir);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO models (id, family, dim, manifest, installed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET family = excluded.family, dim = excluded.dim, manifest = excluded.manifest`,
    ).run(manifest.id, manifest.family, manifest.embeddingDim, JSON.stringify(manifest), Date.now());
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      ACTIVE_MODEL_DIR,
      dir,
    );
  })();
  return { dir, manifest };
}
