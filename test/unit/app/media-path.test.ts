import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mediaFile } from '../../../main/core/serve/media-path.js';
import { thumbnailPath } from '../../../main/core/media/thumbnail-cache.js';

const CACHE = path.resolve('/lib/cache');
const HASH = '0123456789abcdef'.repeat(4);

describe('mediaFile: a thumbnail URL path to its cache file', () => {
  it('maps <kind>/<hash>.webp to the cache file thumbnail-cache.ts names', () => {
    expect(mediaFile(CACHE, `grid/${HASH}.webp`)).toBe(thumbnailPath(CACHE, HASH, 'grid'));
    expect(mediaFile(CACHE, `preview/${HASH}.webp`)).toBe(thumbnailPath(CACHE, HASH, 'preview'));
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'grid/', `grid/${HASH}`, `grid/${HASH}.webp.png`, `grid/../${HASH}.webp`, `grid/%2e%2e/${HASH}.webp`,
      `grid\\${HASH}.webp`, `/grid/${HASH}.webp`, `grid//${HASH}.webp`, `GRID/${HASH}.webp`, `grid/${HASH}\n.webp`, `thumb/${HASH}.webp`]) {
      expect(mediaFile(CACHE, bad), bad).toBeNull();
    }
  });

  it('never yields a path outside the cache, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('', 'grid/', 'preview/', '../', '%2e%2e/'), (tail, head) => {
        const file = mediaFile(CACHE, head + tail);
        if (file === null) return;
        const relative = path.relative(path.join(CACHE, 'thumbs'), file);
        expect(relative.startsWith('..') || path.isAbsolute(relative)).toBe(false);
        expect(path.basename(file)).toMatch(/^[0-9a-f]+-(grid|preview)\.webp$/);
      }),
    );
  });
});
