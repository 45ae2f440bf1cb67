/**
 * Tagging speed (issue 4): re-tagging 100,000 photos against 200 labels from their stored vectors, database writes
 * included, and what tagging adds to indexing a new photo.
 *
 *   npm run bench retag
 *
 * The library is synthetic (clustered 512-d vectors written straight into a library database, WAL on disk, as
 * indexing leaves it), and so are the label prototypes (a stand-in text tower: this measures tagging, not the text
 * tower, whose prompts are cached after the first run). The indexing reference is real: tiny JPEGs indexed with
 * the full-size synthetic Chinese-CLIP ViT-B/16 int8 image tower (the faster variant, so the stricter ratio).
 * Needs about 1.5 GB of memory and a minute or two on a 2-core machine.
 */
import path from 'node:path';
import { openDatabase, type Db } from '../../main/core/db/open-database.js';
import { indexLibrary } from '../../main/core/indexer/index-library.js';
import { openLibrary } from '../../main/core/library/library.js';
import { setActiveModel } from '../../main/core/models/active-model.js';
import { startEmbedder } from '../../main/core/search/model-runtime.js';
import { VectorIndex } from '../../main/core/search/vectors/vector-index.js';
import type { LabelDefinition } from '../../main/core/tagging/label-set.js';
import { saveLabelSet } from '../../main/core/tagging/label-set-store.js';
import { tagPhotos, type TagPhotosResult } from '../../main/core/tagging/retag-library.js';
import { writeManyTinyPhotos } from '../helpers/photo-corpus.js';
import { seedVectorLibrary } from '../helpers/vector-library.js';
import { ClusteredVectors, rng } from '../unit/search/vectors/synthetic-vectors.js';
import type { BenchSuite, Figure } from './bench-suite.js';
import { ensureFullSizeModels, FULL_SIZE_MODELS_DIR } from './full-size-models.js';
import { withTempDir } from './temp-dir.js';

const PHOTOS = 100_000;
const LABELS = 200;
const DIM = 512;
/** About three labels per topic, so a photo gets about three tags: 300k rows to write on a first tagging. */
const TOPICS = 64;
const MODEL_ID = 'bench-clip';
/** New photos per tagging call, as the indexer's write batches (indexer/write-batcher.ts) hold up to 64. */
const NEW_BATCH = 64;
const NEW_BATCHES = 10;
const INDEXED_PHOTOS = 48;

export const retagBench: BenchSuite = {
  name: 'retag',
  needsBuild: false,
  run: () =>
    withTempDir('retag', async (dir) => {
      const figures: Figure[] = [];
      const seconds = (name: string, ms: number, target?: number, note?: string) =>
        figures.push({ name, value: ms / 1000, unit: 's', ...(target !== undefined && { target: { op: '<=' as const, value: target } }), ...(note && { note }) });
      const count = (name: string, value: number, unit = 'rows') => figures.push({ name, value, unit });

      const db = openDatabase(path.join(dir, 'library.db'));
      try {
        const rand = rng(42);
        const topics = new ClusteredVectors(DIM, TOPICS, rand);
        const seeded = timed(() => seedVectorLibrary(db, { modelId: MODEL_ID, dim: DIM, count: PHOTOS, vectorOf: () => topics.vector() }));
        seconds(`write ${PHOTOS / 1000}k photos with vectors (setup)`, seeded.ms);
        const labelVectors = Array.from({ length: LABELS }, () => topics.query());
        const encodeTexts = async (texts: string[]) => {
          const out = new Float32Array(texts.length * DIM);
          texts.forEach((t, i) => out.set(labelVectors[Number(/标签(\d+)/.exec(t)![1])]!, i * DIM));
          return out;
        };
        const labels = (strict: number | null): LabelDefinition[] =>
          labelVectors.map((_, i) => ({ name: `标签${i}`, phrasings: [], exclusions: [], threshold: i === 0 ? strict : null }));
        saveLabelSet(db, { name: '基准', description: null, exclusive: false, labels: labels(null) });
        const tag = (photoIds?: number[]) => tagPhotos(db, { modelId: MODEL_ID, encodeTexts, photoIds });
        const key = `${PHOTOS / 1000}k photos × ${LABELS} labels`;

        const load = timed(() => VectorIndex.fromDatabase(db, MODEL_ID));
        seconds(`load ${PHOTOS / 1000}k vectors from the database (part of every re-tag)`, load.ms);
        const loadNote = `loading the ${PHOTOS / 1000}k vectors alone takes ${(load.ms / 1000).toFixed(2)} s of it`;

        const first = await tag();
        seconds(`first tagging, ${key} (all rows new)`, first.ms, 5, `${loadNote}; ${first.added} rows written`);
        count('  auto tags written', first.added);
        const same = await tag();
        seconds(`re-tag, ${key}, nothing changed`, same.ms, 5, loadNote);
        // An edit bumps the set's version: every kept tag is rewritten with it.
        saveLabelSet(db, { name: '基准', description: null, exclusive: false, labels: labels(0.99) });
        const edited = await tag();
        seconds(`re-tag after a label-set edit, ${key}`, edited.ms, 5, loadNote);
        count('  auto tags updated', edited.updated);
        count('  auto tags removed', edited.removed);
        // Loading the vectors is the largest share: each 2 KB vector spills into an overflow page, read with one
        // pread each. Memory-mapped reads (a setting of the connection, db/open-database.ts) cut that 3–4× (measured).
        db.pragma(`mmap_size = ${2 ** 30}`);
        saveLabelSet(db, { name: '基准', description: null, exclusive: false, labels: labels(null) });
        seconds(`re-tag after a label-set edit, ${key}, with PRAGMA mmap_size = 1 GiB`, (await tag()).ms);

        const perNewPhoto = await newPhotoCost(db, tag);
        figures.push({ name: `tagging a new photo (batches of ${NEW_BATCH}, ${LABELS} labels, ${PHOTOS / 1000}k library)`, value: perNewPhoto, unit: 'ms' });
        const perIndexedPhoto = await indexingCost(dir);
        figures.push({ name: `indexing a new photo (tiny JPEGs, full-size ViT-B/16 int8, ${INDEXED_PHOTOS} photos)`, value: perIndexedPhoto, unit: 'ms' });
        figures.push({ name: 'tagging ÷ indexing, per new photo', value: (100 * perNewPhoto) / perIndexedPhoto, unit: '%', target: { op: '<=', value: 5 } });
      } finally {
        db.close();
      }
      return figures;
    }),
};

/** ms per photo to tag photos that have no tags yet (the indexer's case), NEW_BATCH at a time. */
async function newPhotoCost(db: Db, tag: (photoIds: number[]) => Promise<TagPhotosResult>): Promise<number> {
  const ids = Array.from({ length: NEW_BATCH * NEW_BATCHES }, (_, i) => PHOTOS - i);
  db.prepare('DELETE FROM photo_tags WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
  let ms = 0;
  for (let b = 0; b < NEW_BATCHES; b++) ms += (await tag(ids.slice(b * NEW_BATCH, (b + 1) * NEW_BATCH))).ms;
  return ms / ids.length;
}

/** ms per photo of indexing (decode, thumbnails, CLIP vector, database), wall time over a folder. */
async function indexingCost(dir: string): Promise<number> {
  ensureFullSizeModels(['int8']);
  const photos = path.join(dir, 'photos');
  await writeManyTinyPhotos(photos, INDEXED_PHOTOS);
  const library = openLibrary(path.join(dir, 'index-library'));
  try {
    await setActiveModel(library.db, path.join(FULL_SIZE_MODELS_DIR, 'int8'));
    const started = await startEmbedder(library.db);
    if (!started) throw new Error('no embedder after setActiveModel');
    try {
      const t0 = performance.now();
      const summary = await indexLibrary(library, { roots: [photos], embedder: started.embedder });
      const ms = performance.now() - t0;
      if (summary.embedded !== INDEXED_PHOTOS) throw new Error(`embedded ${summary.embedded} of ${INDEXED_PHOTOS} photos`);
      return ms / INDEXED_PHOTOS;
    } finally {
      await started.pool.close();
    }
  } finally {
    library.close();
  }
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}
