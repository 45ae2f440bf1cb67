import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../renderer/api/api.js';
import { ApiError } from '../../../renderer/api/api-error.js';
import { bridgeTransport } from '../../../renderer/api/bridge-transport.js';
import { BridgeHarness } from './bridge-harness.js';

let h: BridgeHarness;
beforeAll(async () => {
  h = await BridgeHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe("the renderer's client over the bridge", () => {
  it('invokes channels and unwraps their values', async () => {
    const api = createApi(bridgeTransport({ fetch, baseUrl: `http://${h.host}`, token: h.bridge.token }));
    expect(api.transport).toBe('bridge');
    expect((await api.invoke('app.info')).version).toBe('0.0.0-test');
    expect(await api.invoke('settings.set', { language: 'zh-CN', threads: 2 })).toEqual({ language: 'zh-CN', threads: 2, provider: 'auto' });
    expect(await api.invoke('settings.get')).toMatchObject({ language: 'zh-CN' });
    expect(api.mediaUrl('grid', 'abc')).toBe(`http://${h.host}/media/grid/abc.webp`);
  });

  it('rejects with ApiError carrying the stable code, in the chosen language', async () => {
    const api = createApi(bridgeTransport({ fetch, baseUrl: `http://${h.host}`, token: h.bridge.token }));
    await api.invoke('settings.set', { language: 'en' });
    const noModel = await api.invoke('search.text', { text: '红色' }).catch((e: unknown) => e);
    expect(noModel).toBeInstanceOf(ApiError);
    expect(noModel).toMatchObject({ code: 'NO_ACTIVE_MODEL' });
    const invalid = await api.invoke('library.photos', { offset: -1, limit: 10 }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('reports a wrong token and a stopped server as errors, not crashes', async () => {
    const wrong = createApi(bridgeTransport({ fetch, baseUrl: `http://${h.host}`, token: 'nope' }));
    await expect(wrong.invoke('app.info')).rejects.toMatchObject({ code: 'BAD_TOKEN' });
    const gone = createApi(bridgeTransport({ fetch, baseUrl: 'http://127.0.0.1:1', token: 'x' }));
    await expect(gone.invoke('app.info')).rejects.toMatchObject({ code: 'BRIDGE_UNREACHABLE' });
  });
});
