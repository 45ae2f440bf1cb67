import os from 'node:os';

export interface PoolShape {
  workers: number;
  intraOpThreads: number;
}

/**
 * Measured with test/bench/inference-pool.bench.ts on 2 cores (full-size ViT-B/16 image tower; images/s, best and
 * median of 8 rounds while other processes kept the load average near 2):
 *
 *                 1 worker × 2 threads    2 workers × 1 thread
 *   fp32 batch 1     11.8 (11.5)             12.2 (11.8)
 *   int8 batch 1     34.0 (27.6)             35.8 (34.2)
 *
 * Two one-thread workers matched one two-thread session at best and held up better in the median; in an earlier
 * run under heavier load they made 16.4 images/s on int8 against 9.0. A session's parallel sections wait for their
 * slowest thread, so whatever takes a core for a moment (the indexer's own decoding, the user's other programs)
 * stalls a multi-threaded session, while independent workers keep going. So: a worker per core, up to MAX_WORKERS,
 * the cores shared between them.
 *
 * Not more than MAX_WORKERS: each worker holds its own copy of the image tower (≈ 350 MB fp32, ≈ 90 MB int8), and
 * on larger machines more threads per session still scale (not measured: no machine above 2 cores).
 */
const MAX_WORKERS = 2;

/**
 * Images per run. On the CPU batching bought nothing: ViT-B/16's matrices are already large at batch 1, and 2×1 ran
 * int8 at 35.8 / 33.5 / 33.4 images/s with batches of 1 / 4 / 8 (fp32 12.2 / 12.6 / 12.0, within noise), while a
 * batch costs latency and memory. A GPU needs batches to be busy (assumed, not measured: no GPU here).
 */
const CPU_BATCH = 1;
const GPU_BATCH = 8;

/** The default workers × intra-op threads for `cores` CPU cores (os.availableParallelism()). */
export function defaultPoolShape(cores: number = os.availableParallelism()): PoolShape {
  const workers = Math.max(1, Math.min(cores, MAX_WORKERS));
  return { workers, intraOpThreads: Math.max(1, Math.floor(cores / workers)) };
}

/** Whether the engine reports a tower on a GPU (or other accelerator) rather than the CPU. */
export function isAccelerated(provider: string | undefined): boolean {
  return provider !== undefined && provider !== 'cpu';
}

/** The default images per run for a model whose image tower runs on `provider`. */
export function defaultBatch(provider: string | undefined): number {
  return isAccelerated(provider) ? GPU_BATCH : CPU_BATCH;
}

/** `value` when it is undefined or a positive integer; throws RangeError naming the option otherwise. */
export function positiveInteger(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

/** Fills what the caller left out: threads from workers, or workers from threads, so N × T covers the cores. */
export function resolvePoolShape(given: Partial<PoolShape>, cores: number = os.availableParallelism()): PoolShape {
  const workers = positiveInteger('workers', given.workers);
  const threads = positiveInteger('intraOpThreads', given.intraOpThreads);
  const share = (n: number) => Math.max(1, Math.floor(cores / n));
  if (workers !== undefined) return { workers, intraOpThreads: threads ?? share(workers) };
  if (threads !== undefined) return { workers: share(threads), intraOpThreads: threads };
  return defaultPoolShape(cores);
}
