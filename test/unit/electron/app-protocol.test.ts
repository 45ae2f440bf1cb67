import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailPath } from '../../../main/core/media/thumbnail-cache.js';
import { appResponse, mediaResponse, PRIVILEGED_SCHEMES } from '../../../main/electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/content-security-policy.js';

const HASH = 'ab'.repeat(16);
const get = (url: string) => ({ url, method: 'GET' });

describe('app protocols', () => {
  let tmp: string;
  let rendererDir: string;
  let cacheDir: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-protocol-'));
    rendererDir = path.join(tmp, 'renderer');
    cacheDir = path.join(tmp, 'library', 'cache');
    await fs.mkdir(rendererDir, { recursive: true });
    await fs.mkdir(cacheDir, { recursive: true });
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>寻图</title>');
    await fs.writeFile(path.join(rendererDir, 'app.js'), 'console.log(1)');
    await fs.writeFile(path.join(tmp, 'secret.txt'), 'secret');
    await fs.writeFile(path.join(tmp, 'library', 'library.db'), 'db');
    const grid = thumbnailPath(cacheDir, HASH, 'grid');
    await fs.mkdir(path.dirname(grid), { recursive: true });
    await fs.writeFile(grid, 'webp bytes');
    // A link planted in the cache that points out of it.
    const planted = thumbnailPath(cacheDir, 'cd'.repeat(16), 'grid');
    await fs.mkdir(path.dirname(planted), { recursive: true });
    await fs.symlink(path.join(tmp, 'secret.txt'), planted);
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it('registers both schemes as standard and secure', () => {
    expect(PRIVILEGED_SCHEMES.map((s) => [s.scheme, s.privileges?.standard, s.privileges?.secure])).toEqual([
      ['app', true, true],
      ['xuntu-media', true, true],
    ]);
  });

  it('serves the renderer from app://xuntu with the CSP and nosniff', async () => {
    const page = await appResponse(get('app://xuntu/index.html'), rendererDir);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('寻图');
    const script = await appResponse(get('app://xuntu/app.js'), rendererDir);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // The renderer's own routes survive a reload.
    expect(await (await appResponse(get('app://xuntu/search'), rendererDir)).text()).toContain('寻图');
  });

  it('serves nothing outside the renderer folder, on another host or for other methods', async () => {
    for (const url of ['app://xuntu/../secret.txt', 'app://xuntu/%2e%2e/secret.txt', 'app://xuntu/..%2fsecret.txt', 'app://xuntu/..%5csecret.txt', 'app://other/index.html', 'app://xuntu/%00.js']) {
      const response = await appResponse(get(url), rendererDir);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('secret');
    }
    expect((await appResponse({ url: 'app://xuntu/index.html', method: 'POST' }, rendererDir)).status).toBe(404);
  });

  it('serves a thumbnail from the library cache', async () => {
    const response = await mediaResponse(get(`xuntu-media://grid/${HASH}.webp`), cacheDir);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toBe('webp bytes');
  });

  it('refuses traversal, other shapes and links out of the cache', async () => {
    for (const url of [
      `xuntu-media://grid/../../library.db`,
      `xuntu-media://grid/%2e%2e/%2e%2e/library.db`,
      `xuntu-media://grid/..%2f..%2flibrary.db`,
      `xuntu-media://grid/${HASH}.webp/../../../secret.txt`,
      `xuntu-media://preview/${HASH}.webp`,
      `xuntu-media://thumbs/${HASH}.webp`,
      `xuntu-media://grid/${HASH.toUpperCase()}.webp`,
      `xuntu-media:///etc/passwd`,
      `xuntu-media://grid/${'cd'.repeat(16)}.webp`,
      `app://xuntu/grid/${HASH}.webp`,
    ]) {
      const response = await mediaResponse(get(url), cacheDir);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toMatch(/secret|db/);
    }
  });
});
