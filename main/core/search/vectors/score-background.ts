/**
 * Where a query's scores sit over the whole library, robustly: the median, and the spread as 1.4826 × MAD (the
 * median absolute deviation, scaled to equal σ for a normal distribution). Both ignore the few true matches in the
 * upper tail, which is exactly what a mean and standard deviation would not.
 */
export interface ScoreBackground {
  median: number;
  spread: number;
  /** Library size the scores came from (the sample may be smaller). */
  count: number;
}

/** Scores sampled for the background: 4096 pin the median and MAD to about 2% of σ. */
const SAMPLE_TARGET = 4096;

export function scoreBackground(scores: ArrayLike<number>, count = scores.length): ScoreBackground {
  const sorted = Float64Array.from(scores).sort();
  const median = medianOfSorted(sorted);
  for (let i = 0; i < sorted.length; i++) sorted[i] = Math.abs(sorted[i]! - median);
  return { median, spread: 1.4826 * medianOfSorted(sorted.sort()), count };
}

/**
 * Collects every `step`-th row's score while a scan streams by, so the background costs no second pass. A fixed
 * stride over row order (not a random draw) keeps the result deterministic; rows are in insertion order, which is
 * not periodic in any way a stride could alias with.
 */
export class BackgroundSampler {
  readonly step: number;
  private readonly sample: Float64Array;
  private size = 0;

  constructor(private readonly count: number) {
    this.step = Math.max(1, Math.floor(count / SAMPLE_TARGET));
    this.sample = new Float64Array(Math.ceil(count / this.step));
  }

  /** The first sampled row at or after `start`; the caller then advances by `step`. */
  firstRow(start: number): number {
    return Math.ceil(start / this.step) * this.step;
  }

  add(score: number): void {
    this.sample[this.size++] = score;
  }

  result(): ScoreBackground {
    return scoreBackground(this.sample.subarray(0, this.size), this.count);
  }
}

function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
