import type { AppEvent, Channel, IpcResult, ThumbnailKind } from '../../main/common/ipc-contract.js';

/** How the client reaches the core: the Electron preload or the loopback bridge. Untyped; api.ts adds the types. */
export interface Transport {
  readonly name: 'electron' | 'bridge';
  /** `signal` cancels the request where the host can (the bridge's fetch). */
  invoke(channel: Channel, payload: unknown, signal?: AbortSignal): Promise<IpcResult<unknown>>;
  on(event: AppEvent, callback: (payload: unknown) => void): () => void;
  mediaUrl(kind: ThumbnailKind, hash: string): string;
}

/** '<kind>/<hash>.webp', the path both hosts serve thumbnails under (parsed by main/core/serve/media-path.ts). */
export function mediaPath(kind: ThumbnailKind, hash: string): string {
  return `${kind}/${encodeURIComponent(hash)}.webp`;
}
