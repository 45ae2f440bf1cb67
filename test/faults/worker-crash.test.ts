import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexLibrary } from '../../main/core/indexer/index-library.js';
import { InferencePool } from '../../main/core/infer/inference-pool.js';
import type { StartEmbeddingPool } from '../../main/core/infer/embedding-pool.js';
import { openLibrary } from '../../main/core/library/library.js';
import { startEmbedder } from '../../main/core/search/model-runtime.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { prepareFaultLibrary } from './fault-library.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping the worker-crash fault: ${NO_VOCAB_REASON}`);

afterAll(() => {
  delete process.env.XUNTU_TEST_CRASH;
});

/**
 * The pool's own crash handling (restart, one retry, INFERENCE_CRASHED for the image that kills the retry too) is
 * tested in test/integration/infer/inference-pool.test.ts, a host process killed mid-batch in remote-pool.test.ts.
 * Here the indexer meets it: a real worker thread really exits on one photo (the pool's documented test hook,
 * XUNTU_TEST_CRASH, keyed by the image's tag, which the indexer sets to the photo's path), and the run must keep
 * that photo without a vector, say why, and embed every other one.
 */
describe.skipIf(!vocab)('an inference worker that crashes on one photo', () => {
  it('keeps the photo, without a vector, records INFERENCE_CRASHED, and embeds all the others', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-faults-worker-'));
    const f = await prepareFaultLibrary(work, vocab!, { tiny: 40, real: 0 });
    const victim = f.good[7]!;
    // Read by the workers when they start, so it must be set before the pool starts them.
    process.env.XUNTU_TEST_CRASH = '1';
    let restarts = () => 0;
    const startPool: StartEmbeddingPool = async (options) => {
      const pool = await InferencePool.start({ ...options, workers: 2, intraOpThreads: 1 });
      restarts = () => pool.stats.restarts;
      return {
        manifest: pool.manifest,
        info: pool.info,
        ready: () => pool.ready(),
        embedTexts: (texts) => pool.embedTexts(texts),
        close: () => pool.close(),
        embedImage: (pixels, tag) => pool.embedImage(pixels, tag === victim ? '__crash__' : tag),
      };
    };

    const library = openLibrary(f.lib);
    try {
      const embedding = (await startEmbedder(library.db, {}, startPool))!;
      const summary = await indexLibrary(library, { roots: [f.photos], embedder: embedding.embedder }).finally(() => embedding.pool.close());
      expect(summary.errors.filter((e) => e.stage === 'embed')).toEqual([expect.objectContaining({ path: victim, code: 'INFERENCE_CRASHED' })]);
      expect(summary.added).toBe(f.good.length);
      expect(summary.embedded).toBe(f.good.length - 1);
      expect(restarts()).toBe(2); // the crash and the crash of its retry
    } finally {
      library.close();
    }

    const db = new Database(f.dbFile, { readonly: true });
    const unembedded = db
      .prepare(`SELECT path FROM photos p WHERE status = 'present' AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id)`)
      .pluck()
      .all();
    expect(unembedded).toEqual([victim]);
    expect(db.prepare(`SELECT stage, code FROM index_errors WHERE path = ?`).all(victim)).toEqual([{ stage: 'embed', code: 'INFERENCE_CRASHED' }]);
    db.close();
    fs.rmSync(work, { recursive: true, force: true });
  });
});
