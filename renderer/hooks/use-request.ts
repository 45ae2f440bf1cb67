import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/index.js';

export interface RequestState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Runs the request again, keeping the current data on screen until the answer comes. */
  reload(): void;
}

/**
 * Runs `load` when `key` changes and on reload(); an answer that arrives after a newer request started is dropped,
 * so fast typing never shows stale results.
 */
export function useRequest<T>(load: (() => Promise<T>) | null, key: string): RequestState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: load !== null,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const run = loadRef.current;
    if (!run) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => id === latest.current && setState({ data, error: undefined, loading: false }),
      (err: unknown) => {
        if (id !== latest.current) return;
        const error = err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
        setState({ data: undefined, error, loading: false });
      },
    );
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
