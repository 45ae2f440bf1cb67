import { useCallback, useMemo, useRef, useState } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';

const PAGE = 240;

export interface PhotoPages {
  photo(position: number): GridPhoto | undefined;
  /** Asks for the photos between two positions (inclusive); pages already fetched in this generation are kept. */
  want(first: number, last: number): void;
  /** The library changed: fetch again what is asked for next, showing the old photos until then. */
  invalidate(): void;
  /** Every photo between two positions, fetching what is missing (for a Shift-click range). */
  range(first: number, last: number): Promise<GridPhoto[]>;
}

/**
 * The grid's window onto `library.photos`: fixed pages fetched as they scroll into view, so a 100,000-photo library
 * costs only what is on screen. A page is fetched once per generation; a change bumps the generation.
 */
export function usePhotoPages(): PhotoPages {
  const pages = useRef(new Map<number, { generation: number; photos: GridPhoto[] }>());
  const inFlight = useRef(new Set<string>());
  const generation = useRef(0);
  const [, setVersion] = useState(0);

  const fetchPage = useCallback(async (page: number) => {
    const gen = generation.current;
    const key = `${gen}:${page}`;
    if (inFlight.current.has(key)) return;
    inFlight.current.add(key);
    try {
      const result = await api.invoke('library.photos', { offset: page * PAGE, limit: PAGE });
      if (gen !== generation.current) return;
      pages.current.set(page, { generation: gen, photos: result.photos });
      setVersion((v) => v + 1);
    } finally {
      inFlight.current.delete(key);
    }
  }, []);

  const want = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
        if (pages.current.get(page)?.generation !== generation.current) void fetchPage(page);
      }
    },
    [fetchPage],
  );

  const photo = useCallback((position: number) => pages.current.get(Math.floor(position / PAGE))?.photos[position % PAGE], []);

  const invalidate = useCallback(() => {
    generation.current++;
    setVersion((v) => v + 1);
  }, []);

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
