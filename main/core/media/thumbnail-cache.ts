import fs from 'node:fs/promises';
import path from 'node:path';

export type ThumbnailKind = 'grid' | 'preview';

/**
 * Thumbnails are named by the photo's content hash, so a moved or renamed photo keeps its thumbnails, identical
 * copies share them, and the cache never needs the photo's (arbitrary, possibly hostile) file name.
 */
export function thumbnailPath(cacheDir: string, contentHash: string, kind: ThumbnailKind): string {
  return path.join(cacheDir, 'thumbs', contentHash.slice(0, 2), `${contentHash}-${kind}.webp`);
}

let writes = 0;

/**
 * Write-then-rename so a crash never leaves a half-written thumbnail under its final name. The temporary name is
 * unique per write, not just per process: identical copies of a photo indexed at once write the same thumbnail.
 */
export async function writeThumbnail(cacheDir: string, contentHash: string, kind: ThumbnailKind, data: Buffer): Promise<void> {
  const file = thumbnailPath(cacheDir, contentHash, kind);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}-${++writes}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}
