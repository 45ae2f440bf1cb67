import type { Db } from '../db/open-database.js';
import type { StoredLabelSet } from './label-set.js';
import { ensureBuiltinLabelSets, listLabelSets } from './label-set-store.js';
import { photosNeedingTags, tagPhotos, type TagPhotosResult } from './retag-library.js';
import { withTaggingRuntime, type TaggingRuntime } from './tagging-runtime.js';

export type TagRunTotals = Omit<TagPhotosResult, 'ms'> & { ms: number };

/**
 * Tags the photos each set has not scored at its current version under the model (new photos after an index run,
 * or every photo after the set was edited), from stored vectors. One run per set: each has its own untagged photos.
 */
export async function tagUntaggedPhotos(db: Db, runtime: TaggingRuntime, sets: readonly StoredLabelSet[] = listLabelSets(db)): Promise<TagRunTotals> {
  const runs: TagPhotosResult[] = [];
  const scored = new Set<number>();
  for (const set of sets) {
    const photoIds = photosNeedingTags(db, set, runtime.modelId);
    if (photoIds.length === 0) continue;
    photoIds.forEach((id) => scored.add(id));
    runs.push(await tagPhotos(db, { modelId: runtime.modelId, encodeTexts: runtime.encode, setIds: [set.id], photoIds }));
  }
  return { ...sumRuns(runs), photos: scored.size, labels: sets.reduce((n, s) => n + s.labels.length, 0) };
}

export function sumRuns(runs: readonly TagPhotosResult[]): TagRunTotals {
  const sum = (key: keyof TagPhotosResult) => runs.reduce((n, r) => n + r[key], 0);
  return { photos: sum('photos'), labels: sum('labels'), added: sum('added'), updated: sum('updated'), removed: sum('removed'), ms: sum('ms') };
}

/**
 * The last step of an index run: the built-in label sets on a library's first use, then every set's untagged
 * photos (the ones just embedded). Null when the library has no model to tag with.
 */
export async function tagNewPhotos(db: Db): Promise<TagRunTotals | null> {
  ensureBuiltinLabelSets(db);
  return withTaggingRuntime(db, async (runtime) => runtime && tagUntaggedPhotos(db, runtime));
}
