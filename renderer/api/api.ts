import type { AppEvent, AppEvents, Channel, RequestOf, ResponseOf, ThumbnailKind } from '../../main/common/ipc-contract.js';
import { ApiError } from './api-error.js';
import type { Transport } from './transport.js';

export interface InvokeOptions {
  /** Aborting rejects the call at once with the signal's reason (an AbortError) and, on the bridge, cancels the
   *  HTTP request; Electron's IPC cannot be cancelled, so there its answer is only dropped. */
  signal?: AbortSignal;
}

/** Channels whose request has no required field may be called without one. */
type RequestArgs<C extends Channel> = {} extends RequestOf<C>
  ? [request?: RequestOf<C>, options?: InvokeOptions]
  : [request: RequestOf<C>, options?: InvokeOptions];

export interface Api {
  readonly transport: Transport['name'];
  /** Resolves to the channel's response; rejects with ApiError (a stable `code`) when the core refuses or fails. */
  invoke<C extends Channel>(channel: C, ...request: RequestArgs<C>): Promise<ResponseOf<C>>;
  /** Subscribes to a push; returns the unsubscribe function (call it in the effect's cleanup). */
  on<E extends AppEvent>(event: E, callback: (payload: AppEvents[E]) => void): () => void;
  /** The URL of a photo's thumbnail ('grid', 256 px short side) or preview (1280 px long side), by content hash. */
  mediaUrl(kind: ThumbnailKind, hash: string): string;
}

export function createApi(transport: Transport): Api {
  return {
    transport: transport.name,
    async invoke(channel, ...[request, options]) {
      const signal = options?.signal;
      signal?.throwIfAborted();
      const call = transport.invoke(channel, request ?? {}, signal);
      const result = signal ? await abortable(call, signal) : await call;
      if (!result.ok) throw new ApiError(result);
      return result.value as never;
    },
    on: (event, callback) => transport.on(event, callback as (payload: unknown) => void),
    mediaUrl: (kind, hash) => transport.mediaUrl(kind, hash),
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it is aborted. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
