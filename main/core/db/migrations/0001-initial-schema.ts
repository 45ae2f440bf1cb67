import type { Database } from 'better-sqlite3';

/**
 * The whole library schema in its first form. It already holds the tables that the CLIP engine, tagging and the
 * desktop app fill in (models, embeddings, label sets, tags, settings), so those features add migrations rather
 * than rewrite this one.
 *
 * Times are integer milliseconds since the epoch unless the column says otherwise. Every table is STRICT so a
 * wrong type is an error at write time instead of a silent coercion.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE roots (
      id            INTEGER PRIMARY KEY,
      path          TEXT NOT NULL UNIQUE,
      added_at      INTEGER NOT NULL,
      last_scan_at  INTEGER,
      -- 'offline' when the folder itself is gone (an unplugged drive): its photos stay, marked missing.
      status        TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'offline'))
    ) STRICT;

    CREATE TABLE photos (
      id                INTEGER PRIMARY KEY,
      root_id           INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
      path              TEXT NOT NULL UNIQUE,
      folder            TEXT NOT NULL,
      size              INTEGER NOT NULL,
      mtime_ms          INTEGER NOT NULL,
      content_hash      TEXT NOT NULL,
      format            TEXT NOT NULL,
      -- Pixel size as displayed, i.e. after the EXIF orientation is applied.
      width             INTEGER NOT NULL,
      height            INTEGER NOT NULL,
      orientation       INTEGER,
      -- Wall-clock capture time as the camera saw it ('YYYY-MM-DDTHH:MM:SS[.sss]'), its UTC offset in minutes when
      -- known, the instant when it can be derived, and which source supplied it.
      taken_local       TEXT,
      taken_offset_min  INTEGER,
      taken_utc_ms      INTEGER,
      taken_source      TEXT NOT NULL,
      camera_make       TEXT,
      camera_model      TEXT,
      lens              TEXT,
      gps_lat           REAL,
      gps_lon           REAL,
      gps_alt           REAL,
      status            TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'missing')),
      missing_since     INTEGER,
      added_at          INTEGER NOT NULL,
      updated_at        INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX photos_content_hash ON photos(content_hash);
    CREATE INDEX photos_folder ON photos(folder);
    CREATE INDEX photos_taken_local ON photos(taken_local);
    CREATE INDEX photos_root_status ON photos(root_id, status);

    -- The latest failure per (path, stage). size/mtime let a scan skip a broken file that has not changed.
    CREATE TABLE index_errors (
      id        INTEGER PRIMARY KEY,
      path      TEXT NOT NULL,
      root_id   INTEGER REFERENCES roots(id) ON DELETE CASCADE,
      photo_id  INTEGER REFERENCES photos(id) ON DELETE CASCADE,
      stage     TEXT NOT NULL CHECK (stage IN ('scan', 'read', 'decode', 'metadata', 'thumbnail', 'embed', 'tag')),
      code      TEXT NOT NULL,
      message   TEXT NOT NULL,
      size      INTEGER,
      mtime_ms  INTEGER,
      at        INTEGER NOT NULL,
      UNIQUE (path, stage)
    ) STRICT;

    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;

    -- Installed embedding models; manifest is the normalised JSON manifest the engine runs from.
    CREATE TABLE models (
      id            TEXT PRIMARY KEY,
      family        TEXT NOT NULL,
      dim           INTEGER NOT NULL CHECK (dim > 0),
      manifest      TEXT NOT NULL,
      installed_at  INTEGER NOT NULL
    ) STRICT;

    -- One vector per photo per model. content_hash records which file content it was computed from, so an edited
    -- file is re-embedded; vectors are little-endian float32 of length dim.
    CREATE TABLE embeddings (
      photo_id      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      model_id      TEXT NOT NULL,
      content_hash  TEXT NOT NULL,
      dim           INTEGER NOT NULL CHECK (dim > 0),
      vector        BLOB NOT NULL CHECK (length(vector) = dim * 4),
      created_at    INTEGER NOT NULL,
      PRIMARY KEY (photo_id, model_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX embeddings_model ON embeddings(model_id);

    CREATE TABLE label_sets (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE,
      exclusive   INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1)),
      builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
      -- Bumped on every edit; auto tags record the version they were computed against.
      version     INTEGER NOT NULL DEFAULT 1,
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE labels (
      id          INTEGER PRIMARY KEY,
      set_id      INTEGER NOT NULL REFERENCES label_sets(id) ON DELETE CASCADE,
      name        TEXT NOT NULL CHECK (length(name) > 0),
      position    INTEGER NOT NULL,
      phrasings   TEXT NOT NULL DEFAULT '[]',
      exclusions  TEXT NOT NULL DEFAULT '[]',
      threshold   REAL CHECK (threshold IS NULL OR threshold BETWEEN -1 AND 1),
      UNIQUE (set_id, name)
    ) STRICT;

    -- What a label learned from the user's corrections, per model (vectors differ between models).
    CREATE TABLE label_adaptations (
      label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
      model_id    TEXT NOT NULL,
      prototype   BLOB,
      threshold   REAL,
      updated_at  INTEGER NOT NULL,
      PRIMARY KEY (label_id, model_id)
    ) STRICT;

    -- source: 'auto' tags are recomputed freely; 'confirmed' and 'rejected' are the user's word and are never
    -- overwritten by re-tagging or a model change.
    CREATE TABLE photo_tags (
      photo_id     INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
      label_id     INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
      source       TEXT NOT NULL CHECK (source IN ('auto', 'confirmed', 'rejected')),
      score        REAL,
      model_id     TEXT,
      set_version  INTEGER,
      updated_at   INTEGER NOT NULL,
      PRIMARY KEY (photo_id, label_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX photo_tags_label ON photo_tags(label_id, source);
  `);
}
