import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';

const latest = migrations.at(-1)!.version;

describe('migrate', () => {
  it('brings an empty database to the latest version with STRICT tables', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: latest, backupPath: null });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name).sort()).toEqual(
      ['embeddings', 'index_errors', 'label_adaptations', 'label_sets', 'labels', 'models', 'photo_tags', 'photos', 'prompt_embeddings', 'query_embeddings', 'roots', 'settings'].sort(),
    );
    expect(tables.every((t) => t.strict === 1)).toBe(true);
  });

  it('is a no-op when already current', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(migrate(db)).toEqual({ from: latest, to: latest, backupPath: null });
  });

  it('refuses a database written by a newer Xuntu', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${latest + 1}`);
    expect(() => migrate(db)).toThrow(/update Xuntu/);
  });

  it('rolls back every pending migration when one fails', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      { version: latest + 1, name: 'adds a table', up: (d: Database.Database) => d.exec('CREATE TABLE extra (x INTEGER) STRICT') },
      { version: latest + 2, name: 'fails', up: (d: Database.Database) => d.exec('THIS IS NOT SQL') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'extra'`).get()).toEqual({ n: 0 });
  });

  it('backs up a file database before migrating it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-migrate-'));
    const file = path.join(dir, 'library.db');
    openDatabase(file).close();
    const db = new Database(file);
    const next = [...migrations, { version: latest + 1, name: 'next', up: (d: Database.Database) => d.exec('CREATE TABLE next (x INTEGER) STRICT') }];
    const result = migrate(db, next);
    expect(result.backupPath).toBe(`${file}.v${latest}.backup`);
    const backup = new Database(result.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(latest);
    backup.close();
    db.close();
  });
});

describe('0001-initial-schema', () => {
  it('enforces foreign keys, cascades and the tag source vocabulary', () => {
    const db = openDatabase(':memory:');
    const now = Date.now();
    db.prepare('INSERT INTO roots (id, path, added_at) VALUES (1, ?, ?)').run('/photos', now);
    db.prepare(
      `INSERT INTO photos (id, root_id, path, folder, size, mtime_ms, content_hash, format, width, height, taken_source, added_at, updated_at)
       VALUES (1, 1, '/photos/a.jpg', '/photos', 10, ?, 'h', 'jpeg', 4, 3, 'file-mtime', ?, ?)`,
    ).run(now, now, now);
    db.prepare(`INSERT INTO label_sets (id, name, created_at, updated_at) VALUES (1, '场景', ?, ?)`).run(now, now);
    db.prepare(`INSERT INTO labels (id, set_id, name, position) VALUES (1, 1, '海边', 0)`).run();
    expect(() => db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (1, 1, 'maybe', ?)`).run(now)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (1, 1, 'confirmed', ?)`).run(now);
    expect(() => db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (2, 1, 'auto', ?)`).run(now)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO embeddings (photo_id, model_id, content_hash, dim, vector, created_at) VALUES (1, 'm', 'h', 4, ?, ?)`).run(Buffer.alloc(8), now)).toThrow(/CHECK/);
    db.prepare('DELETE FROM roots WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM photo_tags').get()).toEqual({ n: 0 });
  });
});

describe('0002-query-embedding-cache', () => {
  it('upgrades a version-1 library without touching its data', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    db.prepare(`INSERT INTO settings (key, value) VALUES ('k', 'v')`).run();
    expect(migrate(db, migrations.slice(0, 2))).toMatchObject({ from: 1, to: 2 });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'k'`).pluck().get()).toBe('v');
    db.prepare(`INSERT INTO query_embeddings (model_id, text, vector, used_at) VALUES ('m', '海边', ?, 1)`).run(Buffer.alloc(8));
    expect(() => db.prepare(`INSERT INTO query_embeddings (model_id, text, vector, used_at) VALUES ('m', '海边', ?, 2)`).run(Buffer.alloc(8))).toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('0003-tagging', () => {
  it('keeps recorded errors through the index_errors rebuild and accepts the xmp stage', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 2));
    db.prepare(`INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', 1)`).run();
    db.prepare(
      `INSERT INTO index_errors (path, root_id, stage, code, message, at) VALUES ('/photos/bad.jpg', 1, 'decode', 'DECODE_FAILED', 'x', 1)`,
    ).run();
    expect(() => db.prepare(`INSERT INTO index_errors (path, stage, code, message, at) VALUES ('/p', 'xmp', 'C', 'm', 1)`).run()).toThrow(/CHECK/);
    expect(migrate(db, migrations.slice(0, 3))).toMatchObject({ from: 2, to: 3 });
    expect(db.prepare('SELECT path, root_id AS rootId, stage FROM index_errors').all()).toEqual([{ path: '/photos/bad.jpg', rootId: 1, stage: 'decode' }]);
    db.prepare(`INSERT INTO index_errors (path, stage, code, message, at) VALUES ('/p', 'xmp', 'C', 'm', 1)`).run();
    expect(() => db.prepare(`INSERT INTO index_errors (path, stage, code, message, at) VALUES ('/p', 'xmp', 'C', 'm', 2)`).run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM roots WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM index_errors').get()).toEqual({ n: 1 });
    db.prepare(`INSERT INTO label_sets (name, description, created_at, updated_at) VALUES ('场景', '照片里的地方', 1, 1)`).run();
    expect(db.prepare('SELECT description FROM label_sets').pluck().get()).toBe('照片里的地方');
  });
});

describe('0004-preview-state', () => {
  it('counts every earlier photo as having its preview, and new rows as not yet', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 3));
    db.prepare(`INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', 1)`).run();
    const insert = db.prepare(
      `INSERT INTO photos (root_id, path, folder, size, mtime_ms, content_hash, format, width, height, taken_source, added_at, updated_at)
       VALUES (1, ?, '/photos', 10, 1, ?, 'jpeg', 4, 3, 'file-mtime', 1, 1)`,
    );
    insert.run('/photos/old.jpg', 'h1');
    expect(migrate(db, migrations.slice(0, 4))).toMatchObject({ from: 3, to: 4 });
    insert.run('/photos/new.jpg', 'h2');
    expect(db.prepare('SELECT path, preview_ready AS ready FROM photos ORDER BY id').all()).toEqual([
      { path: '/photos/old.jpg', ready: 1 },
      { path: '/photos/new.jpg', ready: 0 },
    ]);
    expect(() => db.prepare(`UPDATE photos SET preview_ready = 2`).run()).toThrow(/CHECK/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM photos WHERE root_id = 1 AND status = 'present' AND preview_ready = 0`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/photos_preview_pending/);
  });
});

describe('0005-covering-indexes', () => {
  const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');

  it('answers which photos have a current vector from an index, never from the vector rows', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 4));
    expect(migrate(db)).toMatchObject({ from: 4, to: 5 });
    const detail = plan(
      db,
      `SELECT count(*) FROM photos p JOIN embeddings e ON e.model_id = ? AND e.photo_id = p.id AND e.content_hash = p.content_hash WHERE p.status = 'present'`,
      'm',
    );
    expect(detail).toMatch(/COVERING INDEX embeddings_model_photo_hash/);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'embeddings_model'`).pluck().get()).toBe(0);
  });

  it('walks the grid order by index instead of sorting every photo', () => {
    const db = new Database(':memory:');
    migrate(db);
    const detail = plan(db, `SELECT id, path FROM photos WHERE status = 'present' ORDER BY taken_local IS NULL, taken_local DESC, id DESC LIMIT 10 OFFSET 5000`);
    expect(detail).toMatch(/photos_timeline/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
