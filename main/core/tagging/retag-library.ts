import type { Db } from '../db/open-database.js';
import { VectorIndex } from '../search/vectors/vector-index.js';
import { labelPrototypes, type PromptEncoder } from './label-prototypes.js';
import type { StoredLabelSet } from './label-set.js';
import { ExistingTags } from './existing-tags.js';
import { listLabelSets } from './label-set-store.js';
import { TagScorer, type ScoringSet } from './tag-scoring.js';
import { taggingModel, type TaggingModel } from './tagging-model.js';

export interface TagPhotosOptions {
  /** The model whose stored vectors are scored; its text tower must be the one behind encodeTexts. */
  modelId: string;
  /** Only called for prompts the library has not embedded for this model yet. */
  encodeTexts?: PromptEncoder;
  /** Default: every label set. */
  setIds?: readonly number[];
  /** Default: every present photo with a vector; the indexer passes the photos it just embedded. */
  photoIds?: readonly number[];
}

export interface TagPhotosResult {
  /** Photos scored (present, with a vector of the model). */
  photos: number;
  labels: number;
  /** Auto tags written, changed (score, model or set version) and withdrawn. */
  added: number;
  updated: number;
  removed: number;
  ms: number;
}

/**
 * Tags photos from their stored vectors (no image is read): scores every photo in scope against every label of the
 * chosen sets, then brings the `auto` rows in step in one transaction: new tags added, changed ones updated, those
 * that no longer pass removed. A tag the user confirmed or rejected is the user's word: never written here, not
 * even by a model change. Photos outside the scope (missing, not embedded yet, not in photoIds) keep their tags.
 */
export async function tagPhotos(db: Db, opts: TagPhotosOptions): Promise<TagPhotosResult> {
  const started = performance.now();
  const { modelId } = opts;
  const model = taggingModel(db, modelId);
  const sets = listLabelSets(db).filter((s) => !opts.setIds || opts.setIds.includes(s.id));
  const labels = sets.flatMap((s) => s.labels);
  const empty = { photos: 0, labels: labels.length, added: 0, updated: 0, removed: 0 };
  if (labels.length === 0 || opts.photoIds?.length === 0) return { ...empty, ms: performance.now() - started };

  const scorer = new TagScorer(model.dim, await scoringSets(db, sets, model, opts), model.logitScale);
  const index = VectorIndex.fromDatabase(db, modelId, { photoIds: opts.photoIds });
  const versionOf = new Map(sets.map((s) => [s.id, s.version]));
  const existing = ExistingTags.read(db, modelId, labels.map((l) => ({ id: l.id, version: versionOf.get(l.setId)! })), opts.photoIds);

  const adds: number[] = []; // flat [photoId, labelId, score, setVersion] quadruples
  const updates: number[] = [];
  const { count, ids, matrix } = index.rows();
  let photoId = 0;
  const sink = (label: { labelId: number }, set: { setId: number }, score: number) => {
    const change = existing.produced(label.labelId, photoId, score);
    if (change !== 'none') (change === 'add' ? adds : updates).push(photoId, label.labelId, score, versionOf.get(set.setId)!);
  };
  for (let r = 0; r < count; r++) {
    photoId = ids[r]!;
    scorer.scorePhoto(matrix.row(r), sink);
  }
  const removals = existing.withdrawn((id) => index.has(id));

  const written = writeTags(db, modelId, adds, updates, removals);
  return { ...empty, photos: count, ...written, ms: performance.now() - started };
}

/** Present photos with a vector of the model that have no auto tag from the set's current version under it. */
export function photosNeedingTags(db: Db, set: Pick<StoredLabelSet, 'id' | 'version'>, modelId: string): number[] {
  return db
    .prepare(
      `SELECT e.photo_id FROM embeddings e JOIN photos p ON p.id = e.photo_id
       WHERE e.model_id = ? AND p.status = 'present' AND NOT EXISTS (
         SELECT 1 FROM photo_tags t JOIN labels l ON l.id = t.label_id
         WHERE t.photo_id = e.photo_id AND l.set_id = ? AND t.source = 'auto' AND t.model_id = ? AND t.set_version = ?)
       ORDER BY e.photo_id`,
    )
    .pluck()
    .all(modelId, set.id, modelId, set.version) as number[];
}

async function scoringSets(db: Db, sets: StoredLabelSet[], model: TaggingModel, opts: TagPhotosOptions): Promise<ScoringSet[]> {
  const prototypes = await labelPrototypes(
    db,
    sets.flatMap((s) => s.labels),
    { modelId: opts.modelId, dim: model.dim, encode: opts.encodeTexts },
  );
  let next = 0;
  return sets.map((set) => ({
    setId: set.id,
    exclusive: set.exclusive,
    labels: set.labels.map(() => {
      const p = prototypes[next++]!;
      return { labelId: p.labelId, prototype: p.prototype, exclusions: p.exclusions, threshold: p.threshold ?? model.defaultThreshold };
    }),
  }));
}

function writeTags(db: Db, modelId: string, adds: number[], updates: number[], removals: number[]) {
  // The WHERE source = 'auto' guards keep a decision the user made while this run was scoring.
  const add = db.prepare(
    `INSERT INTO photo_tags (photo_id, label_id, source, score, model_id, set_version, updated_at) VALUES (?, ?, 'auto', ?, ?, ?, ?)
     ON CONFLICT (photo_id, label_id) DO UPDATE SET score = excluded.score, model_id = excluded.model_id,
       set_version = excluded.set_version, updated_at = excluded.updated_at WHERE source = 'auto'`,
  );
  const update = db.prepare(
    `UPDATE photo_tags SET score = ?, model_id = ?, set_version = ?, updated_at = ? WHERE photo_id = ? AND label_id = ? AND source = 'auto'`,
  );
  const remove = db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND label_id = ? AND source = 'auto'`);
  const now = Date.now();
  return db.transaction(() => {
    let added = 0;
    let updated = 0;
    let removed = 0;
    for (let i = 0; i < adds.length; i += 4) added += add.run(adds[i], adds[i + 1], adds[i + 2], modelId, adds[i + 3], now).changes;
    for (let i = 0; i < updates.length; i += 4) {
      updated += update.run(updates[i + 2], modelId, updates[i + 3], now, updates[i], updates[i + 1]).changes;
    }
    for (let i = 0; i < removals.length; i += 2) removed += remove.run(removals[i], removals[i + 1]).changes;
    return { added, updated, removed };
  })();
}
