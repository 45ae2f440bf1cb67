import { describe, expect, it } from 'vitest';
import { PageCache, pagesNear, planFetches } from '../../../renderer/library/page-window.js';

describe('library grid paging', () => {
  it('wants the pages on screen first, then the margin nearest-first, never below page 0', () => {
    expect(pagesNear(500, 900, 240, 1)).toEqual([2, 3, 4, 1]);
    expect(pagesNear(0, 100, 240, 2)).toEqual([0, 1, 2]);
    expect(pagesNear(240, 479, 240, 2)).toEqual([1, 2, 0, 3]);
  });

  it('starts only what is missing, within the in-flight limit, nearest the viewport first', () => {
    const loaded = new Set([3]);
    const plan = planFetches([2, 3, 4, 1], (p) => loaded.has(p), new Set(), 2);
    expect(plan).toEqual({ start: [2, 4], drop: [] });
    // One slot taken by a page still wanted: one more may start.
    expect(planFetches([2, 3, 4, 1], (p) => loaded.has(p), new Set([2]), 2)).toEqual({ start: [4], drop: [] });
  });

  it('drops requests for pages the viewport left, freeing their slots for the pages it reached', () => {
    // A fast scroll from page 5 to page 400: the requests for 5 and 6 would only be a backlog now.
    const plan = planFetches([400, 401, 399], () => false, new Set([5, 6]), 2);
    expect(plan.drop).toEqual([5, 6]);
    expect(plan.start).toEqual([400, 401]);
  });

  it('refetches pages of an older generation (fresh() false) but not ones in flight', () => {
    expect(planFetches([0, 1], () => false, new Set([0]), 4)).toEqual({ start: [1], drop: [] });
  });

  it('keeps at most `capacity` pages, evicting the least recently used but never the ones near the viewport', () => {
    const cache = new PageCache<string>(3);
    cache.set(0, 'a');
    cache.set(1, 'b');
    cache.set(2, 'c');
    cache.touch([0]); // page 0 is on screen again
    cache.set(3, 'd');
    expect([0, 1, 2, 3].map((p) => cache.peek(p))).toEqual(['a', undefined, 'c', 'd']);
    // Everything older is protected: the cache grows past its capacity rather than blank the screen.
    cache.set(4, 'e', new Set([0, 2, 3]));
    expect(cache.size).toBe(4);
    expect(cache.peek(4)).toBe('e');
  });

  it('stays bounded through a scroll over 100,000 photos', () => {
    const cache = new PageCache<number>(40);
    for (let first = 0; first < 100_000; first += 180) {
      const near = pagesNear(first, first + 60, 240, 1);
      cache.touch(near);
      for (const page of near) if (cache.peek(page) === undefined) cache.set(page, page, new Set(near));
    }
    expect(cache.size).toBe(40);
    expect(cache.peek(Math.floor(99_900 / 240))).toBeDefined();
  });
});
