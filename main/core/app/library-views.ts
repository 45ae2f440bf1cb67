import path from 'node:path';
import type { GridPhoto, PhotoDetail, PhotoPage, Timeline } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { formatTakenAt, listPhotos, photoScopeWhere, type PhotoSummary, type ScopeFilter } from '../library/photo-queries.js';
import { photoTags } from '../tagging/tag-store.js';

export function toGridPhoto(p: PhotoSummary): GridPhoto {
  return { id: p.id, hash: p.contentHash, width: p.width, height: p.height, takenAt: p.takenAt, path: p.path, status: p.status, previewReady: p.previewReady };
}

/** Month buckets in grid order (newest first, undated last) with each bucket's offset into that order. */
export function timeline(db: Db, filter: ScopeFilter): Timeline {
  const { sql, params } = photoScopeWhere(filter);
  const rows = db
    .prepare(
      `SELECT substr(taken_local, 1, 7) AS month, count(*) AS count FROM photos WHERE ${sql}
       GROUP BY month ORDER BY month IS NULL, month DESC`,
    )
    .all(params) as { month: string | null; count: number }[];
  const buckets: Timeline['buckets'] = [];
  let offset = 0;
  let undated = 0;
  for (const row of rows) {
    if (row.month === null) undated = row.count;
    else buckets.push({ year: Number(row.month.slice(0, 4)), month: Number(row.month.slice(5, 7)), count: row.count, offset });
    offset += row.count;
  }
  return { buckets, undated, total: offset };
}

export function photoPage(db: Db, request: ScopeFilter & { offset: number; limit: number }): PhotoPage {
  const { sql, params } = photoScopeWhere(request);
  const total = db.prepare(`SELECT count(*) FROM photos WHERE ${sql}`).pluck().get(params) as number;
  const photos = listPhotos(db, request).map(toGridPhoto);
  return { offset: request.offset, photos, total };
}

interface DetailRow {
  id: number; path: string; folder: string; format: string; size: number; mtime_ms: number; width: number; height: number;
  orientation: number | null; taken_local: string | null; taken_offset_min: number | null; taken_source: string;
  camera_make: string | null; camera_model: string | null; lens: string | null;
  gps_lat: number | null; gps_lon: number | null; gps_alt: number | null;
  content_hash: string; status: 'present' | 'missing'; added_at: number; preview_ready: 0 | 1;
}

/** Everything the viewer shows; `embeddedBy` is the search model's id (null: none chosen). */
export function photoDetail(db: Db, id: number, embeddedBy: string | null): PhotoDetail {
  const r = db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as DetailRow | undefined;
  if (!r) throw new XuntuError('PHOTO_NOT_FOUND', `no photo ${id} in this library`);
  const embedded =
    embeddedBy !== null &&
    db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? AND model_id = ? AND content_hash = ?').pluck().get(id, embeddedBy, r.content_hash) !== undefined;
  return {
    id: r.id, hash: r.content_hash, width: r.width, height: r.height, path: r.path, status: r.status, previewReady: r.preview_ready === 1,
    takenAt: formatTakenAt(r.taken_local, r.taken_offset_min),
    folder: r.folder, fileName: path.basename(r.path), format: r.format, size: r.size, mtimeMs: r.mtime_ms,
    takenSource: r.taken_source,
    camera: { make: r.camera_make, model: r.camera_model, lens: r.lens },
    gps: r.gps_lat !== null && r.gps_lon !== null ? { lat: r.gps_lat, lon: r.gps_lon, alt: r.gps_alt } : null,
    orientation: r.orientation,
    addedAt: r.added_at,
    embedded,
    tags: photoTags(db, id).map(({ labelId, label, setId, set, source, score }) => ({ labelId, label, setId, set, source, score })),
  };
}
