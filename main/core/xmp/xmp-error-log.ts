import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { PhotoStore } from '../library/photo-store.js';
import type { XmpPhoto } from './xmp-photos.js';

/** A sidecar (or a photo's embedded XMP) that could not be read or written. */
export interface XmpFailure {
  /** The photo. */
  path: string;
  /** The sidecar, or null when the problem is in the photo itself or its folder. */
  sidecar: string | null;
  code: string;
  message: string;
}

/** Codes that reading reports; a later successful read clears only these, never a write failure. */
const READ_CODES = ['XMP_MALFORMED', 'XMP_TOO_LARGE', 'XMP_UNREADABLE'];

/**
 * Records sidecar problems as index errors of stage 'xmp', filed under the photo's path: the indexer keeps an
 * error whose path it still finds (a sidecar's own path would be swept as stale at the next scan), and
 * `xuntu errors` lists it beside the photo's other problems. One slot per photo: the latest problem wins.
 */
export class XmpErrorLog {
  readonly failures: XmpFailure[] = [];
  private readonly store: PhotoStore;
  private readonly clearRead;

  constructor(db: Db) {
    this.store = new PhotoStore(db);
    this.clearRead = db.prepare(
      `DELETE FROM index_errors WHERE path = ? AND stage = 'xmp' AND code IN (SELECT value FROM json_each(?))`,
    );
  }

  /** Records a XuntuError; anything else is a bug and is thrown on. */
  record(photo: XmpPhoto, sidecar: string | null, err: unknown): void {
    if (!(err instanceof XuntuError)) throw err;
    this.failures.push({ path: photo.path, sidecar, code: err.code, message: err.message });
    this.store.recordError({ path: photo.path, rootId: photo.rootId, stage: 'xmp', code: err.code, message: err.message, size: null, mtimeMs: null });
  }

  /** The photo's sidecars were all written (or needed nothing): any earlier problem is over. */
  clear(photo: XmpPhoto): void {
    this.store.deleteError(photo.path, 'xmp');
  }

  /** Everything about the photo was read: an earlier read problem is over (a write problem is not). */
  clearReadProblems(photo: XmpPhoto): void {
    this.clearRead.run(photo.path, JSON.stringify(READ_CODES));
  }
}
