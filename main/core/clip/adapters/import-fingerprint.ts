import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest } from '../model-manifest.js';

export type FileFingerprint = NonNullable<ModelManifest['importedFrom']>['files'][number];

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Size, mtime and SHA-256 of each file, recorded by path relative to `sourceDir`. */
export async function fingerprintFiles(sourceDir: string, files: readonly string[]): Promise<FileFingerprint[]> {
  return Promise.all(
    files.map(async (file) => {
      const stat = await fs.stat(file);
      return { path: path.relative(sourceDir, file), size: stat.size, mtimeMs: stat.mtimeMs, sha256: await sha256(file) };
    }),
  );
}

/**
 * Whether the recorded files are all still there as they were, and cover `current` (so a tokenizer file added
 * since counts as a change). Size and mtime decide without reading; only a file whose mtime moved but whose size
 * did not (copied again, downloaded again) is hashed, so re-importing an unchanged 750 MB model costs a few stats.
 */
export async function unchangedSince(recorded: readonly FileFingerprint[], sourceDir: string, current: readonly string[]): Promise<boolean> {
  const paths = new Set(recorded.map((f) => f.path));
  if (!current.every((file) => paths.has(path.relative(sourceDir, file)))) return false;
  for (const f of recorded) {
    const file = path.resolve(sourceDir, f.path);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat || stat.size !== f.size) return false;
    if (stat.mtimeMs !== f.mtimeMs && (await sha256(file)) !== f.sha256) return false;
  }
  return true;
}
