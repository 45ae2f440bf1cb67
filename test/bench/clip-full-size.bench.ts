import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { CHINESE_CLIP } from '../../main/core/clip/chinese-clip-defaults.js';
import { modelManifestSchema } from '../../main/core/clip/model-manifest.js';
import { FULL_SIZE_MODELS_DIR, ensureFullSizeModels } from './full-size-models.js';
import type { Precision } from '../fixtures/full-size-clip/transformer-layers.js';
import type { BenchSuite, Figure } from './bench-suite.js';
import { imageTowerRate } from './image-tower-flops.js';

const MODELS_DIR = FULL_SIZE_MODELS_DIR;
const VARIANTS: Precision[] = ['fp32', 'int8'];
const WARMUP = 2;
const RUNS = 10;
const BATCH = 8;
const CPUS = os.availableParallelism();

/** Best of `runs` after a warm-up: other processes on a small machine only ever add time. */
async function bestMs(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, runs: number): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await session.run(feeds);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

async function embed(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  return (await session.run(feeds))[session.outputNames[0]!]!.data as Float32Array;
}

const difference = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - b[i]!);

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((v, i) => ((ab += v * b[i]!), (aa += v * v), (bb += b[i]! * b[i]!)));
  return ab / Math.sqrt(aa * bb);
}

/**
 * Inference speed of a full-size synthetic Chinese-CLIP ViT-B/16 (real shapes and operators, random weights) in
 * fp32 and dynamically quantised int8, on ONNX Runtime's CPU provider with one intra-op thread per core: ms per
 * image at batch 1 and at batch 8, ms per query. The models are generated (≈ 15 s, ≈ 950 MB) under
 * test/fixtures/models/full-size the first time.
 */
export const clipFullSizeBench: BenchSuite = {
  name: 'clip-full-size',
  needsBuild: false,
  async run() {
    ensureFullSizeModels(VARIANTS);

    const size = CHINESE_CLIP.imageSize;
    const pixels = (n: number, seed: number) =>
      new ort.Tensor('float32', new Float32Array(n * 3 * size * size).map((_, i) => Math.sin(i * seed) * 1.5), [n, 3, size, size]);
    /** A padded query row: [CLS] pieces [SEP] 0…; its mask marks the non-zero ids. */
    const query = (pieces: bigint[]) => {
      const ids = new BigInt64Array(CHINESE_CLIP.contextLength);
      ids.set([101n, ...pieces, 102n]);
      return { ids: new ort.Tensor('int64', ids, [1, ids.length]), mask: new ort.Tensor('int64', ids.map((id) => (id === 0n ? 0n : 1n)), [1, ids.length]) };
    };
    const queries = [query([4638n, 3189n, 5862n]), query([5273n, 5682n])];

    const figures: Figure[] = [];
    /** Per variant: how the embeddings of two images and of two queries differ. */
    const changes: Record<string, { image: Float32Array; text: Float32Array }> = {};
    for (const variant of VARIANTS) {
      const dir = path.join(MODELS_DIR, variant);
      const manifest = modelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
      const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: CPUS, graphOptimizationLevel: 'all' };
      const loadStart = performance.now();
      const image = await ort.InferenceSession.create(path.join(dir, manifest.files.image), options);
      const text = await ort.InferenceSession.create(path.join(dir, manifest.files.text), options);
      const loadMs = performance.now() - loadStart;
      const imageFeeds = (n: number, seed: number) => ({ [manifest.image.input]: pixels(n, seed) });
      const textFeeds = (q: (typeof queries)[number]) => ({ [manifest.text.inputIds]: q.ids, [manifest.text.attentionMask!]: q.mask });

      const mb = (file: string) => fs.statSync(path.join(dir, file)).size / 1e6;
      const single = await bestMs(image, imageFeeds(1, 1), RUNS);
      const batched = (await bestMs(image, imageFeeds(BATCH, 1), Math.ceil(RUNS / 2))) / BATCH;
      figures.push(
        { name: `${variant} model files (image + text)`, value: mb(manifest.files.image) + mb(manifest.files.text), unit: 'MB' },
        { name: `${variant} load both towers`, value: loadMs, unit: 'ms' },
        { name: `${variant} image, batch 1`, value: single, unit: 'ms/image' },
        imageTowerRate(`${variant} image, batch 1`, 1000 / single, variant),
        { name: `${variant} image, batch ${BATCH}`, value: batched, unit: 'ms/image' },
        imageTowerRate(`${variant} image, batch ${BATCH}`, 1000 / batched, variant),
        { name: `${variant} text, 1 query`, value: await bestMs(text, textFeeds(queries[0]!), RUNS), unit: 'ms/query' },
      );
      changes[variant] = {
        image: difference(await embed(image, imageFeeds(1, 1)), await embed(image, imageFeeds(1, 7.3))),
        text: difference(await embed(text, textFeeds(queries[0]!)), await embed(text, textFeeds(queries[1]!))),
      };
    }
    // Same underlying weights, so int8 must move the embedding the way fp32 does when the input changes. (Comparing
    // the embeddings themselves would prove little: random-weight towers give every input a similar vector.)
    const agreement = (tower: 'image' | 'text') => cosine(changes.int8![tower], changes.fp32![tower]);
    figures.push(
      { name: 'int8 vs fp32, image embedding change between two images (cosine)', value: agreement('image'), unit: '', target: { op: '>=', value: 0.95 } },
      { name: 'int8 vs fp32, text embedding change between two queries (cosine)', value: agreement('text'), unit: '', target: { op: '>=', value: 0.95 } },
    );
    return figures;
  },
};
