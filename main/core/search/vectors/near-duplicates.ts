import { XuntuError } from '../../errors.js';
import { exhaustivePairs, pivotPairs } from './duplicate-candidates.js';
import type { FloatMatrix } from './float-matrix.js';
import { UnionFind } from './union-find.js';
import type { VectorIndex } from './vector-index.js';

/**
 * Groups of near-identical photos: the same picture saved twice, resized, re-compressed or lightly edited.
 *
 * The threshold is a cosine between image embeddings, 0.96 by default, and configurable because it depends on the
 * model. For Chinese-CLIP ViT-B/16, a re-encoded or resized copy typically scores ≥ 0.98 against its original,
 * light edits and small crops 0.95–0.98, while consecutive shots of one scene (bursts, bracketing, a second try)
 * reach 0.90–0.96, and different photos of one place rarely pass 0.9. 0.96 leans towards missing an edited copy
 * rather than calling two distinct shots duplicates, because the user acts on a group by deleting all but one.
 * Those ranges are typical rather than measured on this library; check them against labelled pairs.
 *
 * Conservative in three ways: the threshold; the optional `confirm` hook, which must also accept a pair (aspect
 * ratio, capture time within seconds, file size...); and no chaining. Union-find alone would put A and C together
 * because each is close to B; here every member of a reported group is itself a confirmed pair with the group's
 * medoid, and members that are not are regrouped among themselves.
 */
export interface NearDuplicateOptions {
  /** Cosine at or above which two photos are candidates (default 0.96). */
  threshold?: number;
  /** Second check on a candidate pair of photo ids, asked once per pair. */
  confirm?: (a: number, b: number) => boolean;
  /**
   * Compare every pair instead of only pairs near the same pivots: exact, but O(n²·dim). Measured on the 2-core
   * dev machine: ~7 s for 20k photos and ~165 s for 100k, against ~0.4 s and ~4 s for the default (see pivotPairs
   * for what it can miss).
   */
  exhaustive?: boolean;
  /** The member to keep (e.g. largest, sharpest); default the medoid, the member most similar to the rest. */
  pickBest?: (photoIds: readonly number[]) => number;
}

export interface DuplicateGroup {
  /** Ascending. */
  photoIds: number[];
  best: number;
}

const DEFAULT_THRESHOLD = 0.96;

/** Largest groups first (ties: lowest photo id first). */
export function findNearDuplicates(index: VectorIndex, options: NearDuplicateOptions = {}): DuplicateGroup[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new XuntuError('INVALID_THRESHOLD', `threshold must be in (0, 1], got ${threshold}`);
  const { count, ids, matrix } = index.rows();
  const neighbours = new Map<number, number[]>();
  const link = (a: number, b: number) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  const findPairs = options.exhaustive ? exhaustivePairs : pivotPairs;
  findPairs(matrix, count, threshold, (i, j) => {
    if (options.confirm && !options.confirm(ids[i]!, ids[j]!)) return;
    link(i, j);
    link(j, i);
  });

  const groups: number[][] = [];
  for (const component of components([...neighbours.keys()], neighbours)) splitAroundMedoid(component, neighbours, matrix, groups);

  return groups
    .map((rows) => {
      const photoIds = rows.map((r) => ids[r]!).sort((a, b) => a - b);
      const best = options.pickBest ? options.pickBest(photoIds) : ids[medoid(rows, matrix)]!;
      if (!photoIds.includes(best)) throw new XuntuError('INVALID_BEST', `pickBest returned ${best}, not a member of the group`);
      return { photoIds, best };
    })
    .sort((a, b) => b.photoIds.length - a.photoIds.length || a.photoIds[0]! - b.photoIds[0]!);
}

/** Connected components of `rows` under the pairs among them (pairs leaving the set are ignored). */
function components(rows: number[], neighbours: Map<number, number[]>): number[][] {
  const local = new Map(rows.map((r, i) => [r, i]));
  const sets = new UnionFind(rows.length);
  rows.forEach((r, i) => {
    for (const other of neighbours.get(r) ?? []) {
      const j = local.get(other);
      if (j !== undefined) sets.union(i, j);
    }
  });
  const byRoot = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const root = sets.find(i);
    const members = byRoot.get(root);
    if (members) members.push(r);
    else byRoot.set(root, [r]);
  });
  return [...byRoot.values()];
}

/** Keeps the medoid with its direct partners as one group, then does the same for the rest of the component. */
function splitAroundMedoid(rows: number[], neighbours: Map<number, number[]>, matrix: FloatMatrix, out: number[][]): void {
  if (rows.length < 2) return;
  const centre = medoid(rows, matrix);
  const members = new Set(rows);
  const core = new Set([centre, ...(neighbours.get(centre) ?? []).filter((r) => members.has(r))]);
  if (core.size >= 2) out.push([...core]);
  const rest = rows.filter((r) => !core.has(r));
  for (const component of components(rest, neighbours)) splitAroundMedoid(component, neighbours, matrix, out);
}

/**
 * The member with the largest total similarity to the others. Σ_j v_i·v_j = v_i·(Σ_j v_j), so one pass for the
 * sum and one for the dots: O(members × dim) rather than O(members² × dim).
 */
function medoid(rows: number[], matrix: FloatMatrix): number {
  const sum = new Float64Array(matrix.dim);
  for (const r of rows) {
    const v = matrix.row(r);
    for (let j = 0; j < sum.length; j++) sum[j] = sum[j]! + v[j]!;
  }
  let best = rows[0]!;
  let bestScore = -Infinity;
  for (const r of rows) {
    const v = matrix.row(r);
    let score = 0;
    for (let j = 0; j < sum.length; j++) score += v[j]! * sum[j]!;
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}
