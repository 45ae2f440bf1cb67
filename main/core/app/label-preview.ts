import type { LabelPreview, ScoredPhoto } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { CHUNK_ROWS } from '../search/vectors/float-matrix.js';
import type { VectorIndex } from '../search/vectors/vector-index.js';
import { gridPhotosById } from './grid-photos-by-id.js';

/** What a label is scored with: the same prototype and exclusions tagging uses (label-prototypes.ts). */
export interface PreviewPrototype {
  prototype: Float32Array;
  exclusions: readonly Float32Array[];
  /** The threshold tagging applies now; the preview's default. */
  threshold: number;
}

/** Every scored photo of one label, best first: built once, then each threshold is a binary search. */
interface ScoreTable {
  index: VectorIndex;
  ids: Int32Array;
  scores: Float32Array;
  excluded: number;
  threshold: number;
  histogram: LabelPreview['histogram'];
}

const BINS = 40;
const DEFAULT_EDGE = 12;
/** Labels whose scores are kept: the one being dragged, and a few the user switches between. */
const KEEP = 8;

/**
 * labels.preview: which photos a label passes at a threshold. Dragging a slider sends a call per frame, so a label's
 * scores against every stored vector are computed once (one matrix scan per prototype and exclusion, the tagger's
 * own rule for exclusions) and kept; a call then only counts and picks the photos either side of the threshold.
 */
export class LabelPreviewer {
  private readonly tables = new Map<string, ScoreTable>();

  constructor(private readonly db: Db) {}

  /** Prototypes or vectors changed (a save, a decision learned, indexing): every cached table is stale. */
  clear(): void {
    this.tables.clear();
  }

  async preview(
    key: string,
    index: VectorIndex,
    prototype: () => Promise<PreviewPrototype>,
    request: { threshold?: number | undefined; edge?: number | undefined },
  ): Promise<LabelPreview> {
    let table = this.tables.get(key);
    if (table?.index !== index) {
      table = scoreTable(index, await prototype());
      this.tables.delete(key);
      this.tables.set(key, table);
      if (this.tables.size > KEEP) this.tables.delete(this.tables.keys().next().value!);
    }
    const threshold = request.threshold ?? table.threshold;
    const edge = request.edge ?? DEFAULT_EDGE;
    const passing = countAtLeast(table.scores, threshold);
    const above = range(Math.max(0, passing - edge), passing).reverse();
    const below = range(passing, Math.min(table.scores.length, passing + edge));
    const photos = gridPhotosById(this.db, [...above, ...below].map((i) => table.ids[i]!));
    const scored = (i: number): ScoredPhoto[] => {
      const photo = photos.get(table.ids[i]!);
      return photo ? [{ photo, score: table.scores[i]! }] : [];
    };
    return {
      threshold,
      total: table.scores.length + table.excluded,
      passing,
      excluded: table.excluded,
      justAbove: above.flatMap(scored),
      justBelow: below.flatMap(scored),
      histogram: table.histogram,
    };
  }
}

function scoreTable(index: VectorIndex, proto: PreviewPrototype): ScoreTable {
  const { count, ids, matrix } = index.rows();
  const scores = new Float32Array(count);
  matrix.setQuery(proto.prototype);
  for (let start = 0; start < count; start += CHUNK_ROWS) scores.set(matrix.scoreRows(start, Math.min(CHUNK_ROWS, count - start)), start);
  // As the tagger: a photo at least as close to an exclusion as to the label never gets it.
  const excluded = new Uint8Array(count);
  for (const exclusion of proto.exclusions) {
    matrix.setQuery(exclusion);
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const other = matrix.scoreRows(start, Math.min(CHUNK_ROWS, count - start));
      for (let i = 0; i < other.length; i++) if (other[i]! >= scores[start + i]!) excluded[start + i] = 1;
    }
  }
  const kept = range(0, count).filter((i) => !excluded[i]);
  kept.sort((a, b) => scores[b]! - scores[a]!);
  const sortedScores = Float32Array.from(kept, (i) => scores[i]!);
  return {
    index,
    ids: Int32Array.from(kept, (i) => ids[i]!),
    scores: sortedScores,
    excluded: count - kept.length,
    threshold: proto.threshold,
    histogram: histogram(sortedScores),
  };
}

/** Scores sorted best first: how many are ≥ threshold. */
function countAtLeast(sorted: Float32Array, threshold: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function histogram(sorted: Float32Array): LabelPreview['histogram'] {
  const counts = new Array<number>(BINS).fill(0);
  if (sorted.length === 0) return { min: 0, step: 0, counts };
  const max = sorted[0]!;
  const min = sorted[sorted.length - 1]!;
  // Equal scores (one photo) still fill one bin.
  const step = (max - min) / BINS || 1 / BINS;
  for (const s of sorted) counts[Math.min(BINS - 1, Math.floor((s - min) / step))]!++;
  return { min, step, counts };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
