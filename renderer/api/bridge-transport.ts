import type { AppEvent, IpcResult } from '../../main/common/ipc-contract.js';
import { mediaPath, type Transport } from './transport.js';

/** What the bridge transport needs of the browser, so it can also be driven from Node in tests. */
export interface BridgeEnv {
  fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string; credentials: 'same-origin'; signal?: AbortSignal },
  ) => Promise<{
    status: number;
    json(): Promise<unknown>;
  }>;
  /** The browser's EventSource; absent where no events are wanted. */
  EventSource?: new (url: string) => EventSourceLike;
  /** '' in the page itself (same origin); 'http://127.0.0.1:PORT' from outside. */
  baseUrl?: string;
  /** Only outside a browser: the browser authenticates with the HttpOnly cookie the bridge set on the first load. */
  token?: string;
}

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  removeEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

/**
 * The loopback bridge (`xuntu serve`): POST /api/<channel> with a JSON body, one EventSource on /events for pushes,
 * thumbnails under /media/. Each call answers the contract's envelope whatever the HTTP status.
 */
export function bridgeTransport(env: BridgeEnv): Transport {
  const base = env.baseUrl ?? '';
  let source: EventSourceLike | undefined;
  let listeners = 0;

  return {
    name: 'bridge',
    async invoke(channel, payload, signal) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (env.token !== undefined) headers.authorization = `Bearer ${env.token}`;
      try {
        const response = await env.fetch(`${base}/api/${channel}`, {
          method: 'POST', headers, body: JSON.stringify(payload ?? {}), credentials: 'same-origin', signal,
        });
        return (await response.json()) as IpcResult<unknown>;
      } catch (err) {
        // Cancelled by the caller: not the server's fault; api.ts rejects with the abort reason.
        if (signal?.aborted) return { ok: false, code: 'ABORTED', message: 'aborted' };
        // The server is gone (`xuntu serve` stopped) or answered something that is not the envelope.
        return { ok: false, code: 'BRIDGE_UNREACHABLE', message: err instanceof Error ? err.message : String(err) };
      }
    },
    on(event: AppEvent, callback) {
      if (!env.EventSource) return () => {};
      // One connection for every subscription: browsers allow only six per origin over HTTP/1.1.
      source ??= new env.EventSource(`${base}/events`);
      const listener = (e: { data: string }) => callback(JSON.parse(e.data));
      source.addEventListener(event, listener);
      listeners++;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        source?.removeEventListener(event, listener);
        if (--listeners === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
    mediaUrl: (kind, hash) => `${base}/media/${mediaPath(kind, hash)}`,
  };
}
