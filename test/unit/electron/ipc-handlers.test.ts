import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, type IpcResult } from '../../../main/common/ipc-contract.js';
import { AppService } from '../../../main/core/app/app-service.js';
import { FORBIDDEN, forwardEvents, isTrustedSender, registerIpcHandlers, type InvokeEvent, type InvokeRegistrar } from '../../../main/electron/ipc-handlers.js';
import { EVENT_CHANNEL } from '../../../main/electron/ipc-wire.js';

const OUR_ID = 7;
const ours = (id: number) => id === OUR_ID;
const appFrame = (url = 'app://xuntu/index.html', parent: unknown = null): InvokeEvent => ({ sender: { id: OUR_ID }, senderFrame: { url, parent } });

describe('IPC sender check', () => {
  it("answers the top frame of our window on the app's origin", () => {
    expect(isTrustedSender(appFrame(), ours)).toBe(true);
  });

  it('refuses other origins, sub-frames, gone frames and other webContents', () => {
    expect(isTrustedSender(appFrame('https://evil.example/'), ours)).toBe(false);
    expect(isTrustedSender(appFrame('file:///home/me/evil.html'), ours)).toBe(false);
    expect(isTrustedSender(appFrame('app://xuntu.evil/index.html'), ours)).toBe(false);
    expect(isTrustedSender(appFrame('app://xuntu/index.html', { url: 'app://xuntu/index.html' }), ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: OUR_ID }, senderFrame: null }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: { url: 'app://xuntu/index.html', parent: null } }, ours)).toBe(false);
  });
});

describe('IPC handler registration', () => {
  let tmp: string;
  let service: AppService;
  const handlers = new Map<string, Parameters<InvokeRegistrar['handle']>[1]>();
  const registered: string[] = [];

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-ipc-'));
    service = new AppService({ libraryDir: path.join(tmp, 'library'), modelsDir: path.join(tmp, 'models'), version: '0.0.0-test', defaultLanguage: 'en' });
    // A plain recorder of ipcMain.handle calls.
    registerIpcHandlers(
      {
        handle: (channel, listener) => {
          registered.push(channel);
          handlers.set(channel, listener);
        },
      },
      service,
      ours,
    );
  });
  afterAll(async () => {
    await service?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('registers every contract channel exactly once, and nothing else', () => {
    expect([...registered].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers a trusted frame through the contract', async () => {
    const result = (await handlers.get('settings.get')!(appFrame(), {})) as IpcResult<{ language: string }>;
    expect(result).toMatchObject({ ok: true, value: { language: 'en' } });
  });

  it("validates payloads with the channel's schema before the core runs", async () => {
    expect(await handlers.get('library.photos')!(appFrame(), { offset: -1, limit: 10 })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await handlers.get('settings.set')!(appFrame(), { language: 'fr' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await handlers.get('roots.add')!(appFrame(), { path: 'relative/dir' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await handlers.get('app.info')!(appFrame(), { extra: true })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    // Nothing was changed by the refused settings.set.
    expect(await handlers.get('settings.get')!(appFrame(), {})).toMatchObject({ ok: true, value: { language: 'en' } });
  });

  it('refuses a foreign frame without running anything', async () => {
    expect(await handlers.get('settings.set')!(appFrame('https://evil.example/'), { language: 'zh-CN' })).toEqual(FORBIDDEN);
    expect(await handlers.get('settings.get')!(appFrame(), {})).toMatchObject({ ok: true, value: { language: 'en' } });
  });

  it('forwards every service event to live windows on the one event channel', () => {
    const sent: unknown[][] = [];
    const live = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => false };
    const gone = { send: () => expect.unreachable('sent to a destroyed window'), isDestroyed: () => true };
    const stop = forwardEvents(service, () => [live, gone]);
    service.events.emit('library.changed', { what: 'roots' });
    stop();
    service.events.emit('library.changed', { what: 'photos' });
    expect(sent).toEqual([[EVENT_CHANNEL, 'library.changed', { what: 'roots' }]]);
    expect(EVENTS).toContain('library.changed');
  });
});
