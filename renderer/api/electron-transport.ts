import type { MediaScheme, XuntuBridge } from '../../main/common/ipc-contract.js';
import { mediaPath, type Transport } from './transport.js';

const SCHEME: MediaScheme = 'xuntu-media';

/** The preload's `window.xuntu` (contextBridge): already the contract's invoke/on, with thumbnails on a custom scheme. */
export function electronTransport(preload: XuntuBridge): Transport {
  return {
    name: 'electron',
    invoke: (channel, payload) => preload.invoke(channel, payload),
    on: (event, callback) => preload.on(event, callback),
    mediaUrl: (kind, hash) => `${SCHEME}://${mediaPath(kind, hash)}`,
  };
}
