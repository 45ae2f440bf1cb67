import type { Db } from '../db/open-database.js';
import { learnLabel, type LearnedLabel } from './label-adaptation.js';
import type { StoredLabel } from './label-set.js';
import { tagPhotos, type TagPhotosResult } from './retag-library.js';
import { setTagDecision, type TagDecision } from './tag-store.js';
import type { TaggingRuntime } from './tagging-runtime.js';

export interface CorrectionOutcome {
  /** Photos whose tag changed. */
  changed: number;
  /** What the label learned; null without a model (the decision is still recorded and learned from later). */
  learned: LearnedLabel | null;
  retag: TagPhotosResult | null;
}

/**
 * The user's word on a label for some photos: recorded, then learned from, then the label's set is re-tagged from
 * stored vectors so the correction shows on the other photos at once (issue: corrected once, not every time).
 */
export async function applyCorrection(
  db: Db,
  photoIds: readonly number[],
  label: Pick<StoredLabel, 'id' | 'setId'>,
  decision: TagDecision,
  runtime: TaggingRuntime | null,
): Promise<CorrectionOutcome> {
  const changed = setTagDecision(db, photoIds, label.id, decision);
  if (!runtime) return { changed, learned: null, retag: null };
  const learned = await learnLabel(db, label.id, runtime.modelId, runtime.encode);
  const retag = await tagPhotos(db, { modelId: runtime.modelId, encodeTexts: runtime.encode, setIds: [label.setId] });
  return { changed, learned, retag };
}

/**
 * After a label set was saved: labels whose wording or threshold changed forgot what they had learned (the store
 * drops it so the edit takes effect); learn again from the user's recorded corrections under the new wording, then
 * re-tag the set.
 */
export async function retagEditedSet(db: Db, setId: number, relearn: readonly StoredLabel[], runtime: TaggingRuntime): Promise<TagPhotosResult> {
  const decided = db.prepare(`SELECT 1 FROM photo_tags WHERE label_id = ? AND source != 'auto' LIMIT 1`).pluck();
  for (const label of relearn) if (decided.get(label.id)) await learnLabel(db, label.id, runtime.modelId, runtime.encode);
  return tagPhotos(db, { modelId: runtime.modelId, encodeTexts: runtime.encode, setIds: [setId] });
}
