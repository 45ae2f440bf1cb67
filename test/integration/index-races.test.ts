import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexLibrary } from '../../main/core/indexer/index-library.js';
import { openLibrary, type Library } from '../../main/core/library/library.js';
import { listPhotos } from '../../main/core/library/photo-queries.js';
import { writeManyTinyPhotos } from '../helpers/photo-corpus.js';

let library: Library | undefined;
afterEach(() => library?.close());

async function setUp(n: number) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-races-'));
  const photos = path.join(work, 'photos');
  const files = await writeManyTinyPhotos(photos, n, { perFolder: n });
  library = openLibrary(path.join(work, 'library'));
  return { work, photos, files, library };
}

describe('the world changing under a running index', () => {
  it('records a file deleted between listing and reading, and indexes the rest', async () => {
    const { photos, files, library } = await setUp(20);
    let deleted = false;
    const summary = await indexLibrary(library, {
      roots: [photos],
      onProgress: (p) => {
        if (p.phase === 'process' && !deleted) {
          fs.rmSync(files[7]!);
          deleted = true;
        }
      },
    });
    expect(summary.errors).toEqual([expect.objectContaining({ path: files[7], code: 'VANISHED' })]);
    expect(summary.added).toBe(19);
  });

  it('keeps going when the root folder disappears mid-run, and keeps the earlier photos as missing', async () => {
    const { work, photos, files, library } = await setUp(40);
    await indexLibrary(library, { roots: [photos] });
    const extra = await writeManyTinyPhotos(path.join(photos, 'new'), 10);
    let pulled = false;
    const summary = await indexLibrary(library, {
      onProgress: (p) => {
        if (p.phase === 'process' && !pulled) {
          fs.renameSync(photos, path.join(work, 'elsewhere'));
          pulled = true;
        }
      },
    });
    expect(pulled).toBe(true);
    expect(summary.errors.map((e) => e.code)).toContain('ROOT_MISSING');
    const all = listPhotos(library.db, { includeMissing: true });
    expect(all.filter((p) => files.includes(p.path)).every((p) => p.status === 'missing')).toBe(true);
    expect(all.filter((p) => files.includes(p.path))).toHaveLength(files.length);
    expect(extra.length).toBe(10);
  });
});
