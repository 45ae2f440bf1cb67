import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, XuntuError } from '../errors.js';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) and migrates a library database.
 *
 * Durability choices: WAL lets the UI read while indexing writes. synchronous=NORMAL in WAL mode never corrupts the
 * database; a power cut can lose only the last few committed transactions, and every indexing transaction is
 * re-derivable from the photos on disk, which is the right trade for a faster commit. What is not re-derivable (the
 * user's confirm/reject decisions and label-set edits) commits through durableTransaction instead.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = openFile(file);
  db.pragma('synchronous = NORMAL');
  // SQLite's default, stated because the WAL's size depends on it: every commit that leaves more than 1000 pages
  // (~4 MB) in the WAL checkpoints them into the database and lets the next writer start the WAL over.
  db.pragma('wal_autocheckpoint = 1000');
  // Starting over reuses the file but never shrinks it: one long indexing run while the app held a read snapshot
  // would leave a WAL of gigabytes for the life of the app. After each reset it is cut back to this size.
  db.pragma('journal_size_limit = 67108864');
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

/**
 * Runs `fn` in a transaction whose commit survives a power cut, for the user's own decisions, which no re-index can
 * bring back: synchronous=FULL fsyncs the WAL at this commit, where NORMAL leaves it to the next checkpoint. The cost
 * is that one fsync: a one-photo confirm went from 0.06 ms to 0.25–0.5 ms on an ext4 SSD (issue 6), a few ms on a
 * slow laptop disk, nothing beside a click. Inside an enclosing transaction (an XMP import confirming many tags,
 * built-in sets installed together) it is a savepoint and the outer commit decides.
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
  const run = db.transaction(fn);
  if (db.inTransaction) return run();
  db.pragma('synchronous = FULL');
  try {
    return run();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * Checkpoints the WAL into the database and truncates it, then closes. The last connection to close does that by
 * itself, but a CLI command that closes while the app is open is not the last, and would leave its writes in the WAL.
 * No waiting: a reader in the app holding an old snapshot makes the checkpoint partial, never the close slow.
 */
export function closeDatabase(db: Db): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Housekeeping only: a library that cannot be written (a read-only folder, a full disk) must still close.
  } finally {
    db.close();
  }
}

/**
 * SQLite says only "unable to open database file" for a library on read-only media, in a folder the user cannot
 * write, or on a full disk: WAL mode needs to create its side files even to read. Say which file and the likely why.
 */
function openFile(file: string): Db {
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY') throw err;
    throw new XuntuError('LIBRARY_UNWRITABLE', `cannot open the library database ${file} for writing (${errorMessage(err)})`, { cause: err });
  }
}
