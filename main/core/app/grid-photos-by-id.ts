import type { GridPhoto } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { formatTakenAt } from '../library/photo-queries.js';

interface Row {
  id: number;
  content_hash: string;
  width: number;
  height: number;
  taken_local: string | null;
  taken_offset_min: number | null;
  path: string;
  status: 'present' | 'missing';
  preview_ready: 0 | 1;
}

/** The grid cells of photos picked by something other than the timeline (a tag, a score); absent ids are left out. */
export function gridPhotosById(db: Db, ids: readonly number[]): Map<number, GridPhoto> {
  const rows = db
    .prepare(
      `SELECT id, content_hash, width, height, taken_local, taken_offset_min, path, status, preview_ready
       FROM photos WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as Row[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id, hash: r.content_hash, width: r.width, height: r.height, takenAt: formatTakenAt(r.taken_local, r.taken_offset_min),
        path: r.path, status: r.status, previewReady: r.preview_ready === 1,
      },
    ]),
  );
}
