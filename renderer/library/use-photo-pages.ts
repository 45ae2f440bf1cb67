import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { PageCache, pagesNear, planFetches } from './page-window.js';

const PAGE = 240;
/** Pages fetched beyond the viewport either way, so a wheel flick finds its photos loaded. */
const MARGIN = 1;
/** At most this many `library.photos` calls at once: the core answers them one after another anyway. */
const IN_FLIGHT = 2;
/** The range must hold still this long before the pages it passed are asked for (a first range is asked at once). */
const SETTLE_MS = 90;
/** About 9,600 photos kept: a few screens back and forth stay instant, memory stays flat at 100,000. */
const CACHED_PAGES = 40;

export interface PhotoPages {
  photo(position: number): GridPhoto | undefined;
  /** The viewport shows the photos between two positions (inclusive); pages near them are fetched once it settles. */
  want(first: number, last: number): void;
  /** The library changed: fetch again what is on screen, showing the old photos until then. */
  invalidate(): void;
  /** Every photo between two positions, fetching what is missing (for a Shift-click range). */
  range(first: number, last: number): Promise<GridPhoto[]>;
}

interface LoadedPage {
  generation: number;
  photos: GridPhoto[];
}

/**
 * The grid's window onto `library.photos`: fixed pages near the viewport, so a 100,000-photo library costs only
 * what is on screen. A fast scroll asks for nothing until it slows down, and a request whose page has left the
 * neighbourhood is aborted, so the core is never left answering a backlog (a search typed next would wait behind it).
 * A change bumps the generation: pages are fetched again, the old ones shown meanwhile.
 */
export function usePhotoPages(): PhotoPages {
  const cache = useRef(new PageCache<LoadedPage>(CACHED_PAGES));
  const inFlight = useRef(new Map<number, AbortController>());
  const wanted = useRef<number[]>([]);
  const generation = useRef(0);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastWant = useRef(-Infinity);
  const [, setVersion] = useState(0);

  /** Drops requests for pages no longer near the viewport and, unless a scroll is still settling, starts the next. */
  const pump = useCallback(() => {
    const gen = generation.current;
    const plan = planFetches(wanted.current, (page) => cache.current.peek(page)?.generation === gen, new Set(inFlight.current.keys()), IN_FLIGHT);
    for (const page of plan.drop) {
      inFlight.current.get(page)?.abort();
      inFlight.current.delete(page);
    }
    if (settle.current !== undefined) return;
    for (const page of plan.start) {
      const controller = new AbortController();
      inFlight.current.set(page, controller);
      api.invoke('library.photos', { offset: page * PAGE, limit: PAGE }, { signal: controller.signal }).then(
        (result) => {
          if (controller.signal.aborted) return;
          inFlight.current.delete(page);
          cache.current.set(page, { generation: gen, photos: result.photos }, new Set(wanted.current));
          setVersion((v) => v + 1);
          pump();
        },
        () => {
          // Aborted (already forgotten) or failed: the page stays a placeholder until the viewport asks again.
          if (inFlight.current.get(page) === controller) inFlight.current.delete(page);
        },
      );
    }
  }, []);

  const want = useCallback(
    (first: number, last: number) => {
      wanted.current = pagesNear(first, last, PAGE, MARGIN);
      cache.current.touch(wanted.current);
      // Leading edge: a range after a pause (the first screen, a click on the scrubber) is fetched at once;
      // trailing edge: during a fast scroll only the range it stops at.
      const now = performance.now();
      const quiet = now - lastWant.current > SETTLE_MS;
      lastWant.current = now;
      clearTimeout(settle.current);
      settle.current = quiet
        ? undefined
        : setTimeout(() => {
            settle.current = undefined;
            pump();
          }, SETTLE_MS);
      // Either way requests for pages already passed are dropped now, not when the scroll ends.
      pump();
    },
    [pump],
  );

  const photo = useCallback((position: number) => cache.current.peek(Math.floor(position / PAGE))?.photos[position % PAGE], []);

  const abortAll = useCallback(() => {
    for (const controller of inFlight.current.values()) controller.abort();
    inFlight.current.clear();
  }, []);

  const invalidate = useCallback(() => {
    generation.current++;
    abortAll();
    pump();
    setVersion((v) => v + 1);
  }, [pump, abortAll]);

  // Leaving the library drops whatever it was still waiting for, so the next view's calls go first.
  useEffect(
    () => () => {
      clearTimeout(settle.current);
      abortAll();
    },
    [abortAll],
  );

  const range = useCallback(async (first: number, last: number) => {
    const out: GridPhoto[] = [];
    for (let offset = first; offset <= last; offset += 2000) {
      const { photos } = await api.invoke('library.photos', { offset, limit: Math.min(2000, last - offset + 1) });
      out.push(...photos);
    }
    return out;
  }, []);

  return useMemo(() => ({ photo, want, invalidate, range }), [photo, want, invalidate, range]);
}
