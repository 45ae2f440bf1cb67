import type { Db } from '../../main/core/db/open-database.js';

export interface VectorLibraryOptions {
  modelId: string;
  dim: number;
  /** Photo ids 1..count, each under /photos with the vector vectorOf(id) (normalised or not). */
  count: number;
  vectorOf: (id: number) => Float32Array;
  /** Manifest fields tagging reads (logitScale, tagThreshold); the rest of a manifest is not needed. */
  manifest?: Record<string, unknown>;
}

/**
 * A library database holding photos with stored vectors and the model they came from, as indexing leaves it, without
 * any image: for tests and benches of what runs on stored vectors (search, tagging). One transaction.
 */
export function seedVectorLibrary(db: Db, opts: VectorLibraryOptions): void {
  const photo = db.prepare(
    `INSERT OR IGNORE INTO photos (id, root_id, path, folder, size, mtime_ms, content_hash, format, width, height, taken_source, added_at, updated_at)
     VALUES (?, 1, ?, '/photos', 1, 0, ?, 'jpeg', 1, 1, 'none', 0, 0)`,
  );
  const embedding = db.prepare(`INSERT INTO embeddings (photo_id, model_id, content_hash, dim, vector, created_at) VALUES (?, ?, ?, ?, ?, 0)`);
  db.transaction(() => {
    db.prepare(`INSERT OR IGNORE INTO roots (id, path, added_at) VALUES (1, '/photos', 0)`).run();
    db.prepare(`INSERT INTO models (id, family, dim, manifest, installed_at) VALUES (?, 'chinese-clip', ?, ?, 0)`).run(
      opts.modelId,
      opts.dim,
      JSON.stringify({ id: opts.modelId, logitScale: 100, ...opts.manifest }),
    );
    for (let id = 1; id <= opts.count; id++) {
      const v = opts.vectorOf(id);
      photo.run(id, `/photos/${id}.jpg`, `h${id}`);
      embedding.run(id, opts.modelId, `h${id}`, opts.dim, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    }
  })();
}
