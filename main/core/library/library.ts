import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../db/open-database.js';

/** An open library: one directory holding the database and the thumbnail cache. */
export interface Library {
  readonly dir: string;
  readonly db: Db;
  /** Thumbnails and previews, named by content hash. */
  readonly cacheDir: string;
  close(): void;
}

export function openLibrary(dir: string): Library {
  const abs = path.resolve(dir);
  const cacheDir = path.join(abs, 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const db = openDatabase(path.join(abs, 'library.db'));
  return {
    dir: abs,
    db,
    cacheDir,
    close: () => closeDatabase(db),
  };
}
