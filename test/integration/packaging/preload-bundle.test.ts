import fs from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS } from '../../../main/common/ipc-contract.js';
import { EVENT_CHANNEL } from '../../../main/electron/ipc-wire.js';
import { PRELOAD_FILE } from '../../../main/electron/app-paths.js';
import { buildElectronBundles } from './build-electron-bundles.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Runs the built preload the way a sandboxed renderer does: a fresh global, `require` offering only 'electron'. */
function loadPreload(code: string) {
  const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
  const invoked: unknown[][] = [];
  const listeners: { channel: string; listener: Listener }[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'from main' });
      },
      on: (channel: string, listener: Listener) => listeners.push({ channel, listener }),
      removeListener: (channel: string, listener: Listener) => {
        const i = listeners.findIndex((l) => l.channel === channel && l.listener === listener);
        if (i >= 0) listeners.splice(i, 1);
      },
    },
  };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  const run = vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {}) as (...args: unknown[]) => void;
  run(require, module, module.exports);
  return { exposed, invoked, listeners, required };
}

describe('the preload bundle', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = await buildElectronBundles();
    code = await fs.readFile(path.join(outDir, path.relative('out', PRELOAD_FILE)), 'utf8');
  });
  afterAll(() => fs.rm(outDir, { recursive: true, force: true }));

  it('is small and carries no zod: the contract arrives as its channel and event names', () => {
    expect(Buffer.byteLength(code)).toBeLessThan(8 * 1024);
    expect(code).not.toMatch(/zod|safeParse|ZodError/i);
    for (const channel of CHANNELS) expect(code).toContain(JSON.stringify(channel));
  });

  it('exposes window.xuntu with invoke and on, nothing else, and requires only electron', () => {
    const { exposed, required } = loadPreload(code);
    expect([...exposed.keys()]).toEqual(['xuntu']);
    expect(Object.keys(exposed.get('xuntu')!).sort()).toEqual(['invoke', 'on']);
    expect(required).toEqual(['electron']);
  });

  it('passes every contract channel to ipcRenderer.invoke with its payload', async () => {
    const { exposed, invoked } = loadPreload(code);
    for (const channel of CHANNELS) expect(await exposed.get('xuntu')!.invoke!(channel, { n: 1 })).toEqual({ ok: true, value: 'from main' });
    expect(invoked).toEqual(CHANNELS.map((channel) => [channel, { n: 1 }]));
  });

  it('refuses channels outside the contract without touching IPC', async () => {
    const { exposed, invoked } = loadPreload(code);
    for (const channel of ['ELECTRON_BROWSER_WINDOW_CLOSE', 'xuntu:event', '__proto__', 'constructor', 'toString', 'app.info ', '', 42, null]) {
      expect(await exposed.get('xuntu')!.invoke!(channel, {}), String(channel)).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
    }
    expect(invoked).toEqual([]);
  });

  it('delivers only the subscribed event, as its payload alone, until unsubscribed', () => {
    const { exposed, listeners } = loadPreload(code);
    const got: unknown[][] = [];
    const off = exposed.get('xuntu')!.on!('index.progress', (...args: unknown[]) => got.push(args)) as () => void;
    expect(listeners.map((l) => l.channel)).toEqual([EVENT_CHANNEL]);
    const ipcEvent = { sender: 'ipcRenderer itself' };
    listeners[0]!.listener(ipcEvent, 'index.progress', { done: 1 });
    listeners[0]!.listener(ipcEvent, 'library.changed', { what: 'photos' });
    expect(got).toEqual([[{ done: 1 }]]);
    off();
    expect(listeners).toEqual([]);
  });

  it('listens to contract events only', () => {
    const { exposed, listeners } = loadPreload(code);
    for (const event of EVENTS) exposed.get('xuntu')!.on!(event, () => {});
    expect(listeners).toHaveLength(EVENTS.length);
    for (const event of ['ELECTRON_RENDERER_CONTEXT_MENU', 'xuntu:event', '__proto__']) {
      expect(() => exposed.get('xuntu')!.on!(event, () => {}), event).toThrow(/no event/);
    }
    expect(listeners).toHaveLength(EVENTS.length);
  });
});
