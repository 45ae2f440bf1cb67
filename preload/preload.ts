import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENTS } from '../main/common/ipc-contract.js';
import { contractBridge } from './contract-bridge.js';

/**
 * The sandboxed preload. scripts/build-electron.mjs bundles it into out/preload/preload.cjs and replaces the
 * contract module with its plain-data exports (the channel and event names, the error codes), so the page's
 * one door to the main process is built from the contract itself without zod in the bundle.
 */
contextBridge.exposeInMainWorld('xuntu', contractBridge(ipcRenderer, CHANNELS, EVENTS));
