import type { Database } from 'better-sqlite3';
import { up as initialSchema } from './0001-initial-schema.js';
import { up as queryEmbeddingCache } from './0002-query-embedding-cache.js';
import { up as tagging } from './0003-tagging.js';
import { up as previewState } from './0004-preview-state.js';
import { up as coveringIndexes } from './0005-covering-indexes.js';

export interface Migration {
  /** The user_version the database has once this migration has run. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
}

/** In order; a migration is never edited once released, only followed by a new one. */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-initial-schema', up: initialSchema },
  { version: 2, name: '0002-query-embedding-cache', up: queryEmbeddingCache },
  { version: 3, name: '0003-tagging', up: tagging },
  { version: 4, name: '0004-preview-state', up: previewState },
  { version: 5, name: '0005-covering-indexes', up: coveringIndexes },
];
