import type { Db } from '../db/open-database.js';
import type { QueryEncoder } from './search-photos.js';

/** Queries kept per library; older ones are forgotten first. */
const KEEP = 500;

/**
 * Wraps a query encoder with the library's cache of recent query embeddings. `load` is only called on a miss, so a
 * repeated query never loads the text tower at all.
 */
type ClosableEncoder = QueryEncoder & { close(): Promise<void> };

export function cachedQueryEncoder(db: Db, modelId: string, load: () => Promise<ClosableEncoder>): ClosableEncoder {
  let encoder: Promise<ClosableEncoder> | undefined;
  const get = db.prepare('SELECT vector FROM query_embeddings WHERE model_id = ? AND text = ?').pluck();
  const touch = db.prepare('UPDATE query_embeddings SET used_at = ? WHERE model_id = ? AND text = ?');
  const put = db.prepare(
    `INSERT INTO query_embeddings (model_id, text, vector, used_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model_id, text) DO UPDATE SET vector = excluded.vector, used_at = excluded.used_at`,
  );
  const prune = db.prepare(
    `DELETE FROM query_embeddings WHERE (model_id, text) NOT IN
       (SELECT model_id, text FROM query_embeddings ORDER BY used_at DESC LIMIT ?)`,
  );
  return {
    modelId,
    async embedText(text: string): Promise<Float32Array> {
      const hit = get.get(modelId, text) as Buffer | undefined;
      if (hit) {
        touch.run(Date.now(), modelId, text);
        return new Float32Array(hit.buffer.slice(hit.byteOffset, hit.byteOffset + hit.byteLength));
      }
      encoder ??= load();
      const vector = await (await encoder).embedText(text);
      put.run(modelId, text, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), Date.now());
      prune.run(KEEP);
      return vector;
    },
    async close(): Promise<void> {
      // A load that failed has already been reported to the caller of embedText.
      const loaded = await encoder?.catch(() => undefined);
      await loaded?.close();
    },
  };
}
