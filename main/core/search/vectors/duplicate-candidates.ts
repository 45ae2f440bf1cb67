import { CHUNK_ROWS, FloatMatrix } from './float-matrix.js';
import { Int8Matrix } from './int8-matrix.js';

/** Receives each unordered pair of rows with cosine ≥ the threshold once, as (lower row, higher row). */
export type PairSink = (i: number, j: number) => void;

/** Query rows per block: 4096 rows of 512 floats (8 MiB) stay in a desktop L3 while column tiles stream past. */
const QUERY_BLOCK_ROWS = 4096;
/** Column tile bytes: fits L2 next to the query row, so each tile is read from memory once per query block. */
const TILE_BYTES = 512 * 1024;
/** How far below its best pivot a row still probes, in spreads of a threshold pair's score difference. */
const PROBE_SPREADS = 4;
/** Bounds the work for a row in a dense region, where many pivots score alike. */
const MAX_EXTRA_PROBES = 4;

/**
 * Every pair, as a blocked self-join: each query row runs the kernel over an L2-sized tile of later rows, and the
 * kernel returns only the rows above the threshold, so JavaScript never sees the n²/2 scores. Exact, but the work
 * is n²/2 × dim multiply-adds: 2.6·10¹² for 100k × 512 (not 10¹⁰: that is the pair count), measured ~165 s on
 * one core of the dev machine, ~7 s for 20k.
 */
export function exhaustivePairs(matrix: FloatMatrix, count: number, threshold: number, onPair: PairSink): void {
  const tileRows = Math.min(CHUNK_ROWS, Math.max(16, Math.floor(TILE_BYTES / (matrix.stride * 4))));
  for (let block = 0; block < count; block += QUERY_BLOCK_ROWS) {
    const blockEnd = Math.min(count, block + QUERY_BLOCK_ROWS);
    for (let tile = block; tile < count; tile += tileRows) {
      const tileEnd = Math.min(count, tile + tileRows);
      for (let i = block; i < blockEnd && i < tileEnd - 1; i++) {
        const start = Math.max(tile, i + 1);
        for (const hit of matrix.rowsAbove(start, tileEnd - start, threshold, i)) onPair(i, start + hit);
      }
    }
  }
}

/**
 * The pairs, found by comparing each row only with rows near the same pivots (an inverted-file search, as in IVF
 * indexes). 2√n rows spread over the library serve as pivots; every row is listed under its most similar pivot and
 * probes the lists of up to MAX_EXTRA_PROBES more pivots it scores within a margin of its best. Work falls from
 * n²/2 dot products to about n·(pivots + probes·n/pivots): at 100k, ~110M instead of 5,000M. Scoring against the
 * pivots only has to rank them, so it uses the int8 kernel (2× the speed, and the pivots stay in L2); the lists
 * are compared in float32, so every reported pair really is above the threshold.
 *
 * Not exact: a pair is missed when its photos sit under different pivots and neither probes the other's list.
 * Two vectors at cosine ≥ 0.96 are ≤ 0.28 apart, so their scores against a pivot differ by that distance times
 * the cosine between (x − y) and the pivot, typically ~0.013 in 512 dims; a margin of four times that (0.05)
 * makes misses rare.
 * Measured against exhaustivePairs on 20k rows with copies at cosine ≈ 0.965 (just above the threshold, the worst
 * case): all 399 pairs found on clustered data, 394 of 396 on unstructured random vectors; copies at 0.99 are
 * missed about once in 10⁴ on random vectors, which have no structure for the pivots to follow.
 */
export function pivotPairs(matrix: FloatMatrix, count: number, threshold: number, onPair: PairSink): void {
  if (count < 2) return;
  const pivotCount = Math.min(CHUNK_ROWS, count, Math.ceil(2 * Math.sqrt(count)));
  const pivots = new Int8Matrix(matrix.dim, pivotCount);
  for (let k = 0; k < pivotCount; k++) pivots.setRow(k, matrix.row(Math.floor((k * count) / pivotCount)));

  // Two vectors at the threshold are √(2 − 2t) apart; against a pivot in a random direction their scores differ
  // by that distance times a cosine of spread 1/√dim. Four of those spreads: 0.05 for 512 dims at t = 0.96.
  const margin = (PROBE_SPREADS * Math.sqrt(2 - 2 * threshold)) / Math.sqrt(matrix.dim);
  const home = new Int32Array(count);
  const scores = new Float64Array(pivotCount);
  // For each pivot, the rows that probe its list.
  const probes = Array.from({ length: pivotCount }, (): number[] => []);
  for (let r = 0; r < count; r++) {
    const { invScale } = pivots.setQuery(matrix.row(r));
    const sums = pivots.sumRows(0, pivotCount);
    for (let k = 0; k < pivotCount; k++) scores[k] = sums[k]! * pivots.rowInvScale[k]! * invScale;
    let best = 0;
    for (let k = 1; k < pivotCount; k++) if (scores[k]! > scores[best]!) best = k;
    home[r] = best;
    probes[best]!.push(r);
    const floor = scores[best]! - margin;
    const near: number[] = [];
    for (let k = 0; k < pivotCount; k++) if (k !== best && scores[k]! >= floor) near.push(k);
    if (near.length > MAX_EXTRA_PROBES) near.sort((a, b) => scores[b]! - scores[a]!).length = MAX_EXTRA_PROBES;
    for (const k of near) probes[k]!.push(r);
  }

  const members = rowsByHome(home, pivotCount);
  const largest = Math.max(...members.map((m) => m.length));
  const tile = new FloatMatrix(matrix.dim, Math.min(CHUNK_ROWS, largest));
  // A pair under different pivots can be found from both sides; a pair under the same pivot is taken from its
  // lower row only. Pairs are few (near-duplicates), so a set of seen keys costs little.
  const seen = new Set<number>();
  for (let k = 0; k < pivotCount; k++) {
    const list = members[k]!;
    for (let chunk = 0; chunk < list.length; chunk += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, list.length - chunk);
      for (let t = 0; t < n; t++) tile.setRow(t, matrix.row(list[chunk + t]!));
      for (const x of probes[k]!) {
        tile.setQuery(matrix.row(x));
        for (const hit of tile.rowsAbove(0, n, threshold)) {
          const y = list[chunk + hit]!;
          if (y === x || (home[x] === k && y < x)) continue;
          const key = Math.min(x, y) * count + Math.max(x, y);
          if (seen.has(key)) continue;
          seen.add(key);
          onPair(Math.min(x, y), Math.max(x, y));
        }
      }
    }
  }
}

/** Rows grouped by their home pivot (a counting sort). */
function rowsByHome(home: Int32Array, pivots: number): Int32Array[] {
  const sizes = new Int32Array(pivots);
  for (const k of home) sizes[k]!++;
  const lists = Array.from(sizes, (size) => new Int32Array(size));
  sizes.fill(0);
  home.forEach((k, r) => {
    lists[k]![sizes[k]!++] = r;
  });
  return lists;
}

