/**
 * The paging rules behind the library grid, free of React and the API so they can be tested alone: which pages the
 * viewport needs, which requests to start or drop, and a bounded cache of what came back.
 */

export interface PageSpan {
  first: number;
  last: number;
}

/**
 * Pages covering positions `first`..`last`, plus `margin` pages either side (so a short scroll finds them loaded),
 * nearest the viewport first: that is the order they are fetched in when only a few may be in flight.
 */
export function pagesNear(first: number, last: number, pageSize: number, margin: number): number[] {
  const top = Math.floor(first / pageSize);
  const bottom = Math.floor(last / pageSize);
  const pages: number[] = [];
  for (let page = top; page <= bottom; page++) pages.push(page);
  for (let step = 1; step <= margin; step++) {
    pages.push(bottom + step);
    if (top - step >= 0) pages.push(top - step);
  }
  return pages;
}

export interface FetchPlan {
  /** Pages to request now, in order, within the in-flight limit. */
  start: number[];
  /** Requests to abort: their pages left the viewport's neighbourhood, so their answers would only be thrown away. */
  drop: number[];
}

/**
 * What to do when the wanted pages change or a request ends. `fresh(page)` says whether the page is loaded in the
 * current generation; `inFlight` are the pages being requested now.
 */
export function planFetches(wanted: readonly number[], fresh: (page: number) => boolean, inFlight: ReadonlySet<number>, limit: number): FetchPlan {
  const near = new Set(wanted);
  const drop = [...inFlight].filter((page) => !near.has(page));
  let slots = limit - (inFlight.size - drop.length);
  const start: number[] = [];
  for (const page of wanted) {
    if (slots <= 0) break;
    if (inFlight.has(page) || fresh(page)) continue;
    start.push(page);
    slots--;
  }
  return { start, drop };
}

/**
 * Loaded pages, least recently used evicted first once there are more than `capacity`, so scrolling through 100,000
 * photos keeps a few thousand in memory. `keep` protects the pages on screen from eviction.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, T>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.pages.size;
  }

  /** Reads without counting as a use: the grid reads every visible tile on every render. */
  peek(page: number): T | undefined {
    return this.pages.get(page);
  }

  /** Marks pages as just used (the ones near the viewport); the first given counts as the most recent. */
  touch(pages: readonly number[]): void {
    for (const page of [...pages].reverse()) {
      const value = this.pages.get(page);
      if (value === undefined) continue;
      this.pages.delete(page);
      this.pages.set(page, value);
    }
  }

  set(page: number, value: T, keep: ReadonlySet<number> = new Set()): void {
    this.pages.delete(page);
    this.pages.set(page, value);
    // Map iteration is insertion order: the first keys are the least recently used.
    for (const old of this.pages.keys()) {
      if (this.pages.size <= this.capacity) break;
      if (old !== page && !keep.has(old)) this.pages.delete(old);
    }
  }
}
