import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkPoolHost } from '../../../main/core/infer/fork-pool-host.js';
import { InferencePool, type InferencePoolOptions } from '../../../main/core/infer/inference-pool.js';
import type { ForkPoolHost, HostRequest, PoolHost } from '../../../main/core/infer/pool-host-protocol.js';
import { RemotePool } from '../../../main/core/infer/remote-pool.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { colourModel, expectClose, pixels, rejection } from './colour-model-fixture.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * forkPoolHost, recording every host it starts; `onPost` sees each message after it went to its host, e.g. to kill
 * that host the way a native crash would.
 */
function recordingFork(onPost: (host: PoolHost, message: HostRequest) => void = () => {}): { fork: ForkPoolHost; pids: number[] } {
  const pids: number[] = [];
  const fork: ForkPoolHost = () => {
    const host = forkPoolHost();
    pids.push(host.pid!);
    return {
      get pid() {
        return host.pid;
      },
      post: (message) => {
        host.post(message);
        onPost(host, message);
      },
      onMessage: (handler) => host.onMessage(handler),
      onExit: (handler) => host.onExit(handler),
      terminate: () => host.terminate(),
    };
  };
  return { fork, pids };
}

const vocabFile = referenceVocabFile();

describe.skipIf(!vocabFile)(`RemotePool in a child process${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let options: InferencePoolOptions;
  let local: InferencePool;

  beforeAll(async () => {
    const model = await colourModel(vocabFile!);
    tmp = model.tmp;
    options = { modelDir: model.modelDir, workers: 2, intraOpThreads: 1, maxBatch: 4, providers: ['cpu'] };
    local = await InferencePool.start(options);
  });

  afterAll(async () => {
    await local?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('gives the in-process pool’s vectors and info, and close() ends its process', async () => {
    const { fork, pids } = recordingFork();
    const pool = await RemotePool.start(options, fork);
    try {
      expect(pool.info).toEqual(local.info);
      expect(pool.manifest).toEqual(local.manifest);
      const seeds = Array.from({ length: 10 }, (_, i) => i);
      const [remote, here] = await Promise.all([
        Promise.all(seeds.map((s) => pool.embedImage(pixels(s), `seed ${s}`))),
        Promise.all(seeds.map((s) => local.embedImage(pixels(s)))),
      ]);
      for (const [i, vector] of remote.entries()) expectClose(vector, here[i]!);
      const texts = ['红色的花', '蓝天白云', '一只黑猫'];
      expectClose(await pool.embedTexts(texts), await local.embedTexts(texts));
      expect((await rejection(pool.embedImage(new Float32Array(10), 'tiny.jpg'))).code).toBe('INFERENCE_INPUT_INVALID');
    } finally {
      await pool.close();
    }
    expect(pids).toHaveLength(1);
    expect(alive(pids[0]!)).toBe(false);
    expect((await rejection(pool.embedImage(pixels(1)))).code).toBe('INFERENCE_CLOSED');
  });

  it('restarts a host killed mid-batch and answers the batch from the new one', async () => {
    let images = 0;
    // SIGKILL once the first host has five images: some running, some queued in its pool.
    const { fork, pids } = recordingFork((host, message) => message.type === 'image' && ++images === 5 && process.kill(host.pid!, 'SIGKILL'));
    const pool = await RemotePool.start(options, fork);
    try {
      const vectors = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.embedImage(pixels(i), `photo ${i}`)));
      for (const [i, vector] of vectors.entries()) expectClose(vector, await local.embedImage(pixels(i)));
      expect(pool.restarts).toBe(1);
      expect(pids).toHaveLength(2);
      expect(alive(pids[0]!)).toBe(false);
      expectClose(await pool.embedTexts(['绿色']), await local.embedTexts(['绿色']));
    } finally {
      await pool.close();
    }
    expect(alive(pids[1]!)).toBe(false);
  });

  it('stops restarting a host that dies every time, and fails its requests with INFERENCE_HOST_CRASHED', async () => {
    const { fork, pids } = recordingFork((host, message) => message.type === 'image' && process.kill(host.pid!, 'SIGKILL'));
    const pool = await RemotePool.start(options, fork);
    try {
      const settled = await Promise.all([1, 2, 3].map((s) => rejection(pool.embedImage(pixels(s)))));
      for (const err of settled) {
        expect(err.code).toBe('INFERENCE_HOST_CRASHED');
        expect(err.message).toContain('the model crashes on this machine');
      }
      expect(pool.restarts).toBe(1);
      // Later requests fail at once, without another process.
      expect((await rejection(pool.embedImage(pixels(4)))).code).toBe('INFERENCE_HOST_CRASHED');
      expect((await rejection(pool.embedTexts(['红']))).code).toBe('INFERENCE_HOST_CRASHED');
      expect(pids).toHaveLength(2);
      for (const pid of pids) expect(alive(pid)).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('rejects start with the pool’s own code when the model folder is bad, leaving no process', async () => {
    const { fork, pids } = recordingFork();
    const err = await rejection(RemotePool.start({ ...options, modelDir: path.join(tmp, 'no-such-model') }, fork));
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toContain('no-such-model');
    expect(pids).toHaveLength(1);
    expect(alive(pids[0]!)).toBe(false);
  });
});
