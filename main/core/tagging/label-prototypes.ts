import { normalizeRows } from '../clip/l2-normalize.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import type { StoredLabel } from './label-set.js';
import { promptsFor } from './prompt-templates.js';
import { blobVector, vectorBlob } from './vector-blob.js';

/** The text tower: texts → texts.length × dim unit vectors, row-major (ClipEngine.embedTexts). */
export type PromptEncoder = (texts: string[]) => Promise<Float32Array>;

export interface PrototypeOptions {
  modelId: string;
  dim: number;
  /** Only called for prompts not in the library's cache; may be omitted when the caller knows they all are. */
  encode?: PromptEncoder;
}

/** What the text says a label is, under one model. */
export interface ZeroShotPrototype {
  /** Unit vector: the mean of the prompt ensembles of the name and every phrasing. */
  prototype: Float32Array;
  /** One unit vector per exclusion, each its own prompt ensemble. */
  exclusions: Float32Array[];
}

/** What tagging scores a label with: the zero-shot prototype, or what the label learned for this model. */
export interface LabelPrototype extends ZeroShotPrototype {
  labelId: number;
  /**
   * The learned threshold (derived from the label's own or the model's default, and only meaningful with the learned
   * prototype), else the label's own, else null (the model's default applies).
   */
  threshold: number | null;
}

/** Texts per text-tower run: bounds the tower's memory (a batch's attention grows with it) on a cold cache. */
const ENCODE_BATCH = 32;

/** Zero-shot prototypes of `labels`, in order; prompts the library has not embedded yet go through `encode`. */
export async function zeroShotPrototypes(db: Db, labels: readonly StoredLabel[], opts: PrototypeOptions): Promise<ZeroShotPrototype[]> {
  const phrases = (label: StoredLabel) => unique([label.name, ...label.phrasings]);
  const all = unique(labels.flatMap((l) => [...phrases(l), ...l.exclusions]).flatMap(promptsFor));
  const prompts = await promptEmbeddings(db, all, opts);
  const ensemble = (phrase: string) => meanUnit(promptsFor(phrase).map((p) => prompts.get(p)!), opts.dim);
  return labels.map((label) => ({
    prototype: meanUnit(phrases(label).map(ensemble), opts.dim),
    exclusions: unique(label.exclusions).map(ensemble),
  }));
}

/** zeroShotPrototypes with each label's adaptation for the model (label-adaptation.ts) applied where it has one. */
export async function labelPrototypes(db: Db, labels: readonly StoredLabel[], opts: PrototypeOptions): Promise<LabelPrototype[]> {
  const zeroShot = await zeroShotPrototypes(db, labels, opts);
  const adaptations = db.prepare('SELECT prototype, threshold FROM label_adaptations WHERE label_id = ? AND model_id = ?');
  return labels.map((label, i) => {
    const learned = adaptations.get(label.id, opts.modelId) as { prototype: Buffer | null; threshold: number | null } | undefined;
    const prototype = learned?.prototype ? blobVector(learned.prototype) : undefined;
    return {
      labelId: label.id,
      // A prototype of another size was learned under a model that reused this id; the text still holds.
      prototype: prototype?.length === opts.dim ? prototype : zeroShot[i]!.prototype,
      exclusions: zeroShot[i]!.exclusions,
      threshold: learned?.threshold ?? label.threshold ?? null,
    };
  });
}

/**
 * The embedding of every prompt, from the library's prompt_embeddings cache, encoding only the misses (in batches,
 * each cached as soon as it is done so an interrupted run keeps what it paid for). A label set's prompts are
 * thousands of text-tower runs; a re-tag after an edit needs only the new phrasings'.
 */
async function promptEmbeddings(db: Db, prompts: readonly string[], opts: PrototypeOptions): Promise<Map<string, Float32Array>> {
  const { modelId, dim, encode } = opts;
  const put = db.prepare(
    'INSERT INTO prompt_embeddings (model_id, text, vector) VALUES (?, ?, ?) ON CONFLICT (model_id, text) DO UPDATE SET vector = excluded.vector',
  );
  const cached = db
    .prepare('SELECT text, vector FROM prompt_embeddings WHERE model_id = ? AND text IN (SELECT value FROM json_each(?))')
    .raw()
    .all(modelId, JSON.stringify(prompts)) as [string, Buffer][];
  // A vector of another size was cached under a model that reused this id: encode again.
  const found = new Map(cached.filter(([, blob]) => blob.byteLength === dim * 4).map(([text, blob]) => [text, blobVector(blob)]));
  const missing = prompts.filter((p) => !found.has(p));
  if (missing.length > 0 && !encode) {
    throw new XuntuError('PROMPTS_NOT_ENCODED', `${missing.length} label prompts (e.g. 「${missing[0]}」) have no cached embedding for ${modelId} and no text tower was given`);
  }
  for (let start = 0; start < missing.length; start += ENCODE_BATCH) {
    const batch = missing.slice(start, start + ENCODE_BATCH);
    const vectors = await encode!(batch);
    if (vectors.length !== batch.length * dim) {
      throw new XuntuError('MODEL_OUTPUT_MISMATCH', `the text tower returned ${vectors.length} floats for ${batch.length} prompts of ${dim} dimensions`);
    }
    db.transaction(() => {
      batch.forEach((prompt, i) => {
        const vector = vectors.slice(i * dim, (i + 1) * dim);
        found.set(prompt, vector);
        put.run(modelId, prompt, vectorBlob(vector));
      });
    })();
  }
  return found;
}

/**
 * normalise(mean of normalise(v)): how cn_clip/eval/zeroshot_evaluation.py zero_shot_classifier combines a class's
 * prompts, applied again one level up to combine a label's phrasings.
 */
function meanUnit(vectors: readonly Float32Array[], dim: number): Float32Array {
  const mean = new Float32Array(dim);
  for (const v of vectors) {
    const unit = normalizeRows(v.slice(), dim);
    for (let j = 0; j < dim; j++) mean[j]! += unit[j]!;
  }
  return normalizeRows(mean, dim);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
