import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { cachedQueryEncoder } from '../../../main/core/search/cached-query-encoder.js';

/** A stand-in text tower that counts loads and runs: the cache is what is under test here. */
function countingTower() {
  const counts = { loads: 0, runs: 0 };
  const load = async () => {
    counts.loads++;
    return {
      modelId: 'm',
      embedText: async (text: string) => {
        counts.runs++;
        return Float32Array.from([text.length, 1, 2]);
      },
      close: async () => undefined,
    };
  };
  return { counts, load };
}

describe('cachedQueryEncoder', () => {
  it('serves a repeated query from the library without loading the text tower', async () => {
    const db = openDatabase(':memory:');
    const first = countingTower();
    const a = cachedQueryEncoder(db, 'm', first.load);
    expect([...(await a.embedText('海边的日落'))]).toEqual([5, 1, 2]);
    await a.close();
    expect(first.counts).toEqual({ loads: 1, runs: 1 });

    const second = countingTower();
    const b = cachedQueryEncoder(db, 'm', second.load);
    expect([...(await b.embedText('海边的日落'))]).toEqual([5, 1, 2]);
    expect(second.counts).toEqual({ loads: 0, runs: 0 });
    // Another model's vectors are never reused.
    const other = cachedQueryEncoder(db, 'other', second.load);
    await other.embedText('海边的日落');
    expect(second.counts).toEqual({ loads: 1, runs: 1 });
  });

  it('keeps only the most recent queries', async () => {
    const db = openDatabase(':memory:');
    const tower = countingTower();
    const enc = cachedQueryEncoder(db, 'm', tower.load);
    for (let i = 0; i < 510; i++) await enc.embedText(`查询${i}`);
    expect(db.prepare('SELECT count(*) FROM query_embeddings').pluck().get()).toBeLessThanOrEqual(500);
  });
});
