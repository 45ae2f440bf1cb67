import path from 'node:path';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';

export interface RootRow {
  id: number;
  path: string;
  status: 'ok' | 'offline';
  addedAt: number;
  lastScanAt: number | null;
}

/** What the indexer knows of a photo already in the library: enough to decide whether to re-read it. */
export interface KnownPhoto {
  id: number;
  rootId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  status: 'present' | 'missing';
}

/** Everything the indexer writes for one processed file. */
export interface PhotoRecord {
  rootId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  format: string;
  width: number;
  height: number;
  orientation: number | null;
  takenLocal: string | null;
  takenOffsetMin: number | null;
  takenUtcMs: number | null;
  takenSource: string;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
  gpsAlt: number | null;
}

export interface IndexErrorRecord {
  path: string;
  rootId: number | null;
  stage: 'scan' | 'read' | 'decode' | 'metadata' | 'thumbnail' | 'embed' | 'tag' | 'xmp';
  code: string;
  message: string;
  size: number | null;
  mtimeMs: number | null;
}

export interface KnownError {
  path: string;
  stage: string;
  code: string;
  message: string;
  size: number | null;
  mtimeMs: number | null;
}

const PHOTO_COLUMNS = `root_id, path, folder, size, mtime_ms, content_hash, format, width, height, orientation,
  taken_local, taken_offset_min, taken_utc_ms, taken_source, camera_make, camera_model, lens, gps_lat, gps_lon, gps_alt`;
const PHOTO_PARAMS = `@rootId, @path, @folder, @size, @mtimeMs, @contentHash, @format, @width, @height, @orientation,
  @takenLocal, @takenOffsetMin, @takenUtcMs, @takenSource, @cameraMake, @cameraModel, @lens, @gpsLat, @gpsLon, @gpsAlt`;

/** The indexer's reads and writes on roots, photos and index errors, as prepared statements. */
export class PhotoStore {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      rootByPath: db.prepare('SELECT id FROM roots WHERE path = ?'),
      insertRoot: db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)'),
      roots: db.prepare(
        'SELECT id, path, status, added_at AS addedAt, last_scan_at AS lastScanAt FROM roots ORDER BY path',
      ),
      setRootScanned: db.prepare(`UPDATE roots SET status = ?, last_scan_at = ? WHERE id = ?`),
      knownPhotos: db.prepare(
        `SELECT id, root_id AS rootId, path, size, mtime_ms AS mtimeMs, content_hash AS contentHash, status FROM photos WHERE root_id = ?`,
      ),
      missingByHash: db.prepare(`SELECT id, path FROM photos WHERE content_hash = ? AND status = 'missing'`),
      insertPhoto: db.prepare(
        `INSERT INTO photos (${PHOTO_COLUMNS}, status, added_at, updated_at) VALUES (${PHOTO_PARAMS}, 'present', @now, @now)`,
      ),
      updatePhoto: db.prepare(
        `UPDATE photos SET (${PHOTO_COLUMNS}, status, missing_since, preview_ready, updated_at) =
           (${PHOTO_PARAMS}, 'present', NULL, 0, @now) WHERE id = @id`,
      ),
      movePhoto: db.prepare(
        `UPDATE photos SET path = ?, folder = ?, root_id = ?, size = ?, mtime_ms = ?, status = 'present',
           missing_since = NULL, updated_at = ? WHERE id = ?`,
      ),
      markMissing: db.prepare(
        `UPDATE photos SET status = 'missing', missing_since = ?, updated_at = ? WHERE id = ? AND status = 'present'`,
      ),
      markRootMissing: db.prepare(
        `UPDATE photos SET status = 'missing', missing_since = ?, updated_at = ? WHERE root_id = ? AND status = 'present'`,
      ),
      markPresent: db.prepare(
        `UPDATE photos SET status = 'present', missing_since = NULL, updated_at = ? WHERE id = ?`,
      ),
      upsertError: db.prepare(
        `INSERT INTO index_errors (path, root_id, stage, code, message, size, mtime_ms, at)
         VALUES (@path, @rootId, @stage, @code, @message, @size, @mtimeMs, @at)
         ON CONFLICT (path, stage) DO UPDATE SET root_id = excluded.root_id, code = excluded.code,
           message = excluded.message, size = excluded.size, mtime_ms = excluded.mtime_ms, at = excluded.at`,
      ),
      clearErrors: db.prepare(`DELETE FROM index_errors WHERE path = ? AND stage IN ('scan', 'read', 'decode', 'metadata', 'thumbnail')`),
      knownErrors: db.prepare(
        `SELECT path, stage, code, message, size, mtime_ms AS mtimeMs FROM index_errors WHERE root_id = ?`,
      ),
      deleteError: db.prepare('DELETE FROM index_errors WHERE path = ? AND stage = ?'),
      putEmbedding: db.prepare(
        `INSERT INTO embeddings (photo_id, model_id, content_hash, dim, vector, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (photo_id, model_id) DO UPDATE SET content_hash = excluded.content_hash, dim = excluded.dim,
           vector = excluded.vector, created_at = excluded.created_at`,
      ),
      embeddedHashes: db.prepare('SELECT photo_id AS id, content_hash AS hash FROM embeddings WHERE model_id = ?'),
      pendingPreviews: db.prepare(
        `SELECT id, root_id AS rootId, path, size, mtime_ms AS mtimeMs, content_hash AS contentHash, status FROM photos
         WHERE root_id = ? AND status = 'present' AND preview_ready = 0 ORDER BY taken_local IS NULL, taken_local DESC, id DESC`,
      ),
      markPreviewReady: db.prepare('UPDATE photos SET preview_ready = 1 WHERE content_hash = ? AND preview_ready = 0'),
    };
  }

  /** Adds a root folder (idempotent) and returns its id. */
  addRoot(rootPath: string, now = Date.now()): number {
    const existing = this.stmts.rootByPath.get(rootPath) as { id: number } | undefined;
    if (existing) return existing.id;
    return Number(this.stmts.insertRoot.run(rootPath, now).lastInsertRowid);
  }

  roots(): RootRow[] {
    return this.stmts.roots.all() as RootRow[];
  }

  setRootScanned(rootId: number, status: 'ok' | 'offline', now = Date.now()): void {
    this.stmts.setRootScanned.run(status, now, rootId);
  }

  knownPhotos(rootId: number): KnownPhoto[] {
    return this.stmts.knownPhotos.all(rootId) as KnownPhoto[];
  }

  knownErrors(rootId: number): KnownError[] {
    return this.stmts.knownErrors.all(rootId) as KnownError[];
  }

  missingWithHash(contentHash: string): { id: number; path: string }[] {
    return this.stmts.missingByHash.all(contentHash) as { id: number; path: string }[];
  }

  insertPhoto(record: PhotoRecord, now = Date.now()): number {
    return Number(this.stmts.insertPhoto.run(params(record, now)).lastInsertRowid);
  }

  /** Rewrites a known photo in place (changed content, or a move): its id, and so its tags, stay. */
  updatePhoto(id: number, record: PhotoRecord, now = Date.now()): void {
    this.stmts.updatePhoto.run({ ...params(record, now), id });
  }

  /** The same content found under a new path: the row follows the file, keeping its id and all attached to it. */
  movePhoto(id: number, file: { path: string; rootId: number; size: number; mtimeMs: number }, now = Date.now()): void {
    this.stmts.movePhoto.run(file.path, path.dirname(file.path), file.rootId, file.size, file.mtimeMs, now, id);
  }

  markMissing(id: number, now = Date.now()): void {
    this.stmts.markMissing.run(now, now, id);
  }

  /** Every present photo of a root that is offline; returns how many. */
  markRootMissing(rootId: number, now = Date.now()): number {
    return this.stmts.markRootMissing.run(now, now, rootId).changes;
  }

  markPresent(id: number, now = Date.now()): void {
    this.stmts.markPresent.run(now, id);
  }

  recordError(error: IndexErrorRecord, now = Date.now()): void {
    this.stmts.upsertError.run({ ...error, at: now });
  }

  clearErrors(filePath: string): void {
    this.stmts.clearErrors.run(filePath);
  }

  deleteError(filePath: string, stage: string): void {
    this.stmts.deleteError.run(filePath, stage);
  }

  /** Stores a photo's vector (little-endian float32) and clears an earlier embedding failure of its file. */
  putEmbedding(photoId: number, modelId: string, contentHash: string, vector: Float32Array, filePath: string, now = Date.now()): void {
    const blob = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    this.stmts.putEmbedding.run(photoId, modelId, contentHash, vector.length, blob, now);
    this.stmts.deleteError.run(filePath, 'embed');
  }

  /** photo id → the content hash its vector of this model was computed from. */
  embeddedHashes(modelId: string): Map<number, string> {
    const rows = this.stmts.embeddedHashes.all(modelId) as { id: number; hash: string }[];
    return new Map(rows.map((r) => [r.id, r.hash]));
  }

  /** Present photos of a root whose preview is not made yet, in timeline order (what a user sees first comes first). */
  pendingPreviews(rootId: number): KnownPhoto[] {
    return this.stmts.pendingPreviews.all(rootId) as KnownPhoto[];
  }

  /** The cache holds the preview of this content now: for every photo with it, copies included. */
  markPreviewReady(contentHash: string): void {
    this.stmts.markPreviewReady.run(contentHash);
  }

  /** A photo named on the command line by id or by path; PHOTO_NOT_FOUND otherwise. */
  resolvePhoto(idOrPath: string): number {
    const byPath = this.db.prepare('SELECT id FROM photos WHERE path = ?').pluck().get(path.resolve(idOrPath)) as number | undefined;
    if (byPath !== undefined) return byPath;
    if (/^\d+$/.test(idOrPath)) {
      const byId = this.db.prepare('SELECT id FROM photos WHERE id = ?').pluck().get(Number(idOrPath)) as number | undefined;
      if (byId !== undefined) return byId;
    }
    throw new XuntuError('PHOTO_NOT_FOUND', `no photo ${idOrPath} in this library`);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function params(record: PhotoRecord, now: number) {
  return { ...record, folder: path.dirname(record.path), now };
}
