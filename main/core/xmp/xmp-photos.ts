import type { Db } from '../db/open-database.js';

export interface XmpPhoto {
  id: number;
  path: string;
  rootId: number;
}

/**
 * The photos a sidecar run works on: present ones only (a missing photo's folder may be an unplugged drive, and a
 * sidecar written elsewhere would belong to nothing), all of them or those given, folder by folder so each folder
 * is listed once.
 */
export function presentPhotos(db: Db, photoIds?: readonly number[]): XmpPhoto[] {
  return db
    .prepare(
      `SELECT id, path, root_id AS rootId FROM photos
       WHERE status = 'present' AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids)))
       ORDER BY folder, path`,
    )
    .all({ ids: photoIds ? JSON.stringify(photoIds) : null }) as XmpPhoto[];
}

/** How many photos a run reads and writes between database round trips. */
export const XMP_BATCH = 500;
