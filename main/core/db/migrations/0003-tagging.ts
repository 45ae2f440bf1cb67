import type { Database } from 'better-sqlite3';

/**
 * What tagging needs beyond the initial schema:
 * - a description on label sets (shown in the editor, kept through import/export);
 * - a cache of prompt embeddings per model: a label's prototype is an ensemble of templates × phrasings, and
 *   re-encoding thousands of prompts on every re-tag would cost minutes of text-tower time. Kept apart from
 *   query_embeddings, which is pruned to recent searches;
 * - 'xmp' as an error stage, so a sidecar that could not be read or written is reported like any other failure.
 *   SQLite cannot alter a CHECK constraint, so index_errors is rebuilt with its rows.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE label_sets ADD COLUMN description TEXT;

    CREATE TABLE prompt_embeddings (
      model_id  TEXT NOT NULL,
      text      TEXT NOT NULL,
      vector    BLOB NOT NULL,
      PRIMARY KEY (model_id, text)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE index_errors_new (
      id        INTEGER PRIMARY KEY,
      path      TEXT NOT NULL,
      root_id   INTEGER REFERENCES roots(id) ON DELETE CASCADE,
      photo_id  INTEGER REFERENCES photos(id) ON DELETE CASCADE,
      stage     TEXT NOT NULL CHECK (stage IN ('scan', 'read', 'decode', 'metadata', 'thumbnail', 'embed', 'tag', 'xmp')),
      code      TEXT NOT NULL,
      message   TEXT NOT NULL,
      size      INTEGER,
      mtime_ms  INTEGER,
      at        INTEGER NOT NULL,
      UNIQUE (path, stage)
    ) STRICT;
    INSERT INTO index_errors_new SELECT id, path, root_id, photo_id, stage, code, message, size, mtime_ms, at FROM index_errors;
    DROP TABLE index_errors;
    ALTER TABLE index_errors_new RENAME TO index_errors;
  `);
}
