import type { Db } from '../db/open-database.js';

/** What a tag scoring produced means for the row already stored. */
export type TagChange = 'add' | 'update' | 'none';

/** Scores differing by less than this are the same score (float32 kernel vs stored double). */
const SCORE_EPSILON = 1e-6;

/**
 * The tags already stored for the labels being scored, held compactly: a re-tag of 100k photos reads ~300k of them,
 * and one object per row cost seconds of allocation and GC (measured). Per label a photo id → slot map, and per slot
 * a few numbers in flat arrays.
 */
export class ExistingTags {
  private readonly slots = new Map<number, Map<number, number>>();
  private readonly photoIds: number[] = [];
  private readonly labelIds: number[] = [];
  /** 1 for an auto tag, 0 for the user's decision. */
  private readonly auto: number[] = [];
  /** 1 when computed under this model and the set's current version. */
  private readonly current: number[] = [];
  private readonly scores: (number | null)[] = [];
  private kept = new Uint8Array(0);

  /** The tags of `labels` (with their sets' current versions); only on `photoIds` when given. */
  static read(db: Db, modelId: string, labels: readonly { id: number; version: number }[], photoIds?: readonly number[]): ExistingTags {
    const tags = new ExistingTags();
    const versions = new Map(labels.map((l) => [l.id, l.version]));
    // A batch of new photos reads its few rows by primary key; a whole re-tag reads each label's rows by its index.
    const select = db
      .prepare(`SELECT photo_id, label_id, source = 'auto', model_id IS ?, set_version, score FROM photo_tags WHERE ${photoIds ? 'photo_id' : 'label_id'} = ?`)
      .raw();
    type Row = [photoId: number, labelId: number, auto: number, sameModel: number, version: number | null, score: number | null];
    for (const key of photoIds ?? versions.keys()) {
      for (const [photoId, labelId, auto, sameModel, version, score] of select.iterate(modelId, key) as Iterable<Row>) {
        if (versions.has(labelId)) tags.add(photoId, labelId, auto, sameModel && version === versions.get(labelId) ? 1 : 0, score);
      }
    }
    tags.kept = new Uint8Array(tags.photoIds.length);
    return tags;
  }

  /** Scoring gave the photo the label with this score: notes it, and says what the auto row needs. */
  produced(labelId: number, photoId: number, score: number): TagChange {
    const slot = this.slots.get(labelId)?.get(photoId);
    if (slot === undefined) return 'add';
    this.kept[slot] = 1;
    if (!this.auto[slot]) return 'none';
    const before = this.scores[slot];
    return this.current[slot] && before !== null && Math.abs(before! - score) <= SCORE_EPSILON ? 'none' : 'update';
  }

  /** Auto tags scoring did not produce again, on photos that were scored: flat [photoId, labelId] pairs. */
  withdrawn(scored: (photoId: number) => boolean): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.photoIds.length; slot++) {
      if (this.auto[slot] && !this.kept[slot] && scored(this.photoIds[slot]!)) out.push(this.photoIds[slot]!, this.labelIds[slot]!);
    }
    return out;
  }

  private add(photoId: number, labelId: number, auto: number, current: number, score: number | null): void {
    let byPhoto = this.slots.get(labelId);
    if (!byPhoto) this.slots.set(labelId, (byPhoto = new Map()));
    byPhoto.set(photoId, this.photoIds.length);
    this.photoIds.push(photoId);
    this.labelIds.push(labelId);
    this.auto.push(auto);
    this.current.push(current);
    this.scores.push(score);
  }
}
