import type { XuntuBridge } from '../../main/common/ipc-contract.js';
import { createApi, type Api } from './api.js';
import { bridgeTransport } from './bridge-transport.js';
import { electronTransport } from './electron-transport.js';

export type { Api } from './api.js';
export { ApiError } from './api-error.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent when the page is served by `xuntu serve`. */
    xuntu?: XuntuBridge;
  }
}

/** The one client the components use: Electron's preload when the page runs in the app, else the loopback bridge. */
export const api: Api = createApi(
  window.xuntu
    ? electronTransport(window.xuntu)
    : bridgeTransport({ fetch: (url, init) => window.fetch(url, init), EventSource: window.EventSource }),
);
