import fs from 'node:fs/promises';
import path from 'node:path';
import { thumbnailPath, type ThumbnailKind } from '../media/thumbnail-cache.js';

/**
 * '<kind>/<content hash>.webp' → the thumbnail's file in the cache, or null. The raw (still percent-encoded) URL
 * path is matched whole against the only shape a thumbnail URL has, so '..', '%2e%2e', '%2f', backslashes,
 * absolute paths, NUL bytes and every other trick simply fail to match: nothing is decoded, joined or normalised
 * before it is known to be a hex hash. Pure, so the Electron protocol handler and the bridge share it.
 */
export function mediaFile(cacheDir: string, rawPath: string): string | null {
  const match = /^(grid|preview)\/([0-9a-f]{16,128})\.webp$/.exec(rawPath);
  if (!match) return null;
  return thumbnailPath(cacheDir, match[2]!, match[1] as ThumbnailKind);
}

/**
 * The real file behind `file` when it lies inside the cache's thumbnail folder once symlinks are resolved, else
 * null (a link planted in the cache cannot expose anything else). Null too when there is no such file.
 */
export async function realMediaFile(cacheDir: string, file: string): Promise<string | null> {
  try {
    const [root, real] = await Promise.all([fs.realpath(path.join(cacheDir, 'thumbs')), fs.realpath(file)]);
    const relative = path.relative(root, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return (await fs.stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}
