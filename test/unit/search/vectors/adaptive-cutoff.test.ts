import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptiveCutoff, upperTailZ } from '../../../../main/core/search/vectors/adaptive-cutoff.js';
import { BackgroundSampler, scoreBackground } from '../../../../main/core/search/vectors/score-background.js';
import { VectorIndex } from '../../../../main/core/search/vectors/vector-index.js';
import { gaussian, nearCopy, randomUnit, rng } from './synthetic-vectors.js';

/** A query's scores over a library: normal background (CN-CLIP-like 0.2 ± 0.03) plus optional true matches. */
function scores(seed: number, { size = 10_000, matches = 0 } = {}): Float64Array {
  const rand = rng(seed);
  const all = new Float64Array(size + matches);
  for (let i = 0; i < size; i++) all[i] = 0.2 + 0.03 * gaussian(rand);
  for (let i = size; i < all.length; i++) all[i] = 0.38 + 0.015 * gaussian(rand);
  return all;
}

function cutoffOf(all: ArrayLike<number>, limit = 200) {
  const top = Float64Array.from(all).sort().reverse().subarray(0, limit);
  return adaptiveCutoff(top, scoreBackground(all));
}

const seeds = Array.from({ length: 25 }, (_, i) => i + 1);

describe('adaptiveCutoff', () => {
  it.each(seeds)('keeps about the 30 true matches that stand above the background (seed %i)', (seed) => {
    const { kept, reason } = cutoffOf(scores(seed, { matches: 30 }));
    expect(kept).toBeGreaterThanOrEqual(28);
    expect(kept).toBeLessThanOrEqual(32);
    expect(['gap', 'tail']).toContain(reason);
  });

  it.each(seeds)('keeps very few when the top scores are only the tail of the background (seed %i)', (seed) => {
    expect(cutoffOf(scores(seed)).kept).toBeLessThanOrEqual(3);
  });

  it('gives the same answer when every score shifts or stretches together', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.constantFrom(0, 30),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (seed, matches, shift, stretch) => {
          const base = scores(seed, { matches });
          const before = cutoffOf(base);
          const after = cutoffOf(base.map((s) => 0.2 + (s - 0.2) * stretch + shift));
          expect(after.kept).toBe(before.kept);
          expect(after.reason).toBe(before.reason);
          expect(after.cutoff).toBeCloseTo(0.2 + (before.cutoff - 0.2) * stretch + shift, 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  const background = { median: 0.2, spread: 0.03, count: 10_000 };
  const at = (...zs: number[]) => zs.map((z) => 0.2 + 0.03 * z);

  it('keeps a few neighbours of one outstanding match', () => {
    expect(adaptiveCutoff(at(12, 3.1, 3, 2.9, 2.8, 2.7, 2.6), background)).toEqual({ cutoff: at(2.8)[0], kept: 5, reason: 'min-keep' });
  });

  it('drops what keeps less than 40% of the best score’s height when nothing else decides', () => {
    // Evenly spaced from z = 12 down to 4: above the tail line (3.9) throughout, and no gap stands out.
    const top = Array.from({ length: 33 }, (_, i) => at(12 - i * 0.25)[0]!);
    const result = adaptiveCutoff(top, background);
    expect(result.reason).toBe('relative-drop');
    expect(result.kept).toBe(29); // z ≥ 0.4 × 12 = 4.8
  });

  it('cuts at a clear gap inside the kept scores', () => {
    const top = at(9, 8.9, 8.8, 8.7, 8.6, 8.5, 5.0, 4.9, 4.8);
    expect(adaptiveCutoff(top, background)).toMatchObject({ kept: 6, reason: 'gap' });
  });

  it('keeps nothing when the best score is under the tail line, and handles no scores', () => {
    expect(adaptiveCutoff(at(3.5, 3.4), background)).toMatchObject({ kept: 0, reason: 'nothing-stands-out' });
    expect(adaptiveCutoff([], background)).toMatchObject({ kept: 0, reason: 'empty' });
  });

  it('raises the tail line with library size', () => {
    expect(upperTailZ(0.5 / 10_000)).toBeCloseTo(3.89, 2);
    expect(upperTailZ(0.5 / 1_000_000)).toBeCloseTo(4.89, 2);
    const top = at(4.2, 4.1);
    expect(adaptiveCutoff(top, background).kept).toBe(2);
    expect(adaptiveCutoff(top, { ...background, count: 1_000_000 }).kept).toBe(0);
  });

  it('rejects scores that are not best first', () => {
    expect(() => adaptiveCutoff([0.2, 0.3], background)).toThrow(/best first/);
  });

  it('works end to end on vectors: 30 photos of the queried subject among 5,000 others', () => {
    const rand = rng(77);
    const dim = 512;
    const subject = randomUnit(dim, rand);
    const index = new VectorIndex(dim);
    for (let id = 0; id < 5_000; id++) index.upsert(id, randomUnit(dim, rand));
    // Cosine ≈ 0.3 to the subject, like a good CLIP text match; random vectors sit at 0 ± 0.044.
    for (let id = 5_000; id < 5_030; id++) index.upsert(id, nearCopy(subject, 0.3, rand));
    const { hits, background } = index.searchWithBackground(subject, { limit: 200 });
    const { kept } = adaptiveCutoff(hits.map((h) => h.score), background);
    expect(kept).toBe(30);
    expect(hits.slice(0, kept).every((h) => h.photoId >= 5_000)).toBe(true);
  });
});

describe('scoreBackground', () => {
  it('is the median and 1.4826 × MAD', () => {
    expect(scoreBackground([1, 2, 3, 4, 100])).toEqual({ median: 3, spread: 1.4826, count: 5 });
  });

  it('is close to the normal parameters from a strided sample', () => {
    const all = scores(3, { size: 200_000 });
    const sampler = new BackgroundSampler(all.length);
    for (let r = sampler.firstRow(0); r < all.length; r += sampler.step) sampler.add(all[r]!);
    const { median, spread, count } = sampler.result();
    expect(count).toBe(200_000);
    expect(median).toBeCloseTo(0.2, 2);
    expect(spread).toBeCloseTo(0.03, 2);
  });
});
