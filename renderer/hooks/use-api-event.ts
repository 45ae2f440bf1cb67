import { useEffect, useRef } from 'react';
import type { AppEvent, AppEvents } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';

/** Subscribes for the component's lifetime; the latest callback is always the one called. */
export function useApiEvent<E extends AppEvent>(event: E, callback: (payload: AppEvents[E]) => void): void {
  const ref = useRef(callback);
  ref.current = callback;
  useEffect(() => api.on(event, (payload) => ref.current(payload)), [event]);
}
