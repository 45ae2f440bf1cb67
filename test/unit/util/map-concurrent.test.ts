import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../../main/core/util/map-concurrent.js';

describe('mapConcurrent', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing new after the signal aborts', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    await mapConcurrent([1, 2, 3, 4, 5], 1, async (n) => {
      seen.push(n);
      if (n === 2) abort.abort();
    }, abort.signal);
    expect(seen).toEqual([1, 2]);
  });
});
