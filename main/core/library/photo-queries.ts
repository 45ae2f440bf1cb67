import path from 'node:path';
import type { Db } from '../db/open-database.js';

export interface PhotoFilter {
  /** Only photos inside this folder (recursively). */
  folder?: string;
  /** Inclusive capture-date bounds, 'YYYY-MM-DD' or a longer ISO local time; a bare date covers its whole day. */
  from?: string;
  to?: string;
  /** Only photos carrying every one of these labels (auto or confirmed; a rejected tag never counts). */
  labelIds?: readonly number[];
  /** Case-insensitive: the camera's name as cameraCounts gives it, or its make or its model alone. */
  camera?: string;
  includeMissing?: boolean;
  limit?: number;
  offset?: number;
}

/** What the UI and search narrow the library by: present photos only, no paging. */
export type ScopeFilter = Pick<PhotoFilter, 'folder' | 'from' | 'to' | 'labelIds' | 'camera'>;

export interface PhotoSummary {
  id: number;
  path: string;
  folder: string;
  format: string;
  size: number;
  width: number;
  height: number;
  /** ISO 8601: local wall-clock time, with its UTC offset when known. */
  takenAt: string | null;
  takenSource: string;
  camera: { make: string | null; model: string | null; lens: string | null };
  gps: { lat: number; lon: number; alt: number | null } | null;
  contentHash: string;
  status: 'present' | 'missing';
  /** Its 1280 px preview is in the thumbnail cache; until then (an index run still making previews) show the grid image. */
  previewReady: boolean;
}

interface PhotoRow {
  id: number; path: string; folder: string; format: string; size: number; width: number; height: number;
  taken_local: string | null; taken_offset_min: number | null; taken_source: string;
  camera_make: string | null; camera_model: string | null; lens: string | null;
  gps_lat: number | null; gps_lon: number | null; gps_alt: number | null;
  content_hash: string; status: 'present' | 'missing'; preview_ready: 0 | 1;
}

const SUMMARY_COLUMNS = `id, path, folder, format, size, width, height, taken_local, taken_offset_min, taken_source,
  camera_make, camera_model, lens, gps_lat, gps_lon, gps_alt, content_hash, status, preview_ready`;
const TIMELINE_ORDER = 'taken_local IS NULL, taken_local DESC, id DESC';

/** Photos in timeline order (newest first; undated last), filtered. */
export function listPhotos(db: Db, filter: PhotoFilter = {}): PhotoSummary[] {
  const { sql: where, params } = photoScopeWhere(filter);
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM photos WHERE ${where} ORDER BY ${TIMELINE_ORDER} LIMIT @limit OFFSET @offset`;
  params.limit = filter.limit ?? -1;
  params.offset = filter.offset ?? 0;
  return (db.prepare(sql).all(params) as PhotoRow[]).map(toSummary);
}

/**
 * The ids a filter selects, as a mask indexed by photo id (what VectorIndex filters by): search scopes a ranking
 * without building a summary for every photo in scope.
 */
export function photoIdMask(db: Db, filter: Omit<PhotoFilter, 'limit' | 'offset'>): Uint8Array {
  const { sql: where, params } = photoScopeWhere(filter);
  const maxId = (db.prepare('SELECT max(id) FROM photos').pluck().get() as number | null) ?? 0;
  const mask = new Uint8Array(maxId + 1);
  for (const id of db.prepare(`SELECT id FROM photos WHERE ${where}`).pluck().iterate(params) as IterableIterator<number>) mask[id] = 1;
  return mask;
}

/** These photos (those that exist, whatever their status) by id, in the order of `ids`. */
export function photosByIds(db: Db, ids: readonly number[]): PhotoSummary[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM photos WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as PhotoRow[];
  const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The WHERE clause (never empty) and its named parameters for the photos a filter selects: present ones unless
 * includeMissing, a folder with its subfolders, inclusive capture-date bounds. Shared by listing, counting and
 * grouping so they always agree on the scope.
 */
export function photoScopeWhere(filter: Omit<PhotoFilter, 'limit' | 'offset'>): { sql: string; params: Record<string, unknown> } {
  const where = ['1'];
  const params: Record<string, unknown> = {};
  if (!filter.includeMissing) where.push(`status = 'present'`);
  if (filter.folder !== undefined) {
    const folder = path.resolve(filter.folder);
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    // Prefix match by range rather than LIKE, so '%' and '_' in folder names mean themselves.
    where.push(`(folder = @folder OR (folder >= @folderPrefix AND folder < @folderEnd))`);
    Object.assign(params, { folder, folderPrefix: prefix, folderEnd: prefix + '\uffff' });
  }
  if (filter.from !== undefined) {
    where.push('taken_local >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('taken_local < @toEnd');
    params.toEnd = endOfBound(filter.to);
  }
  // Every label, each a subquery on photo_tags' (label_id, source) index; the same tags as photosWithLabels counts.
  filter.labelIds?.forEach((labelId, i) => {
    where.push(`id IN (SELECT photo_id FROM photo_tags WHERE label_id = @label${i} AND source IN ('auto', 'confirmed'))`);
    params[`label${i}`] = labelId;
  });
  if (filter.camera !== undefined) {
    where.push(`(camera_make = @camera COLLATE NOCASE OR camera_model = @camera COLLATE NOCASE OR ${CAMERA_NAME} = @camera COLLATE NOCASE)`);
    params.camera = filter.camera.trim();
  }
  return { sql: where.join(' AND '), params };
}

/**
 * A camera's name: make and model, the make once when the model already starts with it (EXIF often writes
 * 'Canon' / 'Canon EOS R5', but 'NIKON CORPORATION' / 'NIKON D750' stays whole); null without either.
 */
const CAMERA_NAME = `CASE
  WHEN camera_model IS NULL THEN camera_make
  WHEN camera_make IS NULL OR substr(camera_model, 1, length(camera_make)) = camera_make COLLATE NOCASE THEN camera_model
  ELSE camera_make || ' ' || camera_model END`;

export interface CameraCount {
  camera: string;
  make: string | null;
  model: string | null;
  count: number;
}

/** The present photos' cameras, most photos first; photos without camera metadata are left out. */
export function cameraCounts(db: Db): CameraCount[] {
  return db
    .prepare(
      `SELECT ${CAMERA_NAME} AS camera, camera_make AS make, camera_model AS model, count(*) AS count FROM photos
       WHERE status = 'present' AND (camera_make IS NOT NULL OR camera_model IS NOT NULL)
       GROUP BY camera_make, camera_model ORDER BY count DESC, camera`,
    )
    .all() as CameraCount[];
}

/** A bare date 'YYYY-MM-DD' includes its whole day; so does a month 'YYYY-MM' or a year 'YYYY'. */
function endOfBound(to: string): string {
  return to.length <= 10 ? `${to}\uffff` : to + '\u0000';
}

export function formatTakenAt(local: string | null, offsetMin: number | null): string | null {
  if (local === null) return null;
  if (offsetMin === null) return local;
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function toSummary(r: PhotoRow): PhotoSummary {
  return {
    id: r.id, path: r.path, folder: r.folder, format: r.format, size: r.size, width: r.width, height: r.height,
    takenAt: formatTakenAt(r.taken_local, r.taken_offset_min),
    takenSource: r.taken_source,
    camera: { make: r.camera_make, model: r.camera_model, lens: r.lens },
    gps: r.gps_lat !== null && r.gps_lon !== null ? { lat: r.gps_lat, lon: r.gps_lon, alt: r.gps_alt } : null,
    contentHash: r.content_hash,
    status: r.status,
    previewReady: r.preview_ready === 1,
  };
}

export interface LibraryStatus {
  photos: number;
  missing: number;
  errors: number;
  roots: { path: string; status: 'ok' | 'offline'; photos: number; missing: number; lastScanAt: number | null }[];
}

export function libraryStatus(db: Db): LibraryStatus {
  const roots = db
    .prepare(
      `SELECT r.path, r.status, r.last_scan_at AS lastScanAt,
         (SELECT count(*) FROM photos p WHERE p.root_id = r.id AND p.status = 'present') AS photos,
         (SELECT count(*) FROM photos p WHERE p.root_id = r.id AND p.status = 'missing') AS missing
       FROM roots r ORDER BY r.path`,
    )
    .all() as LibraryStatus['roots'];
  const errors = (db.prepare('SELECT count(*) AS n FROM index_errors').get() as { n: number }).n;
  return {
    photos: roots.reduce((n, r) => n + r.photos, 0),
    missing: roots.reduce((n, r) => n + r.missing, 0),
    errors,
    roots,
  };
}

export interface IndexErrorEntry {
  path: string;
  stage: string;
  code: string;
  message: string;
  at: number;
}

export function listIndexErrors(db: Db): IndexErrorEntry[] {
  return db.prepare('SELECT path, stage, code, message, at FROM index_errors ORDER BY path, stage').all() as IndexErrorEntry[];
}
