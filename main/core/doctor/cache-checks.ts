import fs from 'node:fs/promises';
import path from 'node:path';
import type { Library } from '../library/library.js';
import type { ThumbnailKind } from '../media/thumbnail-cache.js';
import { EXAMPLES, type Check } from './check.js';

/**
 * A file written this recently may belong to an index run in progress (the thumbnail is written before its row is
 * committed, and a .tmp is renamed a moment later): only older ones are orphans or leftovers.
 */
const SETTLE_MS = 15 * 60_000;

/**
 * The indexer's one signal for "read this file again" is a size or mtime that differs from the row's. No real file
 * has this mtime, so the next run processes a photo marked with it as changed: same row and id (tags and vectors
 * stay), a new grid image. Cheaper for a rare repair than a column and an indexer phase of its own.
 */
const REREAD_MTIME = -1;

const THUMBNAIL_NAME = /^([0-9a-f]{64})-(grid|preview)\.webp$/;

interface CacheFile {
  file: string;
  mtimeMs: number;
  hash?: string;
  kind?: ThumbnailKind;
}

/** cache/thumbs/<2 hex>/<file>, as thumbnail-cache.ts writes it; regular files only, never following a link out. */
async function listThumbs(thumbsDir: string): Promise<CacheFile[]> {
  const files: CacheFile[] = [];
  const shards = await fs.readdir(thumbsDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []; // nothing indexed yet
    throw err;
  });
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const dir = path.join(thumbsDir, shard.name);
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      const match = THUMBNAIL_NAME.exec(entry.name);
      files.push({ file, mtimeMs: (await fs.lstat(file)).mtimeMs, hash: match?.[1], kind: match?.[2] as ThumbnailKind | undefined });
    }
  }
  return files;
}

const removeFiles = (files: CacheFile[]) => async () => {
  for (const { file } of files) await fs.rm(file, { force: true });
};

/**
 * The thumbnail cache against the photos table. A thumbnail is an orphan only when no photo at all has its content:
 * a missing photo (an unplugged drive) keeps its thumbnails, so the grid can still show it. A present photo whose
 * grid image is gone is re-read by the next index; a lost preview is made again by its preview phase.
 */
export async function cacheChecks(library: Library, now: number): Promise<Check[]> {
  const { db } = library;
  const files = await listThumbs(path.join(library.cacheDir, 'thumbs'));
  const settled = files.filter((f) => f.mtimeMs < now - SETTLE_MS);
  const have = new Set(files.filter((f) => f.hash).map((f) => `${f.hash}-${f.kind}`));
  const known = new Set(db.prepare('SELECT DISTINCT content_hash FROM photos').pluck().all() as string[]);
  const present = db
    .prepare(
      `SELECT id, path, content_hash AS hash, preview_ready AS previewReady, mtime_ms = ${REREAD_MTIME} AS marked FROM photos
       WHERE status = 'present' ORDER BY path`,
    )
    .all() as { id: number; path: string; hash: string; previewReady: 0 | 1; marked: 0 | 1 }[];
  // Photos marked already (by an earlier repair) and previews not made yet are the next index run's work, not problems.
  const noGrid = present.filter((p) => !p.marked && !have.has(`${p.hash}-grid`));
  const noPreview = present.filter((p) => p.previewReady === 1 && !have.has(`${p.hash}-preview`));
  const orphans = settled.filter((f) => f.hash !== undefined && !known.has(f.hash));
  const temporary = settled.filter((f) => f.file.endsWith('.tmp'));
  const ids = (photos: { id: number }[]) => JSON.stringify(photos.map((p) => p.id));
  return [
    {
      code: 'MISSING_THUMBNAILS',
      count: noGrid.length,
      examples: noGrid.slice(0, EXAMPLES).map((p) => p.path),
      repair: () => {
        db.prepare(`UPDATE photos SET mtime_ms = ${REREAD_MTIME} WHERE id IN (SELECT value FROM json_each(?))`).run(ids(noGrid));
      },
    },
    {
      code: 'MISSING_PREVIEWS',
      count: noPreview.length,
      examples: noPreview.slice(0, EXAMPLES).map((p) => p.path),
      repair: () => {
        db.prepare('UPDATE photos SET preview_ready = 0 WHERE id IN (SELECT value FROM json_each(?))').run(ids(noPreview));
      },
    },
    { code: 'ORPHAN_THUMBNAILS', count: orphans.length, examples: orphans.slice(0, EXAMPLES).map((f) => f.file), repair: removeFiles(orphans) },
    { code: 'TEMP_FILES', count: temporary.length, examples: temporary.slice(0, EXAMPLES).map((f) => f.file), repair: removeFiles(temporary) },
  ];
}
