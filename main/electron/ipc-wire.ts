/**
 * How the contract travels over Electron IPC, shared by the main process and the preload (which bundles this file).
 * Requests use the contract's channel names verbatim, one `ipcMain.handle` each; every push rides one channel as
 * (event name, payload), so the preload needs one listener type and no per-event wiring.
 */
export const EVENT_CHANNEL = 'xuntu:event';
