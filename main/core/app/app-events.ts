import type { AppEvent, AppEvents } from '../../common/ipc-contract.js';

export type EventSink = <E extends AppEvent>(event: E, payload: AppEvents[E]) => void;

/** The service's pushes, fanned out to every transport listening (Electron windows, bridge SSE clients). */
export class AppEventHub {
  private readonly listeners = new Set<(event: AppEvent, payload: unknown) => void>();

  readonly emit: EventSink = (event, payload) => {
    for (const listener of this.listeners) listener(event, payload);
  };

  /** Every event, for transports that forward them all; returns the unsubscribe. */
  subscribe(listener: (event: AppEvent, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Calls `fn` at most once per `ms`, always with the latest arguments, and never drops the last call: a pending one
 * runs when the interval ends. `flush` runs a pending call now (state changes must not wait).
 */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let last = 0;
  let pending: A | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const args = pending;
    pending = undefined;
    last = Date.now();
    fn(...args);
  };
  const call = (...args: A) => {
    pending = args;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer ??= setTimeout(run, wait);
  };
  return Object.assign(call, { flush: run, cancel: () => { clearTimeout(timer); timer = undefined; pending = undefined; } });
}
