import { CHUNK_ROWS, type FloatMatrix } from './float-matrix.js';
import { grownCopy } from './grown-copy.js';
import type { Int8Matrix, QuantisedQuery } from './int8-matrix.js';
import type { BackgroundSampler } from './score-background.js';
import { TopK } from './top-k.js';

export interface ScanRequest {
  /** Rows in use, and the photo id of each. */
  count: number;
  ids: Int32Array;
  limit: number;
  allowed: ((photoId: number) => boolean) | undefined;
  sampler: BackgroundSampler | undefined;
}

/** Every row through the float32 kernel (query already set); the floor test keeps the filter off most rows. */
export function scanFloat(float: FloatMatrix, request: ScanRequest): TopK {
  const { count, ids, allowed, sampler } = request;
  const top = new TopK(request.limit);
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, count - start);
    const scores = float.scoreRows(start, n);
    if (sampler) for (let r = sampler.firstRow(start); r < start + n; r += sampler.step) sampler.add(scores[r - start]!);
    for (let k = 0; k < n; k++) {
      const score = scores[k]!;
      if (score < top.floor) continue;
      const id = ids[start + k]!;
      if (allowed !== undefined && !allowed(id)) continue;
      top.push(score, id);
    }
  }
  return top;
}

/**
 * Every row through the int8 kernel (4× fewer bytes to stream), then the float32 kernel on just the rows that can
 * still be in the top k. Each int8 score a is within ε = ‖v−v̂‖(1 + ‖q−q̂‖) + ‖q−q̂‖ of the float32 one (see
 * Int8Matrix), so with L the k-th best lower bound a − ε, a row whose upper bound a + ε is below L cannot beat the
 * k rows that reach L. The result is therefore exactly scanFloat's, ties included; rescoring touches a few dozen
 * rows (measured 30–100 per query on 100k rows for k = 10).
 */
export function scanQuantised(float: FloatMatrix, int8: Int8Matrix, query: QuantisedQuery, request: ScanRequest): TopK {
  const { count, ids, allowed, sampler } = request;
  // Covers the float32 kernel's own rounding (stride/16 sequential adds per lane, a few more to combine lanes,
  // each off by at most 2^-24 of a sum bounded by ‖q‖‖v‖ = 1), with a factor of two to spare.
  const slack = (float.stride / 16 + 8) * 2 ** -23;
  const { invScale, error } = query;
  const { rowInvScale, residual } = int8;
  const lower = new TopK(request.limit);
  // Rows that passed the floor at the time, with their upper bounds: the floor only rises, so some drop out below.
  let candidates = new Int32Array(256);
  let uppers = new Float64Array(256);
  let found = 0;
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, count - start);
    const sums = int8.sumRows(start, n);
    // The background takes the int8 scores: off by ~0.001, far below the spread it measures.
    if (sampler) {
      for (let r = sampler.firstRow(start); r < start + n; r += sampler.step) sampler.add(sums[r - start]! * rowInvScale[r]! * invScale);
    }
    for (let k = 0; k < n; k++) {
      const r = start + k;
      const approx = sums[k]! * rowInvScale[r]! * invScale;
      const epsilon = residual[r]! * (1 + error) + error + slack;
      if (approx + epsilon < lower.floor) continue;
      const id = ids[r]!;
      if (allowed !== undefined && !allowed(id)) continue;
      lower.push(approx - epsilon, id);
      if (found === candidates.length) {
        candidates = grownCopy(candidates, found * 2);
        uppers = grownCopy(uppers, found * 2);
      }
      candidates[found] = r;
      uppers[found++] = approx + epsilon;
    }
  }
  const top = new TopK(request.limit);
  for (let i = 0; i < found; i++) {
    if (uppers[i]! < lower.floor) continue;
    const r = candidates[i]!;
    top.push(float.scoreRows(r, 1)[0]!, ids[r]!);
  }
  return top;
}
