import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEngine } from '../../../main/core/clip/clip-engine.js';
import { XuntuError } from '../../../main/core/errors.js';
import { InferencePool } from '../../../main/core/infer/inference-pool.js';
import { TEST_CRASH_EXIT_CODE } from '../../../main/core/infer/serve-inference.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { colourModel, expectClose, pixels, rejection } from './colour-model-fixture.js';

const vocabFile = referenceVocabFile();

describe.skipIf(!vocabFile)(`InferencePool on the colour CLIP model${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let modelDir: string;
  let engine: ClipEngine;
  const direct = async (seed: number) => engine.embedImages(pixels(seed), 1);

  beforeAll(async () => {
    ({ tmp, modelDir } = await colourModel(vocabFile!));
    engine = await ClipEngine.load({ modelDir, providers: ['cpu'] });
  });

  afterAll(async () => {
    await engine?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  describe('with two workers, batches of 4 and a bound of 16', () => {
    let pool: InferencePool;
    beforeAll(async () => {
      pool = await InferencePool.start({ modelDir, workers: 2, intraOpThreads: 1, maxBatch: 4, maxQueuedImages: 16, providers: ['cpu'] });
    });
    afterAll(() => pool?.close());

    it('reports what it runs', () => {
      expect(pool.info).toEqual({
        workers: 2,
        intraOpThreads: 1,
        providers: { image: 'cpu', text: 'cpu' },
        providerFallbacks: {},
        batch: 4,
        maxQueuedImages: 16,
      });
      expect(pool.manifest.id).toBe('colour-clip-test');
    });

    it('gives the engine’s own vectors, batched or not', async () => {
      const seeds = Array.from({ length: 10 }, (_, i) => i);
      const pooled = await Promise.all(seeds.map((s) => pool.embedImage(pixels(s), `seed ${s}`)));
      for (const [i, s] of seeds.entries()) expectClose(pooled[i]!, await direct(s));

      const texts = ['红色的花', '蓝天白云', '一只黑猫'];
      expectClose(await pool.embedTexts(texts), await engine.embedTexts(texts));
    });

    it('keeps 200 concurrent submissions within the bound, in batches', async () => {
      const before = pool.stats.imageRuns;
      let worst = 0;
      const all = Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const vector = await pool.embedImage(pixels(i % 7));
          worst = Math.max(worst, pool.stats.admitted);
          return vector;
        }),
      );
      // The first 16 were admitted at once; ready() waits for room like the other 184.
      expect(pool.stats.admitted).toBe(16);
      let roomy = false;
      const room = pool.ready().then(() => (roomy = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(roomy).toBe(false);

      const done = await all;
      await room;
      expect(done).toHaveLength(200);
      expect(pool.stats.highWater).toBe(16);
      expect(worst).toBeLessThanOrEqual(16);
      expect(pool.stats.admitted).toBe(0);
      // Coalesced: at most 4 per run, and (nearly) always full.
      const runs = pool.stats.imageRuns - before;
      expect(runs).toBeGreaterThanOrEqual(50);
      expect(runs).toBeLessThanOrEqual(60);
      expectClose(done[199]!, await direct(199 % 7));
    });

    it('lets a text query overtake queued images', async () => {
      let imagesDone = 0;
      const images = Array.from({ length: 48 }, (_, i) => pool.embedImage(pixels(i)).then(() => imagesDone++));
      const imagesDoneAtText = await pool.embedTexts(['白色']).then(() => imagesDone);
      await Promise.all(images);
      expect(imagesDoneAtText).toBeLessThan(24);
    });

    it('rejects pixels of the wrong size at once', async () => {
      expect((await rejection(pool.embedImage(new Float32Array(10), 'tiny.jpg'))).code).toBe('INFERENCE_INPUT_INVALID');
    });
  });

  describe('when workers crash', () => {
    let pool: InferencePool;
    beforeAll(async () => {
      // Read by the workers when they start, so it must be set before the pool starts them.
      process.env.XUNTU_TEST_CRASH = '1';
      pool = await InferencePool.start({ modelDir, workers: 2, intraOpThreads: 1, maxBatch: 4, providers: ['cpu'] });
    });
    afterAll(async () => {
      delete process.env.XUNTU_TEST_CRASH;
      await pool?.close();
    });

    it('replaces the worker and retries its batch once', async () => {
      const tags = ['a', 'b', '__crash_once__', 'c', 'd', 'e'];
      const vectors = await Promise.all(tags.map((tag, i) => pool.embedImage(pixels(i), tag)));
      for (const [i, vector] of vectors.entries()) expectClose(vector, await direct(i));
      expect(pool.stats.restarts).toBe(1);
    });

    it('fails only the image that crashes the retry too, and goes on serving', async () => {
      const restarts = pool.stats.restarts;
      const tags = ['f', '__crash__', 'g', 'h', 'i'];
      const settled = await Promise.allSettled(tags.map((tag, i) => pool.embedImage(pixels(i), tag)));
      const crashed = settled[1]!;
      expect(crashed.status).toBe('rejected');
      const err = (crashed as PromiseRejectedResult).reason as XuntuError;
      expect(err.code).toBe('INFERENCE_CRASHED');
      const exited = `exited with code ${TEST_CRASH_EXIT_CODE}`;
      expect(err.message).toContain(`image __crash__ could not be embedded: its worker ${exited}, and on the retry ${exited}`);
      settled.forEach((s, i) => i !== 1 && expect(s.status).toBe('fulfilled'));
      expect(pool.stats.restarts).toBe(restarts + 2);

      expectClose(await pool.embedImage(pixels(3)), await direct(3));
      expectClose(await pool.embedTexts(['绿色']), await engine.embedTexts(['绿色']));
    });
  });

  it('rejects start with the engine’s code when the model folder is bad', async () => {
    const err = await rejection(InferencePool.start({ modelDir: path.join(tmp, 'no-such-model'), workers: 2, intraOpThreads: 1 }));
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toContain('could not load the model in');
    expect(err.message).toContain('no-such-model');
  });

  it('close() settles everything, refuses new work and stops its workers', async () => {
    // Each worker thread shows as a MessagePort until it has stopped.
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const portsBefore = ports();
    const pool = await InferencePool.start({ modelDir, workers: 1, intraOpThreads: 1, maxBatch: 1, maxQueuedImages: 2, towers: ['image'], providers: ['cpu'] });
    const submitted = [1, 2, 3, 4].map((s) => pool.embedImage(pixels(s)).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await pool.close();
    expect(ports()).toBe(portsBefore);
    // Whatever had reached the worker finishes; the rest, queued or waiting for room, is refused.
    for (const [i, outcome] of (await Promise.all(submitted)).entries()) {
      if (outcome instanceof Float32Array) expectClose(outcome, await direct(i + 1));
      else expect((outcome as XuntuError).code).toBe('INFERENCE_CLOSED');
    }
    expect((await rejection(pool.embedImage(pixels(5)))).code).toBe('INFERENCE_CLOSED');
    expect((await rejection(pool.embedTexts(['红']))).code).toBe('INFERENCE_CLOSED');
  });
});
