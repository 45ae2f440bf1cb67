import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppUnderTest, CHROMIUM } from './app-under-test.js';

const missing = !fs.existsSync(CHROMIUM) ? `needs Chromium at ${CHROMIUM} (npm run setup:test)` : null;
if (missing) console.warn(`skipping the renderer isolation checks: ${missing}`);

/**
 * Another site on this machine: a different port is a different origin but the same site, so the bridge's
 * SameSite=Strict cookie alone would not keep it out; the Origin check must. It serves one page, and counts every
 * request, so a fetch the app's CSP stopped can be told from one that went out and failed.
 */
class OtherSite {
  requests: string[] = [];
  private readonly server = http.createServer((req, res) => {
    this.requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<!doctype html><title>other</title>');
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The few DOM calls the page-side code makes (the test project compiles without the DOM library). */
interface PageGlobals {
  document: {
    createElement(tag: string): { textContent: string; src: string; setAttribute(name: string, value: string): void };
    body: { append(node: unknown): void };
  };
  setTimeout(code: string, ms: number): void;
  injected?: string;
}

/** What a page's script gets from fetch: the status, or the error that stopped it (passed whole to page.evaluate). */
async function tryFetch([url, init]: readonly [string, RequestInit?]): Promise<string> {
  try {
    return `status ${(await fetch(url, init)).status}`;
  } catch (err) {
    return `refused: ${(err as Error).name}`;
  }
}

describe.skipIf(missing)('the served page cannot reach Node, files or other origins', () => {
  let app: AppUnderTest;
  let other: OtherSite;

  beforeAll(async () => {
    app = await AppUnderTest.start();
    other = await new OtherSite().start();
    await app.page.getByRole('heading', { name: '欢迎使用寻图' }).waitFor();
  });

  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it('has no Node globals', async () => {
    const kinds = await app.page.evaluate(() =>
      Object.fromEntries(['require', 'process', 'module', 'Buffer', 'global'].map((name) => [name, typeof (globalThis as Record<string, unknown>)[name]])),
    );
    expect(kinds).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', global: 'undefined' });
  });

  it('cannot read local files or talk to another origin (connect-src)', async () => {
    expect(await app.page.evaluate(tryFetch, ['file:///etc/passwd'] as const)).toBe('refused: TypeError');
    expect(await app.page.evaluate(tryFetch, [`${other.origin}/exfiltrate`] as const)).toBe('refused: TypeError');
    expect(other.requests).toEqual([]);
    expect(app.pageErrors.join('\n')).toMatch(/connect-src/);
  });

  it('runs no injected inline script, handler or string of code (script-src without unsafe-inline / unsafe-eval)', async () => {
    const result = await app.page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      const { document } = page;
      const script = document.createElement('script');
      script.textContent = 'window.injected = "script"';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.injected = "handler"');
      img.src = 'data:,not-an-image';
      document.body.append(img);
      page.setTimeout('window.injected = "timer string"', 0);
      // DevTools lets the code it evaluates call eval (CDP's allowUnsafeEvalBlockedByCSP): try from a timer, as the
      // page's own code would run.
      return new Promise<{ injected: unknown; attempts: string[] }>((resolve) =>
        setTimeout(() => {
          const attempts: string[] = [];
          for (const run of [() => eval('1 + 1'), () => new Function('return 1')()]) {
            try {
              run();
              attempts.push('ran');
            } catch (err) {
              attempts.push((err as Error).name);
            }
          }
          setTimeout(() => resolve({ injected: page.injected, attempts }), 300);
        }, 0),
      );
    });
    expect(result).toEqual({ injected: undefined, attempts: ['EvalError', 'EvalError'] });
  });

  it("refuses another origin's page the bridge, with the cookie in the same browser", async () => {
    // The same browser context as the app's page: the bridge's cookie is there to be sent.
    const page = await app.page.context().newPage();
    await page.goto(other.origin);
    const bridge = new URL(app.bridge.url).origin;
    const json = { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' } as const;
    expect(await page.evaluate(tryFetch, [`${bridge}/api/app.info`, json] as const)).toBe('refused: TypeError');
    // A "simple" request needs no preflight and reaches the server; the bridge must still refuse it.
    const simple = { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify({ path: path.sep }) } as const;
    await page.evaluate(tryFetch, [`${bridge}/api/roots.add`, simple] as const);
    expect(await app.service.handlers['roots.list']({})).toEqual([]);
    await page.close();
  });
});
