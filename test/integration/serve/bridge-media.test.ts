import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailPath, writeThumbnail } from '../../../main/core/media/thumbnail-cache.js';
import { BridgeHarness } from './bridge-harness.js';

const HASH = 'ab'.repeat(32);
const LINKED = 'cd'.repeat(32);
let h: BridgeHarness;
let webp: Buffer;

beforeAll(async () => {
  h = await BridgeHarness.start();
  webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).webp().toBuffer();
  await writeThumbnail(h.service.library.cacheDir, HASH, 'grid', webp);
  // A link planted inside the cache, named like a thumbnail, pointing at a file outside it.
  fs.writeFileSync(path.join(h.work, 'secret.webp'), 'secret');
  const link = thumbnailPath(h.service.library.cacheDir, LINKED, 'grid');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join(h.work, 'secret.webp'), link);
});
afterAll(async () => {
  await h?.close();
});

describe('GET /media serves thumbnails from the library cache and nothing else', () => {
  it('serves a cached thumbnail as immutable WebP', async () => {
    const r = await h.raw('GET', `/media/grid/${HASH}.webp`, h.auth);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/webp');
    expect(r.headers['cache-control']).toContain('immutable');
    expect(r.body.equals(webp)).toBe(true);
    expect((await h.raw('GET', `/media/preview/${HASH}.webp`, h.auth)).status).toBe(404);
  });

  it('refuses every path-traversal form, sent byte for byte', async () => {
    const attempts = [
      '/media/grid/../../library.db',
      '/media/../library.db',
      '/media/grid/%2e%2e/%2e%2e/library.db',
      '/media/grid/%2E%2E%2F%2E%2E%2Flibrary.db',
      '/media/grid/..%2f..%2flibrary.db',
      '/media/grid/..\\..\\library.db',
      '/media/grid/%5c..%5clibrary.db',
      '/media//etc/passwd',
      '/media/grid//etc/passwd',
      `/media/grid/${HASH}.webp%00.png`,
      `/media/grid/${HASH}.webp/`,
      `/media/grid/ab/${HASH}-grid.webp`,
      `/media/grid/${HASH.toUpperCase()}.webp`,
      `/media/original/${HASH}.webp`,
      '/media/grid/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd.webp',
    ];
    for (const attempt of attempts) {
      const r = await h.raw('GET', attempt, h.auth);
      expect(r.status, attempt).toBe(404);
      expect(r.body.includes('secret')).toBe(false);
    }
  });

  it('refuses a symlink in the cache that points out of it', async () => {
    const r = await h.raw('GET', `/media/grid/${LINKED}.webp`, h.auth);
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('secret');
  });
});
