import path from 'node:path';
import ort from 'onnxruntime-node';
import { XuntuError } from '../errors.js';
import { loadBertTokenizer, type ClipTokenizer } from './bert-tokenizer.js';
import { normalizeRows } from './l2-normalize.js';
import { readModelManifest } from './model-manifest-file.js';
import type { ModelManifest } from './model-manifest.js';
import { defaultProviders, openSession, type ExecutionProviderName } from './ort-session.js';
import { TowerIo, checkTowerIo, type TowerName } from './tower-io.js';

export type { ExecutionProviderName } from './ort-session.js';
export type { TowerName } from './tower-io.js';

export interface ClipEngineOptions {
  modelDir: string;
  /** Preference order; default by platform: linux cuda → cpu, windows cuda → dml → cpu, mac coreml → cpu. */
  providers?: ExecutionProviderName[];
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Load only what's needed (an indexer needs the image tower, a search the text tower). */
  towers?: TowerName[];
}

type PerTower<T> = { image?: T; text?: T };

/** Runs a model in Xuntu's layout: image and text embeddings, L2-normalised, in one shared space. */
export class ClipEngine {
  private constructor(
    readonly manifest: ModelManifest,
    private readonly sessions: PerTower<ort.InferenceSession>,
    /** The execution provider actually in use per tower, after fallback (e.g. 'cpu' when CUDA libs are missing). */
    readonly providers: PerTower<ExecutionProviderName>,
    /** Why a tower is not on the first provider asked for, e.g. "cuda: Failed to load shared library". */
    readonly providerFallbacks: PerTower<string>,
    private readonly tokenizer: ClipTokenizer | undefined,
  ) {}

  static async load(opts: ClipEngineOptions): Promise<ClipEngine> {
    const manifest = await readModelManifest(opts.modelDir);
    const towers = new Set<TowerName>(opts.towers ?? ['image', 'text']);
    const file = (name: string) => path.join(opts.modelDir, name);
    // The tokenizer first: a missing vocabulary should fail before hundreds of megabytes of graph load.
    const tokenizer = towers.has('text')
      ? await loadBertTokenizer({
          vocabFile: manifest.files.vocab && file(manifest.files.vocab),
          tokenizerJsonFile: manifest.files.tokenizerJson && file(manifest.files.tokenizerJson),
          contextLength: manifest.text.contextLength,
          lowercase: manifest.text.lowercase,
        })
      : undefined;

    const sessions: PerTower<ort.InferenceSession> = {};
    const providers: PerTower<ExecutionProviderName> = {};
    const fallbacks: PerTower<string> = {};
    try {
      for (const tower of towers) {
        const towerFile = file(manifest.files[tower]);
        const opened = await openSession(towerFile, opts.providers ?? defaultProviders(), opts);
        sessions[tower] = opened.session;
        providers[tower] = opened.provider;
        if (opened.fallbackReason) fallbacks[tower] = opened.fallbackReason;
        checkTowerIo(tower, new TowerIo(opened.session, towerFile), manifest);
      }
    } catch (err) {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
      throw err;
    }
    return new ClipEngine(manifest, sessions, providers, fallbacks, tokenizer);
  }

  /** `count` images, each 3×S×S already preprocessed (media/clip-input.ts), → count×dim unit vectors. */
  async embedImages(pixels: Float32Array, count: number): Promise<Float32Array> {
    const { size, input, output, batch } = this.manifest.image;
    const per = 3 * size * size;
    if (!Number.isInteger(count) || count < 0 || pixels.length !== count * per) {
      throw new XuntuError('CLIP_INPUT_INVALID', `expected ${count} images of 3×${size}×${size} floats (${count * per}), got ${pixels.length}`);
    }
    return this.embed('image', count, batch, output, (start, n) => ({
      [input]: new ort.Tensor('float32', pixels.subarray(start * per, (start + n) * per), [n, 3, size, size]),
    }));
  }

  /** Texts → count×dim unit vectors, tokenized as the model was trained (bert-tokenizer.ts). */
  async embedTexts(texts: readonly string[]): Promise<Float32Array> {
    const tokenizer = this.tokenizer;
    if (!tokenizer) throw this.notLoaded('text');
    const { inputIds, attentionMask, length } = tokenizer.encodeBatch([...texts]);
    const { inputIds: idsName, attentionMask: maskName, output, batch } = this.manifest.text;
    const rows = (data: BigInt64Array, start: number, n: number) => new ort.Tensor('int64', data.subarray(start * length, (start + n) * length), [n, length]);
    return this.embed('text', texts.length, batch, output, (start, n) => ({
      [idsName]: rows(inputIds, start, n),
      ...(maskName && { [maskName]: rows(attentionMask, start, n) }),
    }));
  }

  /**
   * A zero-shot class embedding from several prompts: each prompt's embedding normalised, averaged, and the mean
   * normalised again, as zero_shot_classifier in cn_clip/eval/zeroshot_evaluation.py builds its classifier.
   */
  async embedPromptEnsemble(prompts: readonly string[]): Promise<Float32Array> {
    if (!prompts.length) throw new XuntuError('CLIP_INPUT_INVALID', 'a prompt ensemble needs at least one prompt');
    const dim = this.manifest.embeddingDim;
    const rows = await this.embedTexts(prompts);
    const mean = new Float32Array(dim);
    for (let r = 0; r < prompts.length; r++) for (let i = 0; i < dim; i++) mean[i]! += rows[r * dim + i]!;
    return normalizeRows(mean, dim);
  }

  async close(): Promise<void> {
    const { image, text } = this.sessions;
    delete this.sessions.image;
    delete this.sessions.text;
    await Promise.all([image?.release(), text?.release()]);
  }

  /**
   * Runs a tower over `count` items: one run per item for graphs exported with batch 1 (the OFA-Sys export), else
   * one run for all of them (callers choose the batch size).
   */
  private async embed(
    tower: TowerName,
    count: number,
    batch: 1 | 'dynamic',
    output: string,
    feeds: (start: number, n: number) => Record<string, ort.Tensor>,
  ): Promise<Float32Array> {
    const session = this.sessions[tower];
    if (!session) throw this.notLoaded(tower);
    const dim = this.manifest.embeddingDim;
    const out = new Float32Array(count * dim);
    const step = batch === 1 ? 1 : count;
    for (let start = 0; start < count; start += step) {
      const result = (await session.run(feeds(start, step)))[output];
      if (result?.type !== 'float32' || result.dims.length !== 2 || result.dims[1] !== dim || result.dims[0] !== step) {
        throw new XuntuError(
          'MODEL_OUTPUT_MISMATCH',
          `the ${tower} tower returned ${output} as ${result?.type} [${result?.dims.join(', ')}], expected float32 [${step}, ${dim}] (manifest embeddingDim)`,
        );
      }
      out.set(result.data as Float32Array, start * dim);
    }
    return this.manifest.outputsNormalized ? out : normalizeRows(out, dim);
  }

  private notLoaded(tower: TowerName): XuntuError {
    return new XuntuError('CLIP_TOWER_NOT_LOADED', `the ${tower} tower was not loaded (ClipEngine.load towers option)`);
  }
}
