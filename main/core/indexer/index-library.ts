import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XuntuError, errorMessage } from '../errors.js';
import type { Library } from '../library/library.js';
import { PhotoStore, type IndexErrorRecord, type KnownPhoto, type PhotoRecord } from '../library/photo-store.js';
import { walkFolder, type FoundFile, type WalkProblem } from '../library/walk-folder.js';
import type { ClipInputSpec } from '../media/clip-input.js';
import { processPhoto, type ProcessedPhoto } from '../media/process-photo.js';
import { writeThumbnail } from '../media/thumbnail-cache.js';
import { readMetadata } from '../metadata/read-metadata.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { DEFAULT_DECODE_TIMEOUT_MS, withDecodeDeadline } from './decode-deadline.js';
import { makePendingPreviews } from './make-pending-previews.js';
import { readPhotoFile } from './read-photo-file.js';
import { WriteBatcher } from './write-batcher.js';

export interface IndexOptions {
  /** Folders to add as roots and index; when empty, every root already in the library is re-indexed. */
  roots?: readonly string[];
  /** Photos decoded at once; each holds its file bytes and a ≤1280 px raw frame. */
  concurrency?: number;
  /** Header pixel count above which a photo is refused (decompression bombs). */
  maxPixels?: number;
  /** Files larger than this are refused without being read. */
  maxFileBytes?: number;
  /** A photo whose decode takes longer is recorded as DECODE_TIMEOUT and the run goes on. Default 120 s. */
  decodeTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** When set, every new or changed photo is also embedded, from the same decode as its thumbnails. */
  embedder?: PhotoEmbedder;
  /**
   * Called once every photo of the run is stored and embedded, before the deferred previews are made (not after an
   * interruption): the place for work that needs only vectors, such as tagging, so it is not kept waiting.
   */
  onSearchable?: () => Promise<void>;
}

/** The CLIP image side as the indexer needs it; the CLI backs it with the inference pool. */
export interface PhotoEmbedder {
  readonly modelId: string;
  readonly clip: ClipInputSpec;
  /** One L2-normalised vector for a preprocessed 3×S×S image; rejects for that image only. */
  embed(pixels: Float32Array, tag: string): Promise<Float32Array>;
}

export interface IndexProgress {
  phase: 'scan' | 'process';
  /**
   * Files found so far (scan), or the process phase's work: the files to read and store, and once they are all
   * stored (visible and searchable), as many more as there are previews to make.
   */
  total: number;
  done: number;
  failed: number;
  /** Every file is stored; only previews are left. */
  makingPreviews?: boolean;
}

export interface IndexIssue {
  path: string;
  stage: IndexErrorRecord['stage'];
  code: string;
  message: string;
}

export interface IndexSummary {
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
  missing: number;
  /** Photos marked missing earlier that are back (a drive plugged in again). */
  restored: number;
  failed: number;
  errors: IndexIssue[];
  /** Photos that got a vector of the embedder's model in this run. */
  embedded: number;
  /** 1280 px previews made in the run's last phase (those made with the grid image are not counted). */
  previews: number;
  interrupted: boolean;
  scanMs: number;
  /** From the start until every photo read in this run was stored: visible, dated and (with an embedder) searchable. */
  searchableMs: number;
  durationMs: number;
}

const DEFAULT_MAX_FILE_BYTES = 1024 ** 3;
const REREAD_STAGES = new Set(['read', 'decode', 'metadata', 'thumbnail']);

/**
 * Indexes the library's roots: walk, decide what changed by size + mtime, then read each new or changed file once
 * to hash it, decode it (grid thumbnail, CLIP vector) and read its metadata. A new path whose content matches a
 * photo that vanished is a move: the row (and everything attached to it) follows the file. A photo that vanished is
 * marked missing, never deleted, so an unplugged drive keeps its tags. Last, the previews that decode deferred
 * (see make-pending-previews.ts). Every problem is recorded per path and the run goes on.
 */
export async function indexLibrary(library: Library, options: IndexOptions = {}): Promise<IndexSummary> {
  const started = Date.now();
  const store = new PhotoStore(library.db);
  const summary: IndexSummary = {
    added: 0, updated: 0, unchanged: 0, moved: 0, missing: 0, restored: 0, failed: 0,
    errors: [], embedded: 0, previews: 0, interrupted: false, scanMs: 0, searchableMs: 0, durationMs: 0,
  };
  const fail = (issue: IndexIssue) => {
    summary.failed++;
    summary.errors.push(issue);
  };

  for (const root of options.roots ?? []) store.addRoot(path.resolve(root));
  const wanted = new Set((options.roots ?? []).map((r) => path.resolve(r)));
  const roots = store.roots().filter((r) => wanted.size === 0 || wanted.has(r.path));

  // Scan: walk every root, then compare with what the library knows.
  const found: { file: FoundFile; rootId: number }[] = [];
  const known = new Map<string, KnownPhoto>();
  const knownErrors = new Map<string, IndexErrorRecord>();
  const vanishedByHash = new Map<string, KnownPhoto[]>();
  const foundPaths = new Set<string>();
  const problemPaths = new Set<string>();
  const offline = new Set<number>();

  for (const root of roots) {
    for (const photo of store.knownPhotos(root.id)) known.set(photo.path, photo);
    for (const e of store.knownErrors(root.id)) {
      knownErrors.set(`${e.path}\0${e.stage}`, { ...e, rootId: root.id, stage: e.stage as IndexErrorRecord['stage'] });
    }
    if (!(await isDirectory(root.path))) {
      offline.add(root.id);
      fail({ path: root.path, stage: 'scan', code: 'ROOT_MISSING', message: 'folder not found (drive unplugged or folder removed)' });
      continue;
    }
    const problems: WalkProblem[] = [];
    await walkFolder(
      root.path,
      (file) => {
        if (foundPaths.has(file.path)) return;
        foundPaths.add(file.path);
        found.push({ file, rootId: root.id });
        if (found.length % 500 === 0) options.onProgress?.({ phase: 'scan', total: found.length, done: 0, failed: 0 });
      },
      (problem) => problems.push(problem),
    );
    // The root can vanish while it is walked (a drive pulled out): then its photos are offline, not deleted.
    if (!(await isDirectory(root.path))) {
      offline.add(root.id);
      fail({ path: root.path, stage: 'scan', code: 'ROOT_MISSING', message: 'folder disappeared during the scan' });
      continue;
    }
    for (const p of problems) {
      problemPaths.add(p.path);
      store.recordError({ path: p.path, rootId: root.id, stage: 'scan', code: p.code, message: p.message, size: null, mtimeMs: null });
      fail({ path: p.path, stage: 'scan', code: p.code, message: p.message });
    }
  }

  const toProcess: { file: FoundFile; rootId: number; previous: KnownPhoto | undefined; embedOnly?: boolean }[] = [];
  const vectors = options.embedder ? store.embeddedHashes(options.embedder.modelId) : undefined;
  store.transaction(() => {
    for (const { file, rootId } of found) {
      const previous = known.get(file.path);
      if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs) {
        if (previous.status === 'missing') {
          store.markPresent(previous.id);
          summary.restored++;
        } else summary.unchanged++;
        // Indexed before this model was active (or by another model): embed it now, unless that already failed.
        if (vectors && vectors.get(previous.id) !== previous.contentHash && !knownErrors.has(`${file.path}\0embed`)) {
          toProcess.push({ file, rootId, previous, embedOnly: true });
        }
        continue;
      }
      const cached = unchangedFailure(knownErrors, file);
      if (cached) {
        fail({ path: file.path, stage: cached.stage, code: cached.code, message: cached.message });
        continue;
      }
      toProcess.push({ file, rootId, previous });
    }
    for (const photo of known.values()) {
      if (photo.status !== 'present' || foundPaths.has(photo.path) || offline.has(photo.rootId)) continue;
      const list = vanishedByHash.get(photo.contentHash) ?? [];
      list.push(photo);
      vanishedByHash.set(photo.contentHash, list);
    }
    // Errors about files that are gone, or that no longer fail the scan, are stale.
    for (const e of knownErrors.values()) {
      if (e.rootId !== null && offline.has(e.rootId)) continue;
      const stale = e.stage === 'scan' ? !problemPaths.has(e.path) : !foundPaths.has(e.path);
      if (stale) store.deleteError(e.path, e.stage);
    }
  });
  summary.scanMs = Date.now() - started;

  // Process: read, hash, decode and store each new or changed file.
  const batcher = new WriteBatcher(library.db);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const decodeTimeoutMs = options.decodeTimeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS;
  const concurrency = options.concurrency ?? Math.max(2, os.availableParallelism());
  let done = 0;
  const claimedMissing = new Set<number>();
  const report = () => options.onProgress?.({ phase: 'process', total: toProcess.length, done, failed: summary.failed });
  report();

  const recordFailure = (file: FoundFile, rootId: number, stage: IndexErrorRecord['stage'], err: unknown) => {
    const code = err instanceof XuntuError ? err.code : 'DECODE_FAILED';
    const message = errorMessage(err);
    batcher.push(() => store.recordError({ path: file.path, rootId, stage, code, message, size: file.size, mtimeMs: file.mtimeMs }));
    fail({ path: file.path, stage, code, message });
  };

  const embedPhoto = async (file: FoundFile, rootId: number, pixels: Float32Array | undefined) => {
    if (!options.embedder || !pixels) return undefined;
    try {
      const vector = await options.embedder.embed(pixels, file.path);
      summary.embedded++;
      return vector;
    } catch (err) {
      const code = err instanceof XuntuError ? err.code : 'EMBED_FAILED';
      batcher.push(() => store.recordError({ path: file.path, rootId, stage: 'embed', code, message: errorMessage(err), size: file.size, mtimeMs: file.mtimeMs }));
      fail({ path: file.path, stage: 'embed', code, message: errorMessage(err) });
      return undefined;
    }
  };

  const embedExisting = async (file: FoundFile, rootId: number, photo: KnownPhoto) => {
    let pixels: Float32Array | undefined;
    try {
      const bytes = await readPhotoFile(file, maxFileBytes);
      const processing = processPhoto(bytes, { maxPixels: options.maxPixels, clip: options.embedder?.clip, preview: 'skip' });
      pixels = (await withDecodeDeadline(processing, decodeTimeoutMs)).clipInput;
    } catch (err) {
      recordFailure(file, rootId, 'embed', err);
      return;
    }
    const vector = await embedPhoto(file, rootId, pixels);
    if (vector && options.embedder) {
      const modelId = options.embedder.modelId;
      batcher.push(() => store.putEmbedding(photo.id, modelId, photo.contentHash, vector, file.path));
    }
  };

  await mapConcurrent(
    toProcess,
    concurrency,
    async ({ file, rootId, previous, embedOnly }) => {
      try {
        if (embedOnly && previous) {
          await embedExisting(file, rootId, previous);
          return;
        }
        let bytes: Buffer;
        try {
          bytes = await readPhotoFile(file, maxFileBytes);
        } catch (err) {
          recordFailure(file, rootId, 'read', err);
          return;
        }
        const contentHash = createHash('sha256').update(bytes).digest('hex');

        if (!previous) {
          const moved =
            claimMoved(vanishedByHash, contentHash) ??
            store.missingWithHash(contentHash).find((m) => !claimedMissing.has(m.id));
          if (moved) {
            // Same content under a new name: the row follows the file; no decode needed.
            claimedMissing.add(moved.id);
            batcher.push(() => {
              store.movePhoto(moved.id, { path: file.path, rootId, size: file.size, mtimeMs: file.mtimeMs });
              store.clearErrors(file.path);
            });
            summary.moved++;
            return;
          }
        }

        let record: PhotoRecord;
        let thumbnails: ProcessedPhoto;
        try {
          const [processed, meta] = await withDecodeDeadline(
            Promise.all([
              // A big JPEG's preview is left to the last phase: its grid image and CLIP input need only a 1/8-scale
              // decode, so the photo is stored and searchable sooner (see processPhoto's 'defer').
              processPhoto(bytes, { maxPixels: options.maxPixels, clip: options.embedder?.clip, preview: 'defer' }),
              readMetadata(bytes, { path: file.path, mtimeMs: file.mtimeMs }),
            ]),
            decodeTimeoutMs,
          );
          thumbnails = processed;
          record = {
            rootId, path: file.path, size: file.size, mtimeMs: file.mtimeMs, contentHash,
            format: processed.format, width: processed.width, height: processed.height,
            orientation: processed.orientation ?? meta.orientation,
            takenLocal: meta.takenLocal, takenOffsetMin: meta.takenOffsetMin, takenUtcMs: meta.takenUtcMs,
            takenSource: meta.takenSource, cameraMake: meta.cameraMake, cameraModel: meta.cameraModel, lens: meta.lens,
            gpsLat: meta.gps?.lat ?? null, gpsLon: meta.gps?.lon ?? null, gpsAlt: meta.gps?.alt ?? null,
          };
        } catch (err) {
          recordFailure(file, rootId, 'decode', err);
          return;
        }
        // Outside the decode's try: the library's own disk failing (full, read-only) is no fault of this photo. It
        // ends the run, as a failed database write does, rather than recording every photo left as undecodable
        // (which the next run, finding those files unchanged, would not retry even once space is freed).
        await writeThumbnail(library.cacheDir, contentHash, 'grid', thumbnails.grid.data);
        const previewMade = thumbnails.preview !== undefined;
        if (thumbnails.preview) await writeThumbnail(library.cacheDir, contentHash, 'preview', thumbnails.preview.data);
        // A photo whose embedding fails is still indexed (browsable, dated); the failure is recorded for the embed stage.
        const vector = await embedPhoto(file, rootId, thumbnails.clipInput);
        batcher.push(() => {
          let id: number;
          if (previous) store.updatePhoto((id = previous.id), record);
          else id = store.insertPhoto(record);
          if (vector && options.embedder) store.putEmbedding(id, options.embedder.modelId, contentHash, vector, file.path);
          if (previewMade) store.markPreviewReady(contentHash);
          store.clearErrors(file.path);
        });
        if (previous) summary.updated++;
        else summary.added++;
      } finally {
        done++;
        if (done % 8 === 0 || done === toProcess.length) report();
      }
    },
    options.signal,
  );
  batcher.flush();
  summary.interrupted = options.signal?.aborted ?? false;
  for (const root of roots) {
    if (!offline.has(root.id) && !(await isDirectory(root.path))) {
      offline.add(root.id);
      fail({ path: root.path, stage: 'scan', code: 'ROOT_MISSING', message: 'folder disappeared during indexing' });
    }
  }

  // Whatever vanished and was not claimed by a move is missing now; the photos of an offline root are kept as
  // they were, marked missing, so the UI can say so and they come back with the drive.
  if (!summary.interrupted) {
    store.transaction(() => {
      const now = Date.now();
      for (const list of vanishedByHash.values()) {
        for (const photo of list) {
          store.markMissing(photo.id, now);
          summary.missing++;
        }
      }
      for (const rootId of offline) summary.missing += store.markRootMissing(rootId, now);
      for (const root of roots) store.setRootScanned(root.id, offline.has(root.id) ? 'offline' : 'ok', now);
    });
  }
  summary.searchableMs = Date.now() - started;
  if (!summary.interrupted) await options.onSearchable?.();

  // Last, the previews deferred above or left by an interrupted run.
  if (!summary.interrupted) {
    summary.previews = await makePendingPreviews(store, batcher, {
      cacheDir: library.cacheDir,
      rootIds: roots.filter((r) => !offline.has(r.id)).map((r) => r.id),
      concurrency,
      maxPixels: options.maxPixels,
      maxFileBytes,
      decodeTimeoutMs,
      signal: options.signal,
      failedBefore: (photo) => unchangedFailure(knownErrors, photo, ['thumbnail']) !== undefined,
      onFailure: (photo, err) => recordFailure(photo, photo.rootId, 'thumbnail', err),
      onProgress: (previewsDone, previews) =>
        options.onProgress?.({
          phase: 'process', total: toProcess.length + previews, done: toProcess.length + previewsDone, failed: summary.failed, makingPreviews: true,
        }),
    });
    batcher.flush();
    summary.interrupted = options.signal?.aborted ?? false;
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

function unchangedFailure(
  errors: Map<string, IndexErrorRecord>,
  file: FoundFile,
  stages: Iterable<string> = REREAD_STAGES,
): IndexErrorRecord | undefined {
  for (const stage of stages) {
    const e = errors.get(`${file.path}\0${stage}`);
    if (e && e.size === file.size && e.mtimeMs === file.mtimeMs) return e;
  }
  return undefined;
}

function claimMoved(vanishedByHash: Map<string, KnownPhoto[]>, contentHash: string): KnownPhoto | undefined {
  const list = vanishedByHash.get(contentHash);
  const photo = list?.shift();
  if (list && list.length === 0) vanishedByHash.delete(contentHash);
  return photo;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
