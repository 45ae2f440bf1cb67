import type { Database } from 'better-sqlite3';

/**
 * Text embeddings of recent search queries, per model. A CLI search is a fresh process; a cached query skips the
 * text tower entirely, and the desktop app's search box re-asks the same few queries all day.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE query_embeddings (
      model_id  TEXT NOT NULL,
      text      TEXT NOT NULL,
      vector    BLOB NOT NULL,
      used_at   INTEGER NOT NULL,
      PRIMARY KEY (model_id, text)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX query_embeddings_used ON query_embeddings(used_at);
  `);
}
