import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../../../main/core/search/vectors/top-k.js';

describe('TopK', () => {
  it('keeps what a full sort keeps, best first, ties to the lower id', () => {
    // Scores from a small set so ties are common.
    const pairs = fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 200 });
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 30 }), (input, limit) => {
        const unique = [...new Map(input.map(([s, id]) => [id, s / 4])).entries()];
        const top = new TopK(limit);
        for (const [id, score] of unique) top.push(score, id);
        const { scores, ids } = top.drain();
        const expected = unique.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
        expect([...ids]).toEqual(expected.map(([id]) => id));
        expect([...scores]).toEqual(expected.map(([, s]) => s));
      }),
    );
  });

  it('raises its floor only once full', () => {
    const top = new TopK(2);
    top.push(0.5, 1);
    expect(top.floor).toBe(-Infinity);
    top.push(0.2, 2);
    expect(top.floor).toBe(0.2);
    top.push(0.9, 3);
    expect(top.floor).toBe(0.5);
    expect(new TopK(0).floor).toBe(Infinity);
  });
});
