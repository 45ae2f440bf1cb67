import { XuntuError } from '../../errors.js';
import type { ScoreBackground } from './score-background.js';

/**
 * Where to stop showing results for one query, decided from that query's own score distribution.
 *
 * A fixed similarity threshold does not work for CLIP: Chinese-CLIP text-to-image cosines sit around 0.15–0.45,
 * and the best match of one query can score below a weak match of another. What does carry over between queries
 * is how far a score stands above the rest of the library *for that query*. So every rule below is written in
 * units of the query's background spread, z = (score − median) / spread, and the result is the same when all of
 * a query's scores shift (or scale) together.
 *
 * The rules, in order:
 * 1. Tail line. Under a normal background, n scores put on average n·P(Z > z) above z. The line is the z where
 *    that is `expectedFalseMatches` (0.5 by default: about 4.0 for 10k photos, 4.4 for 100k, 4.9 for 1M), never
 *    below `minZ`. If the best score is under it, nothing stands out: keep nothing.
 * 2. Relative drop. Keep only scores that retain `relativeFloor` of the best score's height above the median,
 *    so a query with an outstanding match does not trail off into loosely related photos.
 * 3. Knee. From the minKeep-th score down to just below the line, a gap between consecutive scores that is
 *    large in absolute terms (`minGap` spreads) and against the other gaps (`gapRatio` × their mean) separates a
 *    cluster of true matches from the tail below it: cut there.
 * 4. Minimum. When the best score clears the tail line by `clearMargin` spreads the query clearly found
 *    something, and a few more neighbours (`minKeep`) are worth showing even if they are weaker.
 *
 * The defaults are calibrated on synthetic normal backgrounds; real CLIP backgrounds have a heavier upper tail,
 * so they should be checked against labelled queries on a real library.
 */
export interface CutoffOptions {
  expectedFalseMatches?: number;
  minZ?: number;
  relativeFloor?: number;
  minGap?: number;
  gapRatio?: number;
  clearMargin?: number;
  minKeep?: number;
}

export type CutoffReason = 'empty' | 'nothing-stands-out' | 'tail' | 'relative-drop' | 'gap' | 'min-keep';

export interface Cutoff {
  /** Score line: the kept results are those at or above it (a line between two scores where a gap decided). */
  cutoff: number;
  /** How many of the given top scores to keep. */
  kept: number;
  reason: CutoffReason;
}

const DEFAULTS: Required<CutoffOptions> = {
  expectedFalseMatches: 0.5,
  minZ: 3,
  relativeFloor: 0.4,
  minGap: 0.5,
  gapRatio: 4,
  clearMargin: 1,
  minKeep: 5,
};

/**
 * @param top the query's best scores, best first (e.g. the hits of searchWithBackground with a generous limit)
 * @param background where the query's scores sit over the whole library
 */
export function adaptiveCutoff(top: ArrayLike<number>, background: ScoreBackground, options: CutoffOptions = {}): Cutoff {
  const o = { ...DEFAULTS, ...options };
  for (let i = 1; i < top.length; i++) {
    if (top[i]! > top[i - 1]!) throw new XuntuError('UNSORTED_SCORES', 'adaptiveCutoff needs the top scores best first');
  }
  const { median } = background;
  // A library of identical vectors has no spread; any positive unit keeps the arithmetic finite.
  const spread = background.spread > 0 ? background.spread : Number.MIN_VALUE;
  const tailZ = Math.max(o.minZ, upperTailZ(o.expectedFalseMatches / Math.max(1, background.count)));
  const tailLine = median + tailZ * spread;
  const best = top[0];
  if (best === undefined) return { cutoff: tailLine, kept: 0, reason: 'empty' };
  if (best < tailLine) return { cutoff: tailLine, kept: 0, reason: 'nothing-stands-out' };

  const relativeLine = median + o.relativeFloor * (best - median);
  let result: Cutoff =
    relativeLine > tailLine
      ? { cutoff: relativeLine, kept: countAtLeast(top, relativeLine), reason: 'relative-drop' }
      : { cutoff: tailLine, kept: countAtLeast(top, tailLine), reason: 'tail' };
  result = kneeOf(top, result, spread, o) ?? result;

  const clearlyAbove = (best - median) / spread >= tailZ + o.clearMargin;
  // Never pad with results that have lost more than half of the best score's lead over the background: a query
  // with four true matches should show four, not four and a stranger.
  const padFloor = median + (o.relativeFloor / 2) * (best - median);
  const kept = Math.min(o.minKeep, countAtLeast(top, padFloor));
  if (clearlyAbove && result.kept < kept) result = { cutoff: top[kept - 1]!, kept, reason: 'min-keep' };
  return result;
}

/**
 * The widest gap from the minKeep-th score down to the first score below the current line, if it stands out.
 * Gaps above the minKeep-th score are not candidates: the top few order statistics of any sample are spaced
 * widely, so a gap there says little, and a cut there would keep fewer than minKeep anyway.
 */
function kneeOf(top: ArrayLike<number>, current: Cutoff, spread: number, o: Required<CutoffOptions>): Cutoff | undefined {
  const first = o.minKeep - 1;
  const last = Math.min(current.kept, top.length - 1) - 1;
  const gaps = last - first + 1;
  if (gaps < 3) return undefined;
  let widest = 0;
  let at = -1;
  let total = 0;
  for (let i = first; i <= last; i++) {
    const gap = top[i]! - top[i + 1]!;
    total += gap;
    if (gap > widest) {
      widest = gap;
      at = i;
    }
  }
  const othersMean = (total - widest) / (gaps - 1);
  if (widest < o.minGap * spread || widest < o.gapRatio * othersMean) return undefined;
  return { cutoff: (top[at]! + top[at + 1]!) / 2, kept: at + 1, reason: 'gap' };
}

function countAtLeast(sortedDesc: ArrayLike<number>, line: number): number {
  let n = 0;
  while (n < sortedDesc.length && sortedDesc[n]! >= line) n++;
  return n;
}

/**
 * z with P(Z > z) = p for a standard normal, p ≤ 0.02425 (clamped there): the tail branch of Acklam's rational
 * approximation, relative error below 1.2e-9, which is all the tail line needs.
 */
export function upperTailZ(p: number): number {
  const q = Math.sqrt(-2 * Math.log(Math.min(p, 0.02425)));
  const num = ((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783;
  const den = (((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1;
  return -num / den;
}
