import { XuntuError } from '../errors.js';
import type { InferReply, InferRequest, LoadRequest, LoadedReply, Unsequenced } from './infer-protocol.js';
import type { WorkerHost } from './spawn-inference-worker.js';

/** A request's pending reply was lost because its worker died; the pool decides whether to retry. */
export class WorkerExitedError extends XuntuError {
  constructor(readonly reason: string) {
    super('INFERENCE_CRASHED', `the inference worker ${reason}`);
  }
}

interface Pending {
  expect: InferReply['type'];
  resolve: (reply: InferReply) => void;
  reject: (err: Error) => void;
}

/**
 * The pool's side of one worker: numbers requests, matches replies to them by sequence number, and when the worker
 * dies fails whatever was still pending with WorkerExitedError, after telling `onExit` (so the pool has started the
 * replacement before a request's owner asks for it).
 */
export class WorkerConnection {
  private lastSeq = 0;
  private readonly pending = new Map<number, Pending>();
  private exitReason: string | undefined;
  private closing = false;

  constructor(
    private readonly host: WorkerHost,
    onExit: (reason: string) => void,
  ) {
    host.onMessage((reply) => this.receive(reply));
    host.onExit((reason) => {
      this.exitReason = reason;
      if (!this.closing) onExit(reason);
      const err = new WorkerExitedError(reason);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  async load(request: Unsequenced<LoadRequest>): Promise<LoadedReply> {
    return this.send('loaded', request);
  }

  async embedImages(pixels: Float32Array, count: number, tags: (string | undefined)[], attempt: number): Promise<Float32Array> {
    const reply = await this.send('vectors', { type: 'images', pixels, count, tags, attempt }, [pixels.buffer as ArrayBuffer]);
    return reply.vectors;
  }

  async embedTexts(texts: string[], attempt: number): Promise<Float32Array> {
    return (await this.send('vectors', { type: 'texts', texts, attempt })).vectors;
  }

  /** Lets the worker finish what it was sent and release its engine, then stops it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.exitReason === undefined) {
      // A worker that dies while closing has closed too.
      await this.send('closed', { type: 'close' }).catch(() => undefined);
    }
    await this.host.terminate();
  }

  private send<T extends InferReply['type']>(
    expect: T,
    request: Unsequenced<InferRequest>,
    transfer?: ArrayBuffer[],
  ): Promise<Extract<InferReply, { type: T }>> {
    if (this.exitReason !== undefined) return Promise.reject(new WorkerExitedError(this.exitReason));
    const seq = ++this.lastSeq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { expect, resolve: resolve as (reply: InferReply) => void, reject });
      try {
        this.host.post({ ...request, seq } as InferRequest, transfer);
      } catch (err) {
        this.pending.delete(seq);
        reject(err);
      }
    });
  }

  private receive(reply: InferReply): void {
    const pending = this.pending.get(reply.seq);
    if (!pending) return;
    this.pending.delete(reply.seq);
    if (reply.type === 'failed') pending.reject(new XuntuError(reply.code, reply.message));
    else if (reply.type !== pending.expect) {
      pending.reject(new XuntuError('INFERENCE_PROTOCOL', `the inference worker answered ${pending.expect} with ${reply.type}`));
    } else pending.resolve(reply);
  }
}
