import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness } from './bridge-harness.js';

let h: BridgeHarness;
let site: string;

beforeAll(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-site-'));
  const ui = path.join(site, 'renderer');
  fs.mkdirSync(path.join(ui, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(ui, 'assets', 'app.js'), 'export {};');
  fs.writeFileSync(path.join(site, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(site, 'secret.txt'), path.join(ui, 'assets', 'linked.js'));
  h = await BridgeHarness.start({ staticDir: ui });
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(site, { recursive: true, force: true });
});

describe('the built renderer, served under a strict CSP', () => {
  it('serves index.html for the page and its routes, and the assets with their types', async () => {
    for (const route of ['/', '/search', '/library/2024']) {
      const page = await h.raw('GET', route, h.auth);
      expect(page.status, route).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body.toString()).toContain('/assets/app.js');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const js = await h.raw('GET', '/assets/app.js', h.auth);
    expect(js.headers['content-type']).toContain('text/javascript');
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/assets/linked.js', '/%00.js']) {
      const r = await h.raw('GET', attempt, h.auth);
      expect(r.body.toString(), attempt).not.toContain('secret');
      expect(r.status, attempt).toBe(404);
    }
  });
});
