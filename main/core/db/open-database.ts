import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) and migrates a library database.
 *
 * Durability choices: WAL lets the UI read while indexing writes. synchronous=NORMAL in WAL mode never corrupts the
 * database; a power cut can lose only the last few committed transactions, and every indexing transaction is
 * re-derivable from the photos on disk, which is the right trade for a faster commit.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another Xuntu process (the app while the CLI runs) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
