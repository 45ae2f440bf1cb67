import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, channels, type Channel } from '../../../main/common/ipc-contract.js';
import { BridgeHarness } from './bridge-harness.js';

let h: BridgeHarness;
beforeAll(async () => {
  h = await BridgeHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('the bridge lets only this machine, with the run token, in', () => {
  it('binds 127.0.0.1 and prints the token in the URL only', () => {
    expect(h.bridge.url).toBe(`http://127.0.0.1:${h.bridge.port}/?token=${h.bridge.token}`);
    expect(h.bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a request without a token or with a wrong one', async () => {
    const wrong: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${h.bridge.token}x` }, { cookie: `xuntu-${h.bridge.port}=nope` }];
    for (const auth of wrong) {
      const r = await h.raw('POST', '/api/app.info', { 'content-type': 'application/json', ...auth }, '{}');
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ ok: false, code: 'BAD_TOKEN' });
    }
    for (const p of ['/events', '/media/grid/' + 'a'.repeat(64) + '.webp', '/']) expect((await h.raw('GET', p)).status).toBe(401);
  });

  it('refuses Host headers other than the loopback address (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${h.bridge.port}`, `127.0.0.1:${h.bridge.port + 1}`, `192.168.1.2:${h.bridge.port}`, `localhost.evil.example:${h.bridge.port}`]) {
      const r = await h.raw('POST', '/api/app.info', { 'content-type': 'application/json', ...h.auth, host }, '{}');
      expect(r.status, host).toBe(403);
      expect(r.json()).toMatchObject({ code: 'BAD_HOST' });
    }
    const login = await h.raw('GET', `/?token=${h.bridge.token}`, { host: 'rebound.example' });
    expect(login.status).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
  });

  it('refuses other sites\' pages (Origin), even with the token', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${h.bridge.port + 1}`, `https://127.0.0.1:${h.bridge.port}`]) {
      const r = await h.post('app.info', '{}', { origin });
      expect(r.status, origin).toBe(403);
      expect(r.json()).toMatchObject({ code: 'BAD_ORIGIN' });
    }
    expect((await h.post('app.info', '{}', { origin: `http://localhost:${h.bridge.port}` })).status).toBe(200);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie, then answers the page by cookie alone', async () => {
    expect((await h.raw('GET', '/?token=wrong')).status).toBe(401);
    const login = await h.raw('GET', `/?token=${h.bridge.token}`);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = login.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const r = await h.raw('POST', '/api/app.info', { 'content-type': 'application/json', cookie: pair }, '{}');
    expect(r.json()).toMatchObject({ ok: true, value: { version: '0.0.0-test', features: { showInFolder: false, pickFolder: false } } });
  });

  it('sends a strict CSP and no-sniff on every answer', async () => {
    for (const r of [await h.post('app.info', '{}'), await h.raw('GET', '/')]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['content-security-policy']).toContain("img-src 'self' data:");
      expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('takes only JSON POSTs (a cross-site form cannot send one without a preflight)', async () => {
    expect((await h.raw('GET', '/api/app.info', h.auth)).status).toBe(405);
    expect((await h.post('app.info', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await h.post('app.info', '{', {})).json()).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((await h.post('app.info', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);
    const unknown = await h.post('fs.delete', '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect((await h.post('__proto__', '{}')).json()).toMatchObject({ code: 'UNKNOWN_CHANNEL' });
  });

  it('answers shell.showInFolder and dialog.pickFolder with NOT_AVAILABLE (Electron only)', async () => {
    expect(await h.call('shell.showInFolder', { id: 1 })).toMatchObject({ ok: false, code: 'NOT_AVAILABLE' });
    expect(await h.call('dialog.pickFolder', {})).toMatchObject({ ok: false, code: 'NOT_AVAILABLE' });
  });
});

describe('every payload is validated before anything runs', () => {
  it('refuses a malformed roots.add and adds nothing', async () => {
    for (const body of [{ path: 5 }, { path: 'relative/folder' }, { path: h.work, extra: true }, { path: ['/tmp'] }, [], null, 'x', { path: '/tmp\0/x' }]) {
      const r = await h.post('roots.add', JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json()).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    expect(await h.value('roots.list')).toEqual([]);
  });

  it('refuses, for every channel, exactly the random payloads its schema refuses, with no side effects', async () => {
    const before = { settings: await h.value('settings.get'), roots: await h.value('roots.list'), index: await h.value('index.status') };
    const payloadFor = (channel: Channel) => {
      const keys = Object.keys(channels[channel].request.shape);
      return fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), fc.jsonValue(), { maxKeys: 4 }));
    };
    let refused = 0;
    for (const channel of CHANNELS) {
      await fc.assert(
        fc.asyncProperty(payloadFor(channel), async (payload) => {
          fc.pre(!channels[channel].request.safeParse(payload).success);
          const r = await h.post(channel, JSON.stringify(payload));
          expect(r.status).toBe(400);
          expect(r.json()).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
          refused++;
        }),
        { numRuns: 25 },
      );
    }
    expect(refused).toBeGreaterThan(CHANNELS.length * 10);
    expect({ settings: await h.value('settings.get'), roots: await h.value('roots.list'), index: await h.value('index.status') }).toEqual(before);
  });
});
