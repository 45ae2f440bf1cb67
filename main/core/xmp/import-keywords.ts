import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { ensureLabel, getLabelSet, resolveLabel } from '../tagging/label-set-store.js';
import { setTagDecision, tagsForPhotos } from '../tagging/tag-store.js';
import { readEmbeddedKeywords } from './embedded-keywords.js';
import { parseXuntuPath, pathLeaf, pathSegments } from './keyword-paths.js';
import { readSidecar } from './read-sidecar.js';
import { FolderListings } from './sidecar-path.js';
import { XmpErrorLog, type XmpFailure } from './xmp-error-log.js';
import type { XmpKeywords } from './xmp-packet.js';
import { XMP_BATCH, presentPhotos, type XmpPhoto } from './xmp-photos.js';

/** Where keywords that name no label of the library are filed. */
export const IMPORTED_KEYWORDS_SET = '导入的关键词';

export interface ImportKeywordsOptions {
  /** Only these photos; default every present photo. */
  photoIds?: readonly number[];
  signal?: AbortSignal;
}

export interface ImportKeywordsResult {
  /** Photos that carried at least one keyword. */
  photos: number;
  /** Tags newly confirmed (already confirmed ones and the user's rejections are left as they are). */
  tags: number;
  /** Distinct keywords that named no label and were filed under 「导入的关键词」. */
  unmatched: number;
  /** Keywords that cannot be a label name (a '/', over-long, the set full…), with why. */
  skipped: { keyword: string; reason: string }[];
  /** Sidecars or photos whose metadata could not be read. */
  failed: number;
  errors: XmpFailure[];
  interrupted: boolean;
}

/**
 * Makes the keywords other apps left, in XMP sidecars and inside the photos (XMP, IPTC), the user's confirmed tags.
 * A keyword finds its label as 'Xuntu|<set>|<label>' (what `xmp export` writes), or as a name or phrasing that
 * exactly one label has; a Lightroom path 'A|B|C' stands for its leaf C, and the flat copies Lightroom writes of
 * its levels (A, B, C) are not taken again. Anything else becomes a label of 「导入的关键词」. A photo the user
 * rejected for a label stays rejected. Sidecars and photos are only read.
 */
export async function importKeywords(db: Db, options: ImportKeywordsOptions = {}): Promise<ImportKeywordsResult> {
  const result: ImportKeywordsResult = { photos: 0, tags: 0, unmatched: 0, skipped: [], failed: 0, errors: [], interrupted: false };
  const log = new XmpErrorLog(db);
  const listings = new FolderListings();
  const resolver = new KeywordResolver(db, result);
  const photos = presentPhotos(db, options.photoIds);
  for (let at = 0; at < photos.length && !result.interrupted; at += XMP_BATCH) {
    const labelsOf = new Map<number, Map<number, Origin>>();
    for (const photo of photos.slice(at, at + XMP_BATCH)) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      const keywords = await photoKeywords(photo, listings, log, result);
      if (keywords.subject.length + keywords.hierarchical.length === 0) continue;
      result.photos++;
      labelsOf.set(photo.id, resolver.labelsFor(keywords));
    }
    result.tags += confirm(db, labelsOf);
  }
  result.errors = log.failures;
  return result;
}

/** Every keyword of a photo: its sidecars' and its own. What cannot be read is recorded; the rest still counts. */
async function photoKeywords(photo: XmpPhoto, listings: FolderListings, log: XmpErrorLog, result: ImportKeywordsResult): Promise<XmpKeywords> {
  const keywords: XmpKeywords = { subject: [], hierarchical: [] };
  let ok = true;
  const fail = (sidecar: string | null, err: unknown) => {
    ok = false;
    result.failed++;
    log.record(photo, sidecar, err);
  };
  const sidecars = await listings.sidecarsOf(photo.path).catch((err: unknown) => {
    fail(null, err);
    return { existing: [] };
  });
  for (const sidecar of sidecars.existing) {
    try {
      const found = (await readSidecar(sidecar)).keywords();
      keywords.subject.push(...found.subject);
      keywords.hierarchical.push(...found.hierarchical);
    } catch (err) {
      fail(sidecar, err);
    }
  }
  const embedded = await readEmbeddedKeywords(photo.path);
  if (embedded.problem) fail(null, embedded.problem);
  keywords.subject.push(...embedded.subject);
  keywords.hierarchical.push(...embedded.hierarchical);
  if (ok) log.clearReadProblems(photo);
  return keywords;
}

/**
 * Confirms each photo's labels in one transaction; returns how many tags changed. The user's decisions stay as
 * they are (a rejection above all). A label found only as Xuntu's own 'Xuntu|<set>|<label>' on a photo where it is
 * an auto tag is what `xmp export` wrote coming back, not a decision: it stays an auto tag, free to change at the
 * next re-tag.
 */
function confirm(db: Db, labelsOf: Map<number, Map<number, Origin>>): number {
  return db.transaction(() => {
    const existing = tagsForPhotos(db, [...labelsOf.keys()]);
    const photosOf = new Map<number, number[]>();
    for (const [photoId, labels] of labelsOf) {
      const sources = new Map(existing.get(photoId)!.map((t) => [t.labelId, t.source]));
      for (const [labelId, origin] of labels) {
        const source = sources.get(labelId);
        if (source === 'confirmed' || source === 'rejected' || (source === 'auto' && origin === 'xuntu')) continue;
        const list = photosOf.get(labelId);
        if (list) list.push(photoId);
        else photosOf.set(labelId, [photoId]);
      }
    }
    let changed = 0;
    for (const [labelId, photoIds] of photosOf) changed += setTagDecision(db, photoIds, labelId, 'confirmed');
    return changed;
  })();
}

/** Whether a label was found only through Xuntu's own hierarchical keyword, or through another app's. */
type Origin = 'xuntu' | 'other';

/** Keyword → label, each keyword looked up once per run. */
class KeywordResolver {
  private readonly byPath = new Map<string, { id: number | null; origin: Origin }>();
  private readonly byName = new Map<string, number | null>();

  constructor(
    private readonly db: Db,
    private readonly result: ImportKeywordsResult,
  ) {}

  labelsFor(keywords: XmpKeywords): Map<number, Origin> {
    const labels = new Map<number, Origin>();
    const add = (id: number | null, origin: Origin) => {
      if (id !== null && labels.get(id) !== 'other') labels.set(id, origin);
    };
    const covered = new Set<string>();
    for (const path of keywords.hierarchical) {
      for (const segment of pathSegments(path)) covered.add(segment);
      const found = this.pathLabel(path);
      add(found.id, found.origin);
    }
    for (const keyword of keywords.subject) if (!covered.has(keyword)) add(this.nameLabel(keyword), 'other');
    return labels;
  }

  private pathLabel(path: string): { id: number | null; origin: Origin } {
    let found = this.byPath.get(path);
    if (found === undefined) {
      const ours = parseXuntuPath(path);
      const label = ours && getLabelSet(this.db, ours.set)?.labels.find((l) => l.name === ours.label.normalize('NFC'));
      const leaf = pathLeaf(path);
      found = label ? { id: label.id, origin: 'xuntu' } : { id: leaf === null ? null : this.nameLabel(leaf), origin: 'other' };
      this.byPath.set(path, found);
    }
    return found;
  }

  private nameLabel(keyword: string): number | null {
    let id = this.byName.get(keyword);
    if (id === undefined) {
      id = this.resolve(keyword);
      this.byName.set(keyword, id);
    }
    return id;
  }

  private resolve(keyword: string): number | null {
    // A '/' would make resolveLabel read the keyword as set/label; such a keyword cannot be a label name anyway.
    if (!keyword.includes('/')) {
      try {
        return resolveLabel(this.db, keyword).id;
      } catch (err) {
        if (!(err instanceof XuntuError) || (err.code !== 'LABEL_NOT_FOUND' && err.code !== 'LABEL_AMBIGUOUS')) throw err;
      }
    }
    try {
      const id = ensureLabel(this.db, IMPORTED_KEYWORDS_SET, keyword).id;
      this.result.unmatched++;
      return id;
    } catch (err) {
      if (!(err instanceof XuntuError)) throw err;
      this.result.skipped.push({ keyword, reason: err.message });
      return null;
    }
  }
}
