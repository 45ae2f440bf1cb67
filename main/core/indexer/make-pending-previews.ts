import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { PhotoStore, KnownPhoto } from '../library/photo-store.js';
import { makePreview } from '../media/process-photo.js';
import { thumbnailPath, writeThumbnail } from '../media/thumbnail-cache.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { withDecodeDeadline } from './decode-deadline.js';
import { readPhotoFile } from './read-photo-file.js';
import type { WriteBatcher } from './write-batcher.js';

export interface PendingPreviewOptions {
  cacheDir: string;
  /** Roots whose photos get their previews (the online ones of the run). */
  rootIds: readonly number[];
  concurrency: number;
  maxPixels?: number;
  maxFileBytes: number;
  decodeTimeoutMs: number;
  signal?: AbortSignal;
  /** True for a photo whose preview already failed and whose file has not changed since: not tried again. */
  failedBefore: (photo: KnownPhoto) => boolean;
  onFailure: (photo: KnownPhoto, err: unknown) => void;
  onProgress: (done: number, total: number) => void;
}

/**
 * The indexer's last phase: the 1280 px previews that processPhoto deferred (see its 'defer' mode) and any an
 * interrupted run left behind, so that photos are visible and searchable before their previews are made. Each
 * content is decoded once however many copies share it (the cache is keyed by content hash). Returns how many
 * previews were made.
 */
export async function makePendingPreviews(store: PhotoStore, batcher: WriteBatcher, options: PendingPreviewOptions): Promise<number> {
  const byHash = new Map<string, KnownPhoto>();
  for (const rootId of options.rootIds) {
    for (const photo of store.pendingPreviews(rootId)) {
      if (!byHash.has(photo.contentHash) && !options.failedBefore(photo)) byHash.set(photo.contentHash, photo);
    }
  }
  const pending = [...byHash.values()];
  let made = 0;
  let done = 0;
  options.onProgress(0, pending.length);
  await mapConcurrent(
    pending,
    options.concurrency,
    async (photo) => {
      try {
        const preview = await decodePending(photo, batcher, store, options);
        if (!preview) return;
        // Outside decodePending's failure handling on purpose: a cache that cannot be written (a full disk) is not
        // this photo's fault; it ends the run, and the next run makes what is still missing.
        await writeThumbnail(options.cacheDir, photo.contentHash, 'preview', preview);
        batcher.push(() => store.markPreviewReady(photo.contentHash));
        made++;
      } finally {
        done++;
        if (done % 8 === 0 || done === pending.length) options.onProgress(done, pending.length);
      }
    },
    options.signal,
  );
  return made;
}

/**
 * The preview of one pending photo, or null when there is nothing to write: made already (by a run that stopped
 * before recording it, or for an identical file elsewhere), changed since it was indexed (the next run re-reads it
 * as changed), or failed — recorded against the photo, not retried until the file changes.
 */
async function decodePending(photo: KnownPhoto, batcher: WriteBatcher, store: PhotoStore, options: PendingPreviewOptions): Promise<Buffer | null> {
  const hash = photo.contentHash;
  try {
    if (await exists(thumbnailPath(options.cacheDir, hash, 'preview'))) {
      batcher.push(() => store.markPreviewReady(hash));
      return null;
    }
    const bytes = await readPhotoFile(photo, options.maxFileBytes);
    if (createHash('sha256').update(bytes).digest('hex') !== hash) return null;
    const preview = await withDecodeDeadline(makePreview(bytes, { maxPixels: options.maxPixels }), options.decodeTimeoutMs);
    return preview.data;
  } catch (err) {
    options.onFailure(photo, err);
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
