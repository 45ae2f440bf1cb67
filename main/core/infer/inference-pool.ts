import type { ExecutionProviderName, TowerName } from '../clip/clip-engine.js';
import type { ModelManifest } from '../clip/model-manifest.js';
import { XuntuError } from '../errors.js';
import { AdmissionGate } from './admission-gate.js';
import type { EmbeddingPool } from './embedding-pool.js';
import { ImageBatcher } from './image-batcher.js';
import { defaultBatch, isAccelerated, positiveInteger, resolvePoolShape } from './pool-defaults.js';
import { WorkerExitedError } from './worker-connection.js';
import { WorkerSlot } from './worker-slot.js';

export interface InferencePoolOptions {
  /** A model folder in Xuntu's layout (manifest.json beside the towers). */
  modelDir: string;
  /** Worker threads, each with its own engine; default from pool-defaults.ts, and 1 when the model runs on a GPU. */
  workers?: number;
  /** ONNX Runtime intra-op threads per worker. */
  intraOpThreads?: number;
  /** Execution providers to try, best first; passed to the engine. */
  providers?: ExecutionProviderName[];
  /** Images per run when the model has a dynamic batch (default 1 on the CPU, 8 on a GPU); a fixed batch runs 1. */
  maxBatch?: number;
  /** Bound on images queued or in flight; embedImage waits for room beyond it. Default: two batches per worker. */
  maxQueuedImages?: number;
  /** Towers to load, default both. The text tower loads only in the first worker (see `start`). */
  towers?: TowerName[];
}

export interface InferencePoolInfo {
  workers: number;
  intraOpThreads: number;
  /** The provider each tower really runs on, as the engine reports it, */
  providers: { image?: string; text?: string };
  /** and why, when that is not the first one asked for. */
  providerFallbacks: { image?: string; text?: string };
  /** Images per run. */
  batch: number;
  maxQueuedImages: number;
}

export interface InferencePoolStats {
  /** Images queued or in flight now. */
  admitted: number;
  /** The most ever admitted at once: never above maxQueuedImages. */
  highWater: number;
  /** Image batches run so far, retries included: images ÷ runs is the mean batch. */
  imageRuns: number;
  /** Workers replaced after dying. */
  restarts: number;
}

interface Waiting<T> {
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}
interface ImageItem extends Waiting<Float32Array> {
  pixels: Float32Array;
  tag: string | undefined;
}
interface TextsItem extends Waiting<Float32Array> {
  texts: string[];
}
type Job = { kind: 'images'; items: ImageItem[] } | { kind: 'texts'; item: TextsItem };

const nameOf = (tag: string | undefined) => (tag === undefined ? 'an image' : `image ${tag}`);

/**
 * Runs CLIP inference in worker threads, off the main thread and its event loop. Images submitted one at a time are
 * coalesced into batches; a bounded queue gives back-pressure; a worker that dies is replaced and its batch retried
 * once (see `execute`).
 *
 * Each worker takes one job at a time, so the least-loaded worker is simply an idle one, and queued work waits here,
 * where it can still be batched and where a text query can overtake queued images.
 */
export class InferencePool implements EmbeddingPool {
  readonly manifest: ModelManifest;
  readonly info: InferencePoolInfo;
  private readonly gate: AdmissionGate;
  private readonly batcher: ImageBatcher<ImageItem>;
  private readonly texts: TextsItem[] = [];
  private readonly imageFloats: number;
  private imageRuns = 0;
  private pumpRequested = false;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly slots: WorkerSlot[],
    manifest: ModelManifest,
    info: InferencePoolInfo,
  ) {
    this.manifest = manifest;
    this.info = info;
    this.gate = new AdmissionGate(info.maxQueuedImages);
    this.batcher = new ImageBatcher(info.batch, () => this.requestPump());
    this.imageFloats = 3 * manifest.image.size ** 2;
  }

  /**
   * Starts the workers and resolves once every one has loaded the model; rejects with the first load failure
   * (its engine code, e.g. MODEL_NOT_FOUND, else INFERENCE_WORKER_FAILED) after stopping them all.
   *
   * Only the first worker loads the text tower: queries are rare and small, and a second copy of a BERT tower costs
   * 100–400 MB for nothing.
   */
  static async start(opts: InferencePoolOptions): Promise<InferencePool> {
    const towers = opts.towers ?? ['image', 'text'];
    const shape = resolvePoolShape(towers.includes('image') ? opts : { ...opts, workers: 1 });
    positiveInteger('maxBatch', opts.maxBatch);
    positiveInteger('maxQueuedImages', opts.maxQueuedImages);
    let pool: InferencePool | undefined;
    const slots = Array.from(
      { length: shape.workers },
      (_, i) =>
        new WorkerSlot(
          i,
          {
            type: 'load',
            modelDir: opts.modelDir,
            intraOpThreads: shape.intraOpThreads,
            towers: i === 0 ? towers : towers.filter((t) => t !== 'text'),
            ...(opts.providers ? { providers: opts.providers } : {}),
          },
          () => pool?.requestPump(),
        ),
    );
    const loaded = await Promise.all(slots.map((s) => s.loaded));
    const first = slots[0]!.reply;
    if (loaded.includes(false) || !first) {
      await Promise.all(slots.map((s) => s.close()));
      throw slots.find((s) => s.failure)?.failure ?? new XuntuError('INFERENCE_WORKER_FAILED', 'no inference worker loaded');
    }
    const provider = first.providers.image;
    // An accelerator runs one session's batches back to back; more workers would only hold more copies of the model
    // in its memory. The count only decides once the engine has said where the tower really runs.
    if (isAccelerated(provider) && opts.workers === undefined) await Promise.all(slots.splice(1).map((s) => s.close()));
    const batch = first.manifest.image.batch === 'dynamic' ? (opts.maxBatch ?? defaultBatch(provider)) : 1;
    pool = new InferencePool(slots, first.manifest, {
      workers: slots.length,
      intraOpThreads: shape.intraOpThreads,
      providers: first.providers,
      providerFallbacks: first.providerFallbacks,
      batch,
      maxQueuedImages: opts.maxQueuedImages ?? 2 * slots.length * batch,
    });
    return pool;
  }

  get stats(): InferencePoolStats {
    return {
      admitted: this.gate.inUse,
      highWater: this.gate.highWater,
      imageRuns: this.imageRuns,
      restarts: this.slots.reduce((sum, s) => sum + s.restarts, 0),
    };
  }

  /**
   * Settles once the queue has room for another image: await it before decoding the next photo, so decoding never
   * runs further ahead of inference than the bound.
   */
  async ready(): Promise<void> {
    await this.gate.whenRoom();
  }

  /**
   * One L2-normalised vector for preprocessed pixels (3×S×S). Waits for room in the queue first, so a caller that
   * submits without awaiting earlier results holds its pixels itself instead of piling them up here. `pixels` is
   * read until the promise settles: do not reuse it before. `tag` (e.g. the photo's path) names the image in errors.
   */
  async embedImage(pixels: Float32Array, tag?: string): Promise<Float32Array> {
    this.assertServing('image');
    if (pixels.length !== this.imageFloats) {
      const side = this.manifest.image.size;
      throw new XuntuError('INFERENCE_INPUT_INVALID', `${nameOf(tag)} has ${pixels.length} values, not 3×${side}×${side}`);
    }
    await this.gate.acquire();
    try {
      this.assertServing('image');
      return await new Promise<Float32Array>((resolve, reject) => {
        this.batcher.push({ pixels, tag, resolve, reject });
        this.requestPump();
      });
    } finally {
      this.gate.release();
    }
  }

  /** texts.length × dim L2-normalised vectors, in order. */
  async embedTexts(texts: readonly string[]): Promise<Float32Array> {
    this.assertServing('text');
    if (texts.length === 0) return new Float32Array(0);
    return new Promise((resolve, reject) => {
      this.texts.push({ texts: [...texts], resolve, reject });
      this.requestPump();
    });
  }

  /**
   * Rejects what has not started with INFERENCE_CLOSED, lets each worker finish its current run, then stops them.
   */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      const err = new XuntuError('INFERENCE_CLOSED', 'the inference pool is closed');
      this.gate.refuseWaiters(err);
      for (const item of [...this.batcher.drain(), ...this.texts.splice(0)]) item.reject(err);
      this.closing = Promise.all(this.slots.map((s) => s.close())).then(() => undefined);
    }
    return this.closing;
  }

  private assertServing(tower: TowerName): void {
    if (this.closed) throw new XuntuError('INFERENCE_CLOSED', 'the inference pool is closed');
    const able = this.slots.filter((s) => s.towers.includes(tower));
    if (able.length === 0) throw new XuntuError('INFERENCE_TOWER_NOT_LOADED', `the pool was started without the ${tower} tower`);
    const dead = able.find((s) => s.state === 'dead');
    if (dead && able.every((s) => s.state === 'dead')) throw dead.failure!;
  }

  /**
   * Pumps once the microtasks queued so far have run. Callers admitted together resume one microtask after another;
   * pumping in between would send the first of them off alone instead of batched with the rest.
   */
  private requestPump(): void {
    if (this.pumpRequested) return;
    this.pumpRequested = true;
    setImmediate(() => {
      this.pumpRequested = false;
      this.pump();
    });
  }

  /** Hands work to idle workers; runs whenever work arrives, a worker frees or loads, or a linger ends. */
  private pump(): void {
    if (this.closed) return;
    this.failOrphans();
    // Image batches go to image-only workers first, keeping the text worker free to answer a query at once.
    const idle = this.slots.filter((s) => s.idle).sort((a, b) => a.towers.length - b.towers.length);
    for (const slot of idle) {
      const job = this.nextJob(slot);
      if (job) void this.execute(slot, job);
    }
  }

  private nextJob(slot: WorkerSlot): Job | undefined {
    const texts = slot.towers.includes('text') ? this.texts.shift() : undefined;
    if (texts) return { kind: 'texts', item: texts };
    // While the bound is full no more images can arrive, so a partial batch need not linger.
    const items = slot.towers.includes('image') ? this.batcher.take(this.gate.hasRoom) : undefined;
    return items && { kind: 'images', items };
  }

  /** Work whose every capable worker is dead can never run: fail it rather than leave it waiting. */
  private failOrphans(): void {
    for (const tower of ['image', 'text'] as const) {
      const able = this.slots.filter((s) => s.towers.includes(tower));
      const failure = able.find((s) => s.failure)?.failure;
      if (!failure || !able.every((s) => s.state === 'dead')) continue;
      for (const item of tower === 'image' ? this.batcher.drain() : this.texts.splice(0)) item.reject(failure);
    }
  }

  /**
   * Runs a job on `slot`. If the worker dies under it, the slot's replacement worker runs it once more, one image at a
   * time, so that an image that kills workers is told apart from those that merely shared its batch: it alone fails
   * with INFERENCE_CRASHED when it kills the replacement too (which is replaced in turn, and the retry goes on).
   * Retries stay on the slot whose worker died, so such an image costs at most that one slot a reload.
   */
  private async execute(slot: WorkerSlot, job: Job): Promise<void> {
    slot.busy = true;
    try {
      const crash = await this.attempt(slot, job, 0);
      if (crash === undefined) return;
      const retries: Job[] = job.kind === 'images' ? job.items.map((item) => ({ kind: 'images', items: [item] })) : [job];
      for (const [i, retry] of retries.entries()) {
        if (!(await slot.loaded)) {
          for (const rest of retries.slice(i)) this.failCrashed(rest, `its worker ${crash}, and ${slot.failure?.message}`);
          return;
        }
        const again = await this.attempt(slot, retry, 1);
        if (again !== undefined) this.failCrashed(retry, `its worker ${crash}, and on the retry ${again}`);
      }
    } finally {
      slot.busy = false;
      this.requestPump();
    }
  }

  /** Runs a job once and settles it; returns why its worker died instead if it did, leaving the job to retry. */
  private async attempt(slot: WorkerSlot, job: Job, attempt: number): Promise<string | undefined> {
    try {
      this.deliver(job, await this.run(slot, job, attempt));
    } catch (err) {
      if (!(err instanceof WorkerExitedError)) this.fail(job, () => err as Error);
      else if (this.closed) this.fail(job, () => new XuntuError('INFERENCE_CLOSED', `the inference pool closed after its worker ${err.reason}`));
      else return err.reason;
    }
    return undefined;
  }

  private async run(slot: WorkerSlot, job: Job, attempt: number): Promise<Float32Array> {
    if (job.kind === 'texts') return slot.conn.embedTexts(job.item.texts, attempt);
    this.imageRuns++;
    // A fresh buffer per attempt, transferred to the worker: the callers' arrays stay intact for a retry.
    const batch = new Float32Array(job.items.length * this.imageFloats);
    job.items.forEach((item, i) => batch.set(item.pixels, i * this.imageFloats));
    return slot.conn.embedImages(batch, job.items.length, job.items.map((item) => item.tag), attempt);
  }

  private deliver(job: Job, vectors: Float32Array): void {
    const dim = this.manifest.embeddingDim;
    const rows = job.kind === 'texts' ? job.item.texts.length : job.items.length;
    if (vectors.length !== rows * dim) {
      const err = new XuntuError('INFERENCE_FAILED', `the engine returned ${vectors.length} values for ${rows}×${dim}`);
      return this.fail(job, () => err);
    }
    if (job.kind === 'texts') return job.item.resolve(vectors);
    // Copies, not views: each caller owns a small independent vector instead of a window into the shared batch.
    job.items.forEach((item, i) => item.resolve(vectors.slice(i * dim, (i + 1) * dim)));
  }

  private fail(job: Job, error: (tag: string | undefined) => Error): void {
    if (job.kind === 'texts') job.item.reject(error(undefined));
    else for (const item of job.items) item.reject(error(item.tag));
  }

  private failCrashed(job: Job, why: string): void {
    this.fail(job, (tag) => new XuntuError('INFERENCE_CRASHED', `${job.kind === 'texts' ? 'a text query' : nameOf(tag)} could not be embedded: ${why}`));
  }
}
