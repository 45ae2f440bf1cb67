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
  // Each 2 KB vector lives in its own overflow page; read() per page made loading 100k vectors (search start-up,
  // a re-tag) take ~1.5 s, memory-mapped reads are 3–4× faster (bench: retag). The library lives in the app-data
  // folder on a local disk, where mmap's one risk (an I/O error becoming a signal) does not apply.
  db.pragma('mmap_size = 1073741824');
  migrate(db);
  return db;
}
