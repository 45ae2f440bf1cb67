/**
 * Inference pool throughput against the bare ONNX Runtime ceiling, on the full-size synthetic Chinese-CLIP ViT-B/16
 * image tower (fp32 and int8), for each pool shape (workers × intra-op threads) and batch size:
 *   node --import tsx test/bench/inference-pool.bench.ts [--variants fp32,int8] [--batches 1,4,8] [--rounds 8]
 * prints a Markdown table; `run()` returns the figures (and inferencePoolBench plugs it into test/bench/run.ts).
 *
 * The ceiling is one session.run after another on ready tensors in this process, with the engine's own session
 * options and one intra-op thread per core: the most a single ONNX Runtime session gets from the machine. The pool
 * gets the same ready pixels through embedImage, all submitted at once, so what it adds (batching, messages,
 * copies, scheduling) shows as the ratio. Every round measures every configuration; a rate is the best of the rounds
 * (other processes only ever add time, so the ratio compares bests) and also their median, which shows how a shape
 * fares while other processes are busy.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import ort from 'onnxruntime-node';
import { readModelManifest } from '../../main/core/clip/model-manifest-file.js';
import { openSession } from '../../main/core/clip/ort-session.js';
import { InferencePool } from '../../main/core/infer/inference-pool.js';
import { defaultBatch, defaultPoolShape } from '../../main/core/infer/pool-defaults.js';
import { FULL_SIZE_MODELS_DIR, ensureFullSizeModels } from './full-size-models.js';
import type { Precision } from '../fixtures/full-size-clip/transformer-layers.js';
import type { BenchSuite, Figure } from './bench-suite.js';

const MODELS_DIR = FULL_SIZE_MODELS_DIR;
const CORES = os.availableParallelism();
/** Images per timed measurement: a whole number of runs for every batch size and worker count tried. */
const IMAGES = 16;

export interface PoolBenchOptions {
  variants?: Precision[];
  batches?: number[];
  rounds?: number;
}

interface Shape {
  workers: number;
  threads: number;
}

/** The shapes that use every core exactly: N workers × T threads with N·T = cores. */
function shapes(): Shape[] {
  const out: Shape[] = [];
  for (let workers = 1; workers <= CORES; workers++) if (CORES % workers === 0) out.push({ workers, threads: CORES / workers });
  return out;
}

const label = (s: Shape) => `${s.workers}×${s.threads}`;

/** Deterministic, image-like input (CLIP-normalised values within about ±2). */
function pixels(count: number, size: number): Float32Array {
  return new Float32Array(count * 3 * size * size).map((_, i) => Math.sin(i * 0.37) * 1.5);
}

async function ceilingImagesPerSecond(session: ort.InferenceSession, input: string, size: number, batch: number): Promise<number> {
  const feeds = { [input]: new ort.Tensor('float32', pixels(batch, size), [batch, 3, size, size]) };
  await session.run(feeds);
  const started = performance.now();
  for (let done = 0; done < IMAGES; done += batch) await session.run(feeds);
  return IMAGES / ((performance.now() - started) / 1000);
}

async function poolImagesPerSecond(pool: InferencePool, images: Float32Array[]): Promise<{ rate: number; meanBatch: number }> {
  // Warm-up: one full batch per worker, so every session has run once before the clock starts.
  await Promise.all(images.slice(0, pool.info.workers * pool.info.batch).map((p) => pool.embedImage(p)));
  const runsBefore = pool.stats.imageRuns;
  const started = performance.now();
  await Promise.all(images.map((p) => pool.embedImage(p)));
  const seconds = (performance.now() - started) / 1000;
  return { rate: images.length / seconds, meanBatch: images.length / (pool.stats.imageRuns - runsBefore) };
}

export async function run(opts: PoolBenchOptions = {}): Promise<Figure[]> {
  const variants = opts.variants ?? ['fp32', 'int8'];
  const batches = opts.batches ?? [1, 4, 8];
  const rounds = opts.rounds ?? 8;
  ensureFullSizeModels(variants);
  const chosen = defaultPoolShape(CORES);

  const figures: Figure[] = [];
  for (const variant of variants) {
    const modelDir = path.join(MODELS_DIR, variant);
    const manifest = await readModelManifest(modelDir);
    const { size, input } = manifest.image;
    const { session } = await openSession(path.join(modelDir, manifest.files.image), ['cpu'], { intraOpThreads: CORES });
    const images = Array.from({ length: IMAGES }, (_, i) => pixels(1, size).map((v) => v + i * 1e-3));
    // Every pool of the variant stays up for the whole measurement, so that each round samples every configuration
    // and a busy spell of other processes cannot land on one configuration's measurements only.
    const pools = new Map<string, InferencePool>();
    const key = (batch: number, shape?: Shape) => `${batch} ${shape ? label(shape) : 'ceiling'}`;
    try {
      for (const batch of batches) {
        for (const shape of shapes()) {
          const pool = await InferencePool.start({ modelDir, workers: shape.workers, intraOpThreads: shape.threads, maxBatch: batch, towers: ['image'], providers: ['cpu'] });
          pools.set(key(batch, shape), pool);
        }
      }
      const samples = new Map<string, { rate: number; meanBatch: number }[]>();
      const keep = (k: string, result: { rate: number; meanBatch: number }) => samples.set(k, [...(samples.get(k) ?? []), result]);
      const best = (k: string) => samples.get(k)!.reduce((a, b) => (b.rate > a.rate ? b : a));
      const median = (k: string) => {
        const rates = samples.get(k)!.map((r) => r.rate).sort((a, b) => a - b);
        return (rates[Math.floor((rates.length - 1) / 2)]! + rates[Math.ceil((rates.length - 1) / 2)]!) / 2;
      };
      for (let round = 0; round < rounds; round++) {
        for (const batch of batches) {
          keep(key(batch), { rate: await ceilingImagesPerSecond(session, input, size, batch), meanBatch: batch });
          for (const shape of shapes()) keep(key(batch, shape), await poolImagesPerSecond(pools.get(key(batch, shape))!, images));
        }
        console.error(`${variant} round ${round + 1}/${rounds}: ${[...samples.keys()].map((k) => `${k} ${best(k).rate.toFixed(2)}`).join(', ')}`);
      }
      for (const batch of batches) {
        const ceiling = best(key(batch)).rate;
        figures.push(
          { name: `${variant} batch ${batch}: ceiling`, value: ceiling, unit: 'images/s' },
          { name: `${variant} batch ${batch}: ceiling median`, value: median(key(batch)), unit: 'images/s' },
        );
        for (const shape of shapes()) {
          const { rate, meanBatch } = best(key(batch, shape));
          const isDefault = shape.workers === chosen.workers && shape.threads === chosen.intraOpThreads && batch === defaultBatch('cpu');
          figures.push(
            { name: `${variant} batch ${batch}: pool ${label(shape)}${isDefault ? ' (default)' : ''}`, value: rate, unit: 'images/s' },
            { name: `${variant} batch ${batch}: pool ${label(shape)} median`, value: median(key(batch, shape)), unit: 'images/s' },
            { name: `${variant} batch ${batch}: pool ${label(shape)} mean batch run`, value: meanBatch, unit: 'images' },
            {
              name: `${variant} batch ${batch}: pool ${label(shape)} ÷ ceiling`,
              value: rate / ceiling,
              unit: '×',
              ...(isDefault ? { target: { op: '>=', value: 0.9 } as const } : {}),
            },
          );
        }
      }
    } finally {
      await Promise.all([...pools.values()].map((p) => p.close()));
      await session.release();
    }
  }
  return figures;
}

export const inferencePoolBench: BenchSuite = { name: 'inference-pool', needsBuild: false, run: () => run() };

/** One row per model and batch: the ceiling, then each pool shape's rate and its ratio to the ceiling. */
function markdown(figures: Figure[]): string {
  const chosen = defaultPoolShape(CORES);
  const rows = new Map<string, Map<string, number>>();
  for (const f of figures) {
    const [row, what] = f.name.split(': ') as [string, string];
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)!.set(what.replace(' (default)', ''), f.value);
  }
  const cols = shapes().map(label);
  const head = ['model, batch', `ceiling: 1 session × ${CORES} threads`, ...cols.flatMap((c) => [`pool ${c}`, `${c} ÷ ceiling`, `${c} mean batch`])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const rate = (values: Map<string, number>, what: string) => `${values.get(what)!.toFixed(1)} (${values.get(`${what} median`)!.toFixed(1)})`;
  for (const [row, values] of rows) {
    const cells = [row, rate(values, 'ceiling')];
    for (const c of cols) cells.push(rate(values, `pool ${c}`), values.get(`pool ${c} ÷ ceiling`)!.toFixed(2), values.get(`pool ${c} mean batch run`)!.toFixed(1));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const machine = `${CORES} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`;
  return `${lines.join('\n')}\n\nimages/s: best (median) of the rounds; ratio of the bests. ${machine}. Default ${label({ workers: chosen.workers, threads: chosen.intraOpThreads })}, batch ${defaultBatch('cpu')}.`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { variants: { type: 'string' }, batches: { type: 'string' }, rounds: { type: 'string' } } });
  const figures = await run({
    ...(values.variants ? { variants: values.variants.split(',') as Precision[] } : {}),
    ...(values.batches ? { batches: values.batches.split(',').map(Number) } : {}),
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
  });
  console.log(markdown(figures));
}
