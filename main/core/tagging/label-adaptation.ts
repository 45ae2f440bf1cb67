import { normalizeRows } from '../clip/l2-normalize.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { zeroShotPrototypes, type PromptEncoder } from './label-prototypes.js';
import { listLabelSets } from './label-set-store.js';
import { taggingModel } from './tagging-model.js';
import { blobVector, vectorBlob } from './vector-blob.js';

export interface LearnedLabel {
  labelId: number;
  modelId: string;
  confirmed: number;
  rejected: number;
  /** Share of the confirmed photos' mean in the prototype (0: the text alone). */
  weight: number;
  /** The threshold re-tagging will use; null after a reset (the label's own or the model's default applies). */
  threshold: number | null;
}

/** weight = n / (n + HALF_WEIGHT_AT), so three confirmations count as much as the text, capped at MAX_WEIGHT. */
const HALF_WEIGHT_AT = 3;
/** The text always keeps a say: a handful of photos of one cat must not turn 「猫」 into "this cat". */
const MAX_WEIGHT = 0.8;
/** How far the threshold stays from a confirmed or rejected photo's score, when that does not cross the other side. */
const MARGIN = 0.02;
/** Well above float32 rounding of a 512-d dot product of unit vectors (~1e-7), far below any meaningful score gap. */
const SCORE_EPSILON = 1e-5;
/** Library photos sampled to carry the zero-shot threshold over to the new prototype (see learnLabel). */
const SAMPLE = 2000;

/**
 * Adapts a label to the user's corrections under one model, from the stored vectors of the photos the user
 * confirmed or rejected for it:
 * - prototype' = normalise((1 − w) · text prototype + w · normalised mean of the confirmed vectors), w growing with
 *   the number of confirmations (HALF_WEIGHT_AT, MAX_WEIGHT);
 * - threshold': CLIP's image vectors sit in a different cone than its text vectors, so blending in image vectors
 *   raises every photo's score and the old threshold means nothing under prototype'. It is first carried over by
 *   quantile: the share of a library sample that passed zero-shot passes under prototype' too. Then it moves only
 *   as far as the corrections require: below the lowest confirmed score, above the highest rejected one (MARGIN
 *   away from each), or, where they overlap, to the split that gets most of them right.
 * Stored in label_adaptations, which tagging applies from then on (label-prototypes.ts); re-tag to see it. A label
 * with no corrections left goes back to zero-shot. `encode` is needed only if the label's prompts were never
 * embedded for this model (it was never tagged with it).
 */
export async function learnLabel(db: Db, labelId: number, modelId: string, encode?: PromptEncoder): Promise<LearnedLabel> {
  const label = listLabelSets(db)
    .flatMap((s) => s.labels)
    .find((l) => l.id === labelId);
  if (!label) throw new XuntuError('LABEL_NOT_FOUND', `no label with id ${labelId}`);
  const model = taggingModel(db, modelId);
  const decided = db
    .prepare(
      `SELECT t.source, e.vector FROM photo_tags t JOIN embeddings e ON e.photo_id = t.photo_id AND e.model_id = ?
       WHERE t.label_id = ? AND t.source IN ('confirmed', 'rejected') AND e.dim = ? ORDER BY t.photo_id`,
    )
    .all(modelId, labelId, model.dim) as { source: 'confirmed' | 'rejected'; vector: Buffer }[];
  const confirmed = decided.filter((d) => d.source === 'confirmed').map((d) => unit(blobVector(d.vector)));
  const rejected = decided.filter((d) => d.source === 'rejected').map((d) => unit(blobVector(d.vector)));
  const learned = { labelId, modelId, confirmed: confirmed.length, rejected: rejected.length };
  if (decided.length === 0) {
    resetLabel(db, labelId, modelId);
    return { ...learned, weight: 0, threshold: null };
  }

  const [zeroShot] = await zeroShotPrototypes(db, [label], { modelId, dim: model.dim, encode });
  const text = zeroShot!.prototype;
  const baseline = label.threshold ?? model.defaultThreshold;
  const weight = Math.min(MAX_WEIGHT, confirmed.length / (confirmed.length + HALF_WEIGHT_AT));
  let prototype: Float32Array | null = null;
  let start = baseline;
  if (confirmed.length > 0) {
    const centroid = unit(mean(confirmed, model.dim));
    prototype = unit(text.map((t, j) => (1 - weight) * t + weight * centroid[j]!));
    start = carryOver(librarySample(db, modelId, model.dim), text, prototype, baseline);
  }
  const under = prototype ?? text;
  const threshold = placeThreshold(
    start,
    confirmed.map((v) => dot(v, under)),
    rejected.map((v) => dot(v, under)),
  );
  db.prepare(
    `INSERT INTO label_adaptations (label_id, model_id, prototype, threshold, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (label_id, model_id) DO UPDATE SET prototype = excluded.prototype, threshold = excluded.threshold, updated_at = excluded.updated_at`,
  ).run(labelId, modelId, prototype && vectorBlob(prototype), threshold, Date.now());
  return { ...learned, weight: prototype ? weight : 0, threshold };
}

/** Back to zero-shot: forgets what the label learned under `modelId`, or under every model. Returns rows removed. */
export function resetLabel(db: Db, labelId: number, modelId?: string): number {
  return modelId === undefined
    ? db.prepare('DELETE FROM label_adaptations WHERE label_id = ?').run(labelId).changes
    : db.prepare('DELETE FROM label_adaptations WHERE label_id = ? AND model_id = ?').run(labelId, modelId).changes;
}

/** The threshold under `after` that lets through the share of `sample` that `threshold` let through under `before`. */
function carryOver(sample: Float32Array[], before: Float32Array, after: Float32Array, threshold: number): number {
  if (sample.length === 0) return threshold;
  const passing = sample.filter((v) => dot(v, before) >= threshold).length;
  const scores = sample.map((v) => dot(v, after)).sort((a, b) => b - a);
  // None passed: just above the best; all passed: at the worst.
  // Tagging compares float32 scores from the SIMD kernel, summed in another order than dot() here: a threshold
  // exactly at the last passing photo's score could drop it by rounding, so stay a hair below.
  return passing === 0 ? scores[0]! + MARGIN : scores[passing - 1]! - SCORE_EPSILON;
}

/**
 * The threshold with the fewest corrections on the wrong side (a confirmed score below it, a rejected one at or
 * above it), the nearest to `start` among equals. Candidates: `start`, MARGIN beyond each score, and the midpoints
 * between neighbouring scores (for corrections closer together than two margins).
 */
function placeThreshold(start: number, confirmed: number[], rejected: number[]): number {
  const sorted = [...confirmed, ...rejected].sort((a, b) => a - b);
  const candidates = [
    start,
    ...confirmed.map((s) => s - MARGIN),
    ...rejected.map((s) => s + MARGIN),
    ...sorted.slice(1).map((s, i) => (s + sorted[i]!) / 2),
  ];
  const wrong = (t: number) => confirmed.filter((s) => s < t).length + rejected.filter((s) => s >= t).length;
  let best = start;
  let bestWrong = wrong(start);
  for (const t of candidates) {
    const w = wrong(t);
    if (w < bestWrong || (w === bestWrong && Math.abs(t - start) < Math.abs(best - start))) {
      best = t;
      bestWrong = w;
    }
  }
  return Math.max(-1, Math.min(1, best));
}

/** Up to SAMPLE present photos' vectors, spread evenly over the library (ids follow indexing order, i.e. folders). */
function librarySample(db: Db, modelId: string, dim: number): Float32Array[] {
  const ids = db
    .prepare(`SELECT e.photo_id FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE e.model_id = ? AND e.dim = ? AND p.status = 'present'`)
    .pluck()
    .all(modelId, dim) as number[];
  const step = Math.max(1, ids.length / SAMPLE);
  const get = db.prepare('SELECT vector FROM embeddings WHERE photo_id = ? AND model_id = ?').pluck();
  const sample: Float32Array[] = [];
  for (let i = 0; i < ids.length; i += step) sample.push(unit(blobVector(get.get(ids[Math.floor(i)], modelId) as Buffer)));
  return sample;
}

function mean(vectors: Float32Array[], dim: number): Float32Array {
  const sum = new Float32Array(dim);
  for (const v of vectors) for (let j = 0; j < dim; j++) sum[j]! += v[j]!;
  return sum;
}

function unit(v: Float32Array): Float32Array {
  return normalizeRows(v, v.length);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
