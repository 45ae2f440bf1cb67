import { CONTRACT_ERRORS, type IpcResult, type XuntuBridge } from '../main/common/ipc-contract.js';
import { EVENT_CHANNEL } from '../main/electron/ipc-wire.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * `window.xuntu`: the contract and nothing more. `invoke` sends only the contract's channels (anything else is
 * answered UNKNOWN_CHANNEL without touching IPC), `on` listens only to the contract's events, and neither hands the
 * page an IPC object: listeners get the payload alone, never Electron's event (whose `sender` is ipcRenderer).
 */
export function contractBridge(ipc: RendererIpc, channels: readonly string[], events: readonly string[]): XuntuBridge {
  const knownChannels = new Set(channels);
  const knownEvents = new Set(events);
  return {
    invoke(channel, payload) {
      if (!knownChannels.has(channel)) {
        const refused: IpcResult<never> = { ok: false, code: CONTRACT_ERRORS.UNKNOWN_CHANNEL, message: `no channel ${String(channel).slice(0, 100)}` };
        return Promise.resolve(refused);
      }
      return ipc.invoke(channel, payload) as Promise<IpcResult<unknown>>;
    },
    on(event, callback) {
      if (!knownEvents.has(event)) throw new Error(`no event ${String(event).slice(0, 100)}`);
      if (typeof callback !== 'function') throw new Error('on() needs a callback');
      const listener = (_event: unknown, name: unknown, payload: unknown) => {
        if (name === event) callback(payload);
      };
      ipc.on(EVENT_CHANNEL, listener);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, listener);
      };
    },
  };
}
