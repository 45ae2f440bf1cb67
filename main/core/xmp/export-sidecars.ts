import type { Db } from '../db/open-database.js';
import { tagsForPhotos, type PhotoTag } from '../tagging/tag-store.js';
import type { XuntuKeyword } from './keyword-paths.js';
import { readSidecar } from './read-sidecar.js';
import { FolderListings } from './sidecar-path.js';
import { writeSidecar } from './write-sidecar.js';
import { XmpErrorLog, type XmpFailure } from './xmp-error-log.js';
import { XmpPacket } from './xmp-packet.js';
import { XMP_BATCH, presentPhotos, type XmpPhoto } from './xmp-photos.js';

export interface ExportSidecarsOptions {
  /** Only these photos; default every present photo. */
  photoIds?: readonly number[];
  /** Export the model's tags as well as the user's confirmed ones (default true). Rejected tags never are. */
  includeAuto?: boolean;
  signal?: AbortSignal;
}

/** Counts of sidecar files. */
export interface ExportSidecarsResult {
  written: number;
  /** Already said exactly this: not rewritten, so sync tools see no change. */
  unchanged: number;
  failed: number;
  errors: XmpFailure[];
  /** Stopped by the signal; what was written stays written. */
  interrupted: boolean;
}

/**
 * Brings photos' sidecars in step with their tags: Xuntu's keywords added, those no longer true removed, everything
 * else in each sidecar kept (see XmpPacket.syncXuntuKeywords). A sidecar is created only for a photo with something
 * to say, and rewritten only when its content changes. The photos themselves are never opened.
 *
 * A sidecar that cannot be read or written (malformed, read-only media, disk full…) is recorded as an 'xmp' index
 * error and left as it was; the run goes on and nothing in the library changes, tags least of all.
 */
export async function exportSidecars(db: Db, options: ExportSidecarsOptions = {}): Promise<ExportSidecarsResult> {
  const includeAuto = options.includeAuto ?? true;
  const result: ExportSidecarsResult = { written: 0, unchanged: 0, failed: 0, errors: [], interrupted: false };
  const log = new XmpErrorLog(db);
  const listings = new FolderListings();
  const photos = presentPhotos(db, options.photoIds);
  for (let at = 0; at < photos.length && !result.interrupted; at += XMP_BATCH) {
    const batch = photos.slice(at, at + XMP_BATCH);
    const tags = tagsForPhotos(db, batch.map((p) => p.id));
    for (const photo of batch) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      const wanted = (tags.get(photo.id) ?? []).filter((t) => exported(t, includeAuto)).map(({ set, label }): XuntuKeyword => ({ set, label }));
      await exportPhoto(photo, wanted, listings, log, result);
    }
  }
  result.errors = log.failures;
  return result;
}

function exported(tag: PhotoTag, includeAuto: boolean): boolean {
  return tag.source === 'confirmed' || (includeAuto && tag.source === 'auto');
}

async function exportPhoto(photo: XmpPhoto, wanted: XuntuKeyword[], listings: FolderListings, log: XmpErrorLog, result: ExportSidecarsResult): Promise<void> {
  let sidecars;
  try {
    sidecars = await listings.sidecarsOf(photo.path);
  } catch (err) {
    result.failed++;
    log.record(photo, null, err);
    return;
  }
  const targets = sidecars.existing.length > 0 ? sidecars.existing : wanted.length > 0 ? [sidecars.fresh] : [];
  let ok = true;
  for (const target of targets) {
    try {
      const packet = sidecars.existing.includes(target) ? await readSidecar(target) : XmpPacket.create();
      if (!packet.syncXuntuKeywords(wanted)) {
        result.unchanged++;
        continue;
      }
      await writeSidecar(target, packet.serialize());
      result.written++;
    } catch (err) {
      ok = false;
      result.failed++;
      log.record(photo, target, err);
    }
  }
  if (ok) log.clear(photo);
}
