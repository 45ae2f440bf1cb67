import type { ModelManifest } from '../clip/model-manifest.js';
import type { InferencePoolInfo, InferencePoolOptions } from './inference-pool.js';

/**
 * What the indexer, search and tagging need from an inference pool, wherever it runs: InferencePool in this process
 * (worker threads), RemotePool in a process of its own.
 */
export interface EmbeddingPool {
  readonly manifest: ModelManifest;
  readonly info: InferencePoolInfo;
  /** Settles once another image would be admitted (see InferencePool.ready). */
  ready(): Promise<void>;
  /** One L2-normalised vector for preprocessed pixels (3×S×S); `tag` names the image in errors. */
  embedImage(pixels: Float32Array, tag?: string): Promise<Float32Array>;
  /** texts.length × dim L2-normalised vectors, in order. */
  embedTexts(texts: readonly string[]): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Starts a pool: InferencePool.start, or a RemotePool over some process host. */
export type StartEmbeddingPool = (options: InferencePoolOptions) => Promise<EmbeddingPool>;
