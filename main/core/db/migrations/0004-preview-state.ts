import type { Database } from 'better-sqlite3';

/**
 * Whether a photo's 1280 px preview is in the thumbnail cache. The indexer makes a photo visible and searchable
 * first (grid thumbnail, metadata, vector) and its preview in a later phase of the run; a run that is interrupted
 * before that phase leaves photos with preview_ready = 0, which the next run finishes. Every photo indexed before
 * this migration got its preview together with its row, hence 1 for them. The partial index keeps finding the
 * pending few cheap in a library of 100k photos.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE photos ADD COLUMN preview_ready INTEGER NOT NULL DEFAULT 0 CHECK (preview_ready IN (0, 1));
    UPDATE photos SET preview_ready = 1;
    CREATE INDEX photos_preview_pending ON photos(root_id, status) WHERE preview_ready = 0;
  `);
}
