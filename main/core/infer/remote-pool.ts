import type { ModelManifest } from '../clip/model-manifest.js';
import { XuntuError } from '../errors.js';
import { AdmissionGate } from './admission-gate.js';
import type { EmbeddingPool } from './embedding-pool.js';
import type { Unsequenced } from './infer-protocol.js';
import type { InferencePoolInfo, InferencePoolOptions } from './inference-pool.js';
import type { ForkPoolHost, HostReply, HostRequest, PoolHost, StartedHostReply } from './pool-host-protocol.js';

/**
 * A host that crashes again this soon after its last crash is not unlucky: the model cannot run on this machine (a
 * driver, a missing instruction set, too little memory), and restarting would only reload it to crash again.
 */
const CRASH_WINDOW_MS = 60_000;

interface Call {
  seq: number;
  request: Unsequenced<HostRequest>;
  expect: HostReply['type'];
  /** Image and text requests outlive their host: they go once more to its replacement. Start and close do not. */
  retryable: boolean;
  retried: boolean;
  /** The host it was sent to; undefined while it waits for a host to load the model. */
  sentTo: PoolHost | undefined;
  resolve: (reply: HostReply) => void;
  reject: (err: Error) => void;
}

/**
 * An InferencePool in a process of its own (pool-host-process.ts), so a native crash or an OOM kill in inference
 * ends that process, not the app with its window and database. The host's pool batches and schedules; this side
 * bounds the images in flight (the host's own bound, so pixels never pile up in either process) and survives the
 * host: when it dies, a new one is started and what the dead one held is sent once more. A request that was already
 * retried fails with INFERENCE_HOST_CRASHED, and so does everything once the host dies twice within CRASH_WINDOW_MS.
 *
 * Unlike a worker thread's crash in InferencePool, one image is not singled out: the host runs all the workers, so
 * a crash says nothing about which image caused it, and inputs of a fixed shape rarely do.
 */
export class RemotePool implements EmbeddingPool {
  private readonly calls = new Map<number, Call>();
  private lastSeq = 0;
  /** The host running or loading now; undefined once the pool gave up. */
  private host: PoolHost | undefined;
  /** Whether `host` has loaded the model and takes requests. */
  private serving = false;
  // Both set by the first host's start, before start() hands the pool out.
  private loaded!: StartedHostReply;
  private gate!: AdmissionGate;
  private lastCrashAt = -Infinity;
  private restartCount = 0;
  private failure: XuntuError | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly options: InferencePoolOptions,
    private readonly forkHost: ForkPoolHost,
  ) {}

  /**
   * Starts a host with `forkHost` and resolves once its pool has loaded the model; rejects with the pool's own error
   * (MODEL_NOT_FOUND, …), or INFERENCE_HOST_CRASHED if the host died loading it, after stopping the host.
   */
  static async start(options: InferencePoolOptions, forkHost: ForkPoolHost): Promise<RemotePool> {
    const pool = new RemotePool(options, forkHost);
    pool.loaded = await pool.launch();
    pool.gate = new AdmissionGate(pool.loaded.info.maxQueuedImages);
    return pool;
  }

  get manifest(): ModelManifest {
    return this.loaded.manifest;
  }

  get info(): InferencePoolInfo {
    return this.loaded.info;
  }

  /** Hosts started to replace one that died. */
  get restarts(): number {
    return this.restartCount;
  }

  async ready(): Promise<void> {
    await this.gate.whenRoom();
  }

  /** As InferencePool.embedImage; `pixels` is copied on sending, so it is free again as soon as this settles. */
  async embedImage(pixels: Float32Array, tag?: string): Promise<Float32Array> {
    this.assertServing();
    await this.gate.acquire();
    try {
      this.assertServing();
      return (await this.request({ type: 'image', pixels, tag })).vectors;
    } finally {
      this.gate.release();
    }
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array> {
    this.assertServing();
    if (texts.length === 0) return new Float32Array(0);
    return (await this.request({ type: 'texts', texts: [...texts] })).vectors;
  }

  /**
   * Refuses what has not reached the host with INFERENCE_CLOSED, lets the host's pool finish its current runs and
   * refuse its queue the same way, then ends the process.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const closed = new XuntuError('INFERENCE_CLOSED', 'the inference pool is closed');
    this.gate.refuseWaiters(closed);
    for (const [seq, call] of this.calls) {
      if (call.sentTo !== undefined) continue;
      this.calls.delete(seq);
      call.reject(closed);
    }
    const host = this.host;
    if (!host) return;
    // A host that dies while closing has closed too.
    if (this.serving) await this.call(host, { type: 'close' }, 'closed', false).catch(() => undefined);
    await host.terminate();
  }

  private assertServing(): void {
    if (this.closing) throw new XuntuError('INFERENCE_CLOSED', 'the inference pool is closed');
    if (this.failure) throw this.failure;
  }

  /** Forks a host and has it load the model; then sends it whatever waited for a host. */
  private async launch(): Promise<StartedHostReply> {
    const host = this.forkHost();
    this.host = host;
    this.serving = false;
    host.onMessage((reply) => this.receive(host, reply));
    host.onExit((reason) => this.lost(host, reason));
    let started: StartedHostReply;
    try {
      started = await this.call(host, { type: 'start', options: this.options }, 'started', false);
    } catch (err) {
      await host.terminate();
      throw err;
    }
    // Unless shutdown saw this host still loading and is ending it.
    if (!this.closing) {
      this.serving = true;
      for (const call of this.calls.values()) if (call.sentTo === undefined) this.post(host, call);
    }
    return started;
  }

  private request(request: Unsequenced<HostRequest> & { type: 'image' | 'texts' }): Promise<Extract<HostReply, { type: 'vectors' }>> {
    return this.call(this.serving ? this.host : undefined, request, 'vectors', true);
  }

  private call<T extends HostReply['type']>(
    host: PoolHost | undefined,
    request: Unsequenced<HostRequest>,
    expect: T,
    retryable: boolean,
  ): Promise<Extract<HostReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const seq = ++this.lastSeq;
      const call: Call = { seq, request, expect, retryable, retried: false, sentTo: undefined, resolve: resolve as (reply: HostReply) => void, reject };
      this.calls.set(seq, call);
      if (host) this.post(host, call);
    });
  }

  private post(host: PoolHost, call: Call): void {
    call.sentTo = host;
    host.post({ ...call.request, seq: call.seq } as HostRequest);
  }

  private receive(host: PoolHost, reply: HostReply): void {
    const call = this.calls.get(reply.seq);
    // A reply from a host that has since been replaced answers nothing: its calls went to the new one.
    if (!call || call.sentTo !== host) return;
    this.calls.delete(reply.seq);
    if (reply.type === 'failed') call.reject(new XuntuError(reply.code, reply.message));
    else if (reply.type !== call.expect) call.reject(new XuntuError('INFERENCE_PROTOCOL', `the inference process answered ${call.expect} with ${reply.type}`));
    else call.resolve(reply);
  }

  /**
   * The host is gone. Its retryable calls that have not been retried wait for the replacement; the rest fail. A
   * host that dies while loading fails its launch instead: the first start() rejects, a restart gives up.
   */
  private lost(host: PoolHost, reason: string): void {
    if (host !== this.host) return;
    const wasServing = this.serving;
    this.host = undefined;
    this.serving = false;
    const now = performance.now();
    const crashedAgain = wasServing && now - this.lastCrashAt < CRASH_WINDOW_MS;
    const restart = wasServing && !this.closing && !crashedAgain;
    const crashed = `the inference process (pid ${host.pid}) ${reason}`;
    const err = this.closing
      ? new XuntuError('INFERENCE_CLOSED', `the inference pool closed after its process ${reason}`)
      : crashedAgain
        ? crashesHere(`the new one (pid ${host.pid}) ${reason} within ${CRASH_WINDOW_MS / 1000} s`)
        : new XuntuError('INFERENCE_HOST_CRASHED', crashed);
    for (const [seq, call] of this.calls) {
      if (call.sentTo !== host) continue;
      if (restart && call.retryable && !call.retried) {
        call.retried = true;
        call.sentTo = undefined;
        continue;
      }
      this.calls.delete(seq);
      call.reject(restart ? new XuntuError('INFERENCE_HOST_CRASHED', `${crashed} on the request's retry`) : err);
    }
    if (crashedAgain && !this.closing) return this.giveUp(err);
    if (!restart) return;
    this.lastCrashAt = now;
    this.restartCount++;
    this.launch().catch((failed: unknown) => {
      if (this.closing) return;
      const code = failed instanceof XuntuError ? failed.code : undefined;
      this.giveUp(code === 'INFERENCE_HOST_CRASHED' ? crashesHere('the new one died while reloading the model') : (failed as Error));
    });
  }

  /** Nothing will run: fails what waits and whatever comes later with `err`. */
  private giveUp(err: Error): void {
    this.failure = err instanceof XuntuError ? err : new XuntuError('INFERENCE_HOST_CRASHED', err.message, { cause: err });
    this.gate.refuseWaiters(this.failure);
    for (const call of this.calls.values()) call.reject(this.failure);
    this.calls.clear();
  }
}

function crashesHere(why: string): XuntuError {
  return new XuntuError(
    'INFERENCE_HOST_CRASHED',
    `the model crashes on this machine: its inference process was restarted after a crash, and ${why}; restart Xuntu to try again`,
  );
}
