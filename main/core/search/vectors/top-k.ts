/**
 * The best `limit` (score, id) pairs of a stream, in a bounded min-heap: O(n log k) with the common case, a score
 * below the current floor, costing one comparison and no heap work. Ties go to the lower id, so results do not
 * depend on row order (rows move on removal).
 */
export class TopK {
  /** The score a new pair must reach to have a chance; −∞ until the heap is full. */
  floor: number;
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;

  constructor(readonly limit: number) {
    this.scores = new Float64Array(limit);
    this.ids = new Int32Array(limit);
    this.floor = limit === 0 ? Infinity : -Infinity;
  }

  get length(): number {
    return this.size;
  }

  push(score: number, id: number): void {
    if (this.size < this.limit) {
      this.siftUp(this.size++, score, id);
      if (this.size === this.limit) this.floor = this.scores[0]!;
      return;
    }
    if (!this.worse(this.scores[0]!, this.ids[0]!, score, id)) return;
    this.siftDown(score, id);
    this.floor = this.scores[0]!;
  }

  /** Best first; empties the heap. */
  drain(): { scores: Float64Array; ids: Int32Array } {
    const n = this.size;
    const scores = new Float64Array(n);
    const ids = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) {
      scores[i] = this.scores[0]!;
      ids[i] = this.ids[0]!;
      const last = --this.size;
      if (last > 0) this.siftDown(this.scores[last]!, this.ids[last]!);
    }
    this.floor = this.limit === 0 ? Infinity : -Infinity;
    return { scores, ids };
  }

  /** Whether (s1, id1) ranks below (s2, id2). */
  private worse(s1: number, id1: number, s2: number, id2: number): boolean {
    return s1 < s2 || (s1 === s2 && id1 > id2);
  }

  private siftUp(i: number, score: number, id: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(score, id, this.scores[parent]!, this.ids[parent]!)) break;
      this.scores[i] = this.scores[parent]!;
      this.ids[i] = this.ids[parent]!;
      i = parent;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  /** Places (score, id) at the root's position and restores the heap below it. */
  private siftDown(score: number, id: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.worse(this.scores[right]!, this.ids[right]!, this.scores[child]!, this.ids[child]!)) child = right;
      if (!this.worse(this.scores[child]!, this.ids[child]!, score, id)) break;
      this.scores[i] = this.scores[child]!;
      this.ids[i] = this.ids[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }
}
