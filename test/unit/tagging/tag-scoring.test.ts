import { describe, expect, it } from 'vitest';
import { TagScorer, type ScoringLabel, type ScoringSet } from '../../../main/core/tagging/tag-scoring.js';

const DIM = 4;

function unit(...xs: number[]): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, i) => xs[i] ?? 0);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const E1 = unit(1);
const E2 = unit(0, 1);
const E3 = unit(0, 0, 1);

const label = (labelId: number, prototype: Float32Array, threshold = 0.5, exclusions: Float32Array[] = []): ScoringLabel => ({
  labelId,
  prototype,
  exclusions,
  threshold,
});

/** label id → score, for one photo. */
function tagsOf(scorer: TagScorer, photo: Float32Array): Map<number, number> {
  const tags = new Map<number, number>();
  scorer.scorePhoto(photo, (l, _set, score) => tags.set(l.labelId, score));
  return tags;
}

describe('TagScorer, multi-label sets', () => {
  it('gives a photo every label whose cosine reaches the label threshold, scored by the cosine', () => {
    const set: ScoringSet = { setId: 1, exclusive: false, labels: [label(1, E1, 0.7), label(2, E2, 0.7), label(3, E2, 0.5), label(4, E3, -0.1)] };
    const tags = tagsOf(new TagScorer(DIM, [set], 100), unit(0.8, 0.6));
    expect([...tags.keys()]).toEqual([1, 3, 4]);
    expect(tags.get(1)).toBeCloseTo(0.8, 6);
    expect(tags.get(3)).toBeCloseTo(0.6, 6);
    expect(tags.get(4)).toBeCloseTo(0, 6);
  });

  it('gives none when nothing reaches its threshold, and a threshold is inclusive', () => {
    const scorer = new TagScorer(DIM, [{ setId: 1, exclusive: false, labels: [label(1, E1, 0.9), label(2, E2, 0.6)] }], 100);
    expect(tagsOf(scorer, unit(0, 0, 1)).size).toBe(0);
    expect([...tagsOf(scorer, E2).keys()]).toEqual([2]);
    // A photo on the prototype itself scores exactly 1.
    const atThreshold = new TagScorer(DIM, [{ setId: 1, exclusive: false, labels: [label(1, E1, 1)] }], 100);
    expect(tagsOf(atThreshold, E1).has(1)).toBe(true);
  });

  it('withholds a label from a photo closer to one of its exclusions', () => {
    const cat = label(1, E1, 0.3, [E3, E2]);
    const scorer = new TagScorer(DIM, [{ setId: 1, exclusive: false, labels: [cat] }], 100);
    expect(tagsOf(scorer, unit(0.8, 0.6)).has(1)).toBe(true);
    expect(tagsOf(scorer, unit(0.6, 0.8)).has(1)).toBe(false);
    // Equally close: the exclusion wins.
    expect(tagsOf(scorer, unit(1, 1)).has(1)).toBe(false);
    // Exclusions belong to their label only.
    const other = new TagScorer(DIM, [{ setId: 1, exclusive: false, labels: [cat, label(2, E2, 0.3)] }], 100);
    expect([...tagsOf(other, unit(0.6, 0.8)).keys()]).toEqual([2]);
  });
});

describe('TagScorer, exclusive sets', () => {
  const indoorOutdoor: ScoringSet = { setId: 7, exclusive: true, labels: [label(1, E1, 0.99), label(2, E2, 0.99), label(3, E3, 0.99)] };

  it('gives exactly one label, the softmax winner over the set with the logit scale, scored by its probability', () => {
    const tags = tagsOf(new TagScorer(DIM, [indoorOutdoor], 10), unit(0.8, 0.6));
    expect([...tags.keys()]).toEqual([1]);
    // logits 8, 6, 0 → p = 1 / (1 + e^-2 + e^-8); thresholds (0.99) do not apply.
    expect(tags.get(1)).toBeCloseTo(1 / (1 + Math.exp(-2) + Math.exp(-8)), 5);
  });

  it('sharpens with a larger logit scale', () => {
    const p = (scale: number) => tagsOf(new TagScorer(DIM, [indoorOutdoor], scale), unit(0.8, 0.6)).get(1)!;
    expect(p(100)).toBeGreaterThan(p(10));
    expect(p(1)).toBeLessThan(0.5);
  });

  it('still picks one label when every label scores the same, the first listed', () => {
    const tags = tagsOf(new TagScorer(DIM, [indoorOutdoor], 100), unit(0, 0, 0, 1));
    expect([...tags.keys()]).toEqual([1]);
    expect(tags.get(1)).toBeCloseTo(1 / 3, 6);
  });
});

describe('TagScorer, several sets', () => {
  it('scores each set by its own rule in one pass, reporting the set of each tag', () => {
    const multi: ScoringSet = { setId: 1, exclusive: false, labels: [label(10, E1, 0.5), label(11, E2, 0.5, [E1])] };
    const exclusive: ScoringSet = { setId: 2, exclusive: true, labels: [label(20, E3), label(21, E2)] };
    const seen: [number, number][] = [];
    new TagScorer(DIM, [multi, exclusive], 100).scorePhoto(unit(0.8, 0.6), (l, set) => seen.push([set.setId, l.labelId]));
    expect(seen).toEqual([
      [1, 10],
      [2, 21],
    ]);
  });

  it('handles more labels than one kernel call scores', () => {
    const many = Array.from({ length: 9000 }, (_, i) => label(i, i === 8999 ? E1 : E2, 0.9));
    const tags = tagsOf(new TagScorer(DIM, [{ setId: 1, exclusive: false, labels: many }], 100), E1);
    expect([...tags.keys()]).toEqual([8999]);
  });
});
