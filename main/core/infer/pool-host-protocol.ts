import type { ModelManifest } from '../clip/model-manifest.js';
import type { ChildLink, CloseRequest, ClosedReply, FailedReply, VectorsReply } from './infer-protocol.js';
import type { InferencePoolInfo, InferencePoolOptions } from './inference-pool.js';

/**
 * The messages between a RemotePool and its host process, which runs a whole InferencePool. Structured-clonable
 * like the worker protocol, so child_process ('advanced' serialization) and Electron's utilityProcess carry them
 * alike; each reply repeats its request's sequence number. Pixels travel one image per request: the host's pool
 * batches them, as it would in-process callers.
 */

export interface StartHostRequest {
  type: 'start';
  seq: number;
  options: InferencePoolOptions;
}

export interface ImageHostRequest {
  type: 'image';
  seq: number;
  /** 3×S×S, copied by the channel's serializer: the caller's array stays intact for a retry. */
  pixels: Float32Array;
  tag: string | undefined;
}

export interface TextsHostRequest {
  type: 'texts';
  seq: number;
  texts: string[];
}

export type HostRequest = StartHostRequest | ImageHostRequest | TextsHostRequest | CloseRequest;

export interface StartedHostReply {
  type: 'started';
  seq: number;
  manifest: ModelManifest;
  info: InferencePoolInfo;
}

export type HostReply = StartedHostReply | VectorsReply | ClosedReply | FailedReply;

/** The client's end of one host process. */
export interface PoolHost extends ChildLink<HostReply, HostRequest> {
  /** The OS process id, which names the process in crash reports (an OOM killer's log gives the same). */
  readonly pid: number | undefined;
}

/** Starts a host process: child_process.fork under Node (fork-pool-host.ts), utilityProcess.fork in Electron. */
export type ForkPoolHost = () => PoolHost;
