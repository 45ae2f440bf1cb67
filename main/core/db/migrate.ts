import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { XuntuError } from '../errors.js';

export interface MigrationResult {
  from: number;
  to: number;
  backupPath: string | null;
}

/**
 * Brings the database to the newest schema: every pending migration in one transaction, keyed on
 * PRAGMA user_version, so a crash mid-way leaves the old schema intact. A database written by a newer Xuntu is
 * refused rather than guessed at. When a file-backed database with data is migrated, a consistent copy is taken
 * first with VACUUM INTO (the user's tags are worth a few megabytes of disk).
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): MigrationResult {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new XuntuError(
      'DB_TOO_NEW',
      `library database is schema version ${from}, this Xuntu understands up to ${latest}: update Xuntu`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, backupPath: null };

  let backupPath: string | null = null;
  if (from > 0 && db.name !== ':memory:' && db.name !== '') {
    backupPath = `${db.name}.v${from}.backup`;
    fs.rmSync(backupPath, { force: true });
    db.prepare('VACUUM INTO ?').run(backupPath);
  }

  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return { from, to: latest, backupPath };
}
