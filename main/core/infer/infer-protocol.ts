import type { ExecutionProviderName, TowerName } from '../clip/clip-engine.js';
import type { ModelManifest } from '../clip/model-manifest.js';

/**
 * The messages between the pool and an inference worker. Plain structured-clonable objects, so they cross any link:
 * the workers are threads, inside this process or inside the pool's host process (pool-host-protocol.ts). Every
 * request carries a sequence number that its one reply repeats; a worker handles requests in order.
 */

export interface LoadRequest {
  type: 'load';
  seq: number;
  modelDir: string;
  providers?: ExecutionProviderName[];
  intraOpThreads: number;
  towers: TowerName[];
}

export interface ImagesRequest {
  type: 'images';
  seq: number;
  /** count×3×S×S, transferred. */
  pixels: Float32Array;
  count: number;
  /** The callers' tags, one per image (read by the worker's test crash hook only). */
  tags: (string | undefined)[];
  /** 0 the first time this batch is run, 1 on the retry after its worker died. */
  attempt: number;
}

export interface TextsRequest {
  type: 'texts';
  seq: number;
  texts: string[];
  attempt: number;
}

export interface CloseRequest {
  type: 'close';
  seq: number;
}

export type InferRequest = LoadRequest | ImagesRequest | TextsRequest | CloseRequest;

/** A request as its sender builds it, before the connection numbers it. */
export type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;

export interface LoadedReply {
  type: 'loaded';
  seq: number;
  manifest: ModelManifest;
  /** The provider each loaded tower really runs on, */
  providers: { image?: string; text?: string };
  /** and why, when that is not the first one asked for (e.g. "cuda: Failed to load shared library"). */
  providerFallbacks: { image?: string; text?: string };
}

export interface VectorsReply {
  type: 'vectors';
  seq: number;
  /** count×dim, L2-normalised, transferred. */
  vectors: Float32Array;
}

export interface ClosedReply {
  type: 'closed';
  seq: number;
}

/** The request failed inside a live worker; `code` is the XuntuError code when the engine gave one. */
export interface FailedReply {
  type: 'failed';
  seq: number;
  code: string;
  message: string;
}

export type InferReply = LoadedReply | VectorsReply | ClosedReply | FailedReply;

/** One end of a message channel: what a worker needs from its host, whatever the transport. */
export interface MessageLink<Incoming, Outgoing> {
  post(message: Outgoing, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: Incoming) => void): void;
}

/** The parent's end of a child it started (a worker thread, a process), whatever hosts it. */
export interface ChildLink<Incoming, Outgoing> extends MessageLink<Incoming, Outgoing> {
  /** Called once when the child is gone, with why in words: "exited with code 70", "was killed by SIGKILL", "threw: …". */
  onExit(handler: (reason: string) => void): void;
  /** Stops the child; resolves once it is gone. */
  terminate(): Promise<void>;
}
