import { describe, expect, it } from 'vitest';
import { XuntuError } from '../../../main/core/errors.js';
import type { InferReply, InferRequest } from '../../../main/core/infer/infer-protocol.js';
import type { WorkerHost } from '../../../main/core/infer/spawn-inference-worker.js';
import { WorkerConnection, WorkerExitedError } from '../../../main/core/infer/worker-connection.js';

/** A host whose worker is the test: it sees what was posted and answers, or dies, when told. */
function scriptedHost() {
  const posted: { message: InferRequest; transfer: ArrayBuffer[] | undefined }[] = [];
  let reply!: (message: InferReply) => void;
  let exit!: (reason: string) => void;
  let terminated = false;
  const host: WorkerHost = {
    post: (message, transfer) => posted.push({ message, transfer }),
    onMessage: (handler) => (reply = handler),
    onExit: (handler) => (exit = handler),
    terminate: async () => {
      terminated = true;
    },
  };
  return { host, posted, reply: (m: InferReply) => reply(m), exit: (r: string) => exit(r), terminated: () => terminated };
}

describe('WorkerConnection', () => {
  it('matches replies to requests by sequence number, in any order', async () => {
    const worker = scriptedHost();
    const conn = new WorkerConnection(worker.host, () => undefined);
    const pixels = new Float32Array(6);
    const images = conn.embedImages(pixels, 2, ['a', undefined], 0);
    const texts = conn.embedTexts(['红'], 0);
    const [imagesReq, textsReq] = worker.posted;
    expect(imagesReq!.message).toMatchObject({ type: 'images', count: 2, tags: ['a', undefined], attempt: 0 });
    expect(imagesReq!.transfer).toEqual([pixels.buffer]);
    expect(textsReq!.message.seq).not.toBe(imagesReq!.message.seq);

    worker.reply({ type: 'vectors', seq: textsReq!.message.seq, vectors: Float32Array.of(3) });
    worker.reply({ type: 'vectors', seq: imagesReq!.message.seq, vectors: Float32Array.of(1, 2) });
    expect(await images).toEqual(Float32Array.of(1, 2));
    expect(await texts).toEqual(Float32Array.of(3));
  });

  it('turns a failed reply into a XuntuError with the worker’s code', async () => {
    const worker = scriptedHost();
    const conn = new WorkerConnection(worker.host, () => undefined);
    const loading = conn.load({ type: 'load', modelDir: '/nowhere', intraOpThreads: 1, towers: ['image'] });
    worker.reply({ type: 'failed', seq: worker.posted[0]!.message.seq, code: 'MODEL_NOT_FOUND', message: 'no model at /nowhere' });
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: 'no model at /nowhere' });
  });

  it('rejects a reply of the wrong kind', async () => {
    const worker = scriptedHost();
    const conn = new WorkerConnection(worker.host, () => undefined);
    const texts = conn.embedTexts(['红'], 0);
    worker.reply({ type: 'closed', seq: worker.posted[0]!.message.seq });
    await expect(texts).rejects.toMatchObject({ code: 'INFERENCE_PROTOCOL' });
  });

  it('tells the owner a worker died before failing what was pending, then fails whatever is sent', async () => {
    const worker = scriptedHost();
    const events: string[] = [];
    const conn = new WorkerConnection(worker.host, (reason) => events.push(`exit: ${reason}`));
    const pending = conn.embedTexts(['红'], 0).catch((err: unknown) => {
      events.push('rejected');
      throw err;
    });
    worker.exit('exited with code 70');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerExitedError);
    expect(err).toBeInstanceOf(XuntuError);
    expect((err as WorkerExitedError).reason).toBe('exited with code 70');
    expect(events).toEqual(['exit: exited with code 70', 'rejected']);
    await expect(conn.embedTexts(['绿'], 0)).rejects.toBeInstanceOf(WorkerExitedError);
  });

  it('closes by asking the worker, then stopping it, without reporting that as a death', async () => {
    const worker = scriptedHost();
    let exits = 0;
    const conn = new WorkerConnection(worker.host, () => exits++);
    const closing = conn.close();
    expect(worker.posted[0]!.message.type).toBe('close');
    worker.reply({ type: 'closed', seq: worker.posted[0]!.message.seq });
    await closing;
    worker.exit('exited with code 1');
    expect(worker.terminated()).toBe(true);
    expect(exits).toBe(0);
  });
});
