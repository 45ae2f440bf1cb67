import path from 'node:path';
import type { Db } from '../db/open-database.js';

export interface PhotoFilter {
  /** Only photos inside this folder (recursively). */
  folder?: string;
  /** Inclusive capture-date bounds, 'YYYY-MM-DD' or a longer ISO local time; a bare date covers its whole day. */
  from?: string;
  to?: string;
  includeMissing?: boolean;
  limit?: number;
  offset?: number;
}

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

/** Photos in timeline order (newest first; undated last), filtered. */
export function listPhotos(db: Db, filter: PhotoFilter = {}): PhotoSummary[] {
  const { sql: where, params } = photoScopeWhere(filter);
  const sql = `SELECT id, path, folder, format, size, width, height, taken_local, taken_offset_min, taken_source,
      camera_make, camera_model, lens, gps_lat, gps_lon, gps_alt, content_hash, status, preview_ready
    FROM photos WHERE ${where}
    ORDER BY taken_local IS NULL, taken_local DESC, id DESC
    LIMIT @limit OFFSET @offset`;
  params.limit = filter.limit ?? -1;
  params.offset = filter.offset ?? 0;
  return (db.prepare(sql).all(params) as PhotoRow[]).map(toSummary);
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
  return { sql: where.join(' AND '), params };
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
