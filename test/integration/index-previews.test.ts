import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { indexLibrary, type IndexOptions } from '../../main/core/indexer/index-library.js';
import { openLibrary, type Library } from '../../main/core/library/library.js';
import { listPhotos } from '../../main/core/library/photo-queries.js';
import { thumbnailPath } from '../../main/core/media/thumbnail-cache.js';

let library: Library | undefined;
afterEach(() => library?.close());

/**
 * `count` distinct 1600×1200 JPEGs: big enough that their 1280 px preview needs a larger decode than their grid
 * image, so the indexer defers it to its last phase. Plus one PNG, whose preview comes with its grid image.
 */
async function setUp(count: number) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-previews-'));
  const photos = path.join(work, 'photos');
  fs.mkdirSync(photos);
  const jpegs: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(photos, `p${i}.jpg`);
    const background = { r: (i * 40) % 256, g: 100, b: 200 };
    fs.writeFileSync(file, await sharp({ create: { width: 1600, height: 1200, channels: 3, background } }).jpeg().toBuffer());
    jpegs.push(file);
  }
  const png = path.join(photos, 'p.png');
  fs.writeFileSync(png, await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#808080' } }).png().toBuffer());
  library = openLibrary(path.join(work, 'library'));
  return { work, photos, jpegs, png, library };
}

const hasPreview = (lib: Library, p: { contentHash: string }) => fs.existsSync(thumbnailPath(lib.cacheDir, p.contentHash, 'preview'));
const hasGrid = (lib: Library, p: { contentHash: string }) => fs.existsSync(thumbnailPath(lib.cacheDir, p.contentHash, 'grid'));

/** The state of the library when the preview phase first reports, and a way to act at that moment. */
function atPreviewPhase(act: () => void = () => {}) {
  let seen: { total: number; done: number } | undefined;
  const onProgress: IndexOptions['onProgress'] = (p) => {
    if (p.makingPreviews && !seen) {
      seen = { total: p.total, done: p.done };
      act();
    }
  };
  return { onProgress, seen: () => seen };
}

describe('previews in the last phase of a run', () => {
  it('stores every photo with its grid image first, then makes the deferred previews', async () => {
    const { photos, jpegs, png, library } = await setUp(4);
    let before: { path: string; previewReady: boolean; grid: boolean; preview: boolean }[] = [];
    const phase = atPreviewPhase(() => {
      before = listPhotos(library.db).map((p) => ({ path: p.path, previewReady: p.previewReady, grid: hasGrid(library, p), preview: hasPreview(library, p) }));
    });
    const summary = await indexLibrary(library, { roots: [photos], onProgress: phase.onProgress });

    // When the previews start, all five photos are listed with their grid images; only the PNG has its preview.
    expect(before).toHaveLength(5);
    expect(before.every((p) => p.grid)).toBe(true);
    expect(before.filter((p) => p.previewReady).map((p) => p.path)).toEqual([png]);
    expect(before.filter((p) => p.preview).map((p) => p.path)).toEqual([png]);
    expect(phase.seen()).toEqual({ total: 5 + 4, done: 5 });

    expect(summary).toMatchObject({ added: 5, previews: 4, failed: 0, interrupted: false });
    expect(summary.searchableMs).toBeLessThanOrEqual(summary.durationMs);
    const after = listPhotos(library.db);
    expect(after.every((p) => p.previewReady && hasPreview(library, p))).toBe(true);
    for (const p of after.filter((p) => jpegs.includes(p.path))) {
      const meta = await sharp(thumbnailPath(library.cacheDir, p.contentHash, 'preview')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 1280, 960]);
    }
  });

  it('finishes the previews of an interrupted run in the next one, and makes one per content for copies', async () => {
    const { photos, jpegs, library } = await setUp(3);
    fs.copyFileSync(jpegs[0]!, path.join(photos, 'copy.jpg'));
    const abort = new AbortController();
    const first = await indexLibrary(library, { roots: [photos], signal: abort.signal, onProgress: atPreviewPhase(() => abort.abort()).onProgress });
    expect(first).toMatchObject({ added: 5, previews: 0, interrupted: true });
    expect(listPhotos(library.db).filter((p) => !p.previewReady)).toHaveLength(4);

    const second = await indexLibrary(library, { roots: [photos] });
    expect(second).toMatchObject({ added: 0, unchanged: 5, previews: 3, failed: 0, interrupted: false });
    expect(listPhotos(library.db).every((p) => p.previewReady && hasPreview(library, p))).toBe(true);
    expect((await indexLibrary(library, { roots: [photos] })).previews).toBe(0);
  });

  it('records a preview that cannot be made, tries again only once the file changes, and gives a changed photo a new one', async () => {
    const { work, photos, jpegs, library } = await setUp(3);
    const victim = jpegs[1]!;
    const away = path.join(work, 'away.jpg');
    const first = await indexLibrary(library, { roots: [photos], onProgress: atPreviewPhase(() => fs.renameSync(victim, away)).onProgress });
    expect(first).toMatchObject({ added: 4, previews: 2, failed: 1 });
    expect(first.errors).toEqual([expect.objectContaining({ path: victim, stage: 'thumbnail', code: 'VANISHED' })]);

    // Back unchanged (a rename keeps its mtime): still listed, its failure remembered rather than retried.
    fs.renameSync(away, victim);
    const second = await indexLibrary(library, { roots: [photos] });
    expect(second).toMatchObject({ unchanged: 4, previews: 0, failed: 0 });
    expect(listPhotos(library.db).find((p) => p.path === victim)?.previewReady).toBe(false);

    // Edited: re-read as changed, and its new content gets its preview.
    fs.writeFileSync(victim, await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ff0000' } }).jpeg().toBuffer());
    const third = await indexLibrary(library, { roots: [photos] });
    expect(third).toMatchObject({ updated: 1, previews: 1, failed: 0 });
    const edited = listPhotos(library.db).find((p) => p.path === victim)!;
    expect(edited.previewReady && hasPreview(library, edited)).toBe(true);
    expect(library.db.prepare(`SELECT count(*) FROM index_errors WHERE path = ?`).pluck().get(victim)).toBe(0);
  });
});
