import type { Database } from 'better-sqlite3';

/**
 * Indexes that let the queries run on every app start and every grid page read an index instead of the table, for
 * libraries of 100k photos:
 *
 * - Which photos have a current vector (search model choice, library status) needs only photo_id and content_hash,
 *   but embeddings is WITHOUT ROWID with a 2 KB vector in every row, so answering from the table reads all of it
 *   (hundreds of MB, a second or more). This index covers them; it leads with model_id, so it also replaces
 *   embeddings_model.
 * - The grid's order (newest first, undated last) as an index, so a page deep in the list is a short index walk
 *   instead of sorting every photo; with status in it, the timeline's month counts never touch the table either.
 *   The first column is the ORDER BY's expression verbatim, or the planner would not use it.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX embeddings_model_photo_hash ON embeddings(model_id, photo_id, content_hash);
    DROP INDEX embeddings_model;
    CREATE INDEX photos_timeline ON photos(taken_local IS NULL, taken_local DESC, id DESC, status);
  `);
}
