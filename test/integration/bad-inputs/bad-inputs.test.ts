import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { runCli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { HAS_CJPEG, NFC_NAME, NFD_NAME, writeOddPhotos, type OddPhoto } from '../../helpers/corpus/odd-photos.js';
import { writeBadPhotos, type BadPhotoManifest } from '../../helpers/photo-corpus.js';

interface Summary {
  added: number; unchanged: number; failed: number;
  errors: { path: string; code: string; stage: string; reason: string }[];
}
interface Row {
  path: string; format: string; width: number; height: number; orientation: number | null;
  taken_local: string | null; taken_source: string; gps_lat: number | null; gps_lon: number | null;
}

/**
 * The whole corpus (about 30 files, one of them 100 MB) must be indexed within this, on a 2-core CI machine; it
 * takes a few seconds. A file that hangs its decoder would blow it: that is the test that nothing hangs.
 */
const RUN_LIMIT_MS = 45_000;

let work: string;
let photos: string;
let lib: string;
let odd: OddPhoto[];
let bad: BadPhotoManifest;

/** `xuntu index --json` in a process of its own: the real exit code, and a kill if it overruns. */
async function index(...args: string[]): Promise<{ code: number | null; summary: Summary; ms: number }> {
  const started = Date.now();
  const child = spawnCli(['--library', lib, 'index', ...args, '--json'], { LANG: 'en_US.UTF-8' });
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const result = await waitForExit(child).finally(() => clearTimeout(killer));
  const ms = Date.now() - started;
  if (result.signal) throw new Error(`xuntu index did not finish within ${RUN_LIMIT_MS} ms:\n${result.stderr}`);
  return { code: result.code, summary: JSON.parse(result.stdout) as Summary, ms };
}

function rows(): Map<string, Row> {
  const db = openDatabase(path.join(lib, 'library.db'));
  try {
    const all = db.prepare(`SELECT * FROM photos WHERE status = 'present'`).all() as Row[];
    return new Map(all.map((r) => [r.path, r]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-bad-inputs-'));
  photos = path.join(work, 'photos');
  lib = path.join(work, 'library');
  [odd, bad] = await Promise.all([writeOddPhotos(path.join(photos, 'odd')), writeBadPhotos(path.join(photos, 'classic'))]);
});

afterAll(() => {
  // The mode-000 and FIFO entries must not stop the clean-up.
  fs.rmSync(work, { recursive: true, force: true });
});

describe('xuntu index on a corpus of odd and hostile files', () => {
  let first: Awaited<ReturnType<typeof index>>;
  let indexed: Map<string, Row>;
  let failures: Map<string, Summary['errors'][number]>;

  beforeAll(async () => {
    first = await index(photos);
    indexed = rows();
    failures = new Map(first.summary.errors.map((e) => [e.path, e]));
  });

  it('finishes, in bounded time, with exit code 3 (finished with failures)', () => {
    expect(first.code).toBe(3);
    expect(first.ms).toBeLessThan(RUN_LIMIT_MS);
    for (const e of first.summary.errors) {
      expect(e.reason, e.path).not.toBe('');
      expect(e.stage, e.path).toMatch(/^(scan|read|decode)$/);
    }
  });

  it('gives every odd file a correct result or a recorded reason', () => {
    for (const photo of odd) {
      const row = indexed.get(photo.path);
      const failure = failures.get(photo.path);
      expect(Boolean(row) !== Boolean(failure), `${photo.relPath}: indexed or failed, exactly one`).toBe(true);
      if (row) {
        expect(photo.indexed, `${photo.relPath} should have failed`).toBeDefined();
        expect([row.format, row.width, row.height], photo.relPath).toEqual([photo.indexed!.format, photo.indexed!.width, photo.indexed!.height]);
      } else {
        expect(photo.failure, `${photo.relPath} failed: ${failure!.code} ${failure!.reason}`).toBeDefined();
        expect(photo.failure!.codes, photo.relPath).toContain(failure!.code);
        expect(failure!.stage, photo.relPath).toBe(photo.failure!.stage);
      }
    }
  });

  it('makes a grid thumbnail for every odd photo it indexed, even a 1×20000 strip', async () => {
    const listed = JSON.parse((await runCli(['--library', lib, 'list', '--json', '--folder', path.join(photos, 'odd')])).stdout) as {
      path: string; thumbnail: string;
    }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const { path: p, thumbnail } of listed) {
      const meta = await sharp(thumbnail).metadata();
      expect(meta.format, p).toBe('webp');
      expect(Math.min(meta.width!, meta.height!), p).toBeLessThanOrEqual(256);
    }
  });

  it('indexes photos with bogus EXIF, ignoring every bogus field', () => {
    const bogus = odd.filter((p) => p.bogusExif);
    expect(bogus).toHaveLength(2);
    for (const photo of bogus) {
      const row = indexed.get(photo.path)!;
      expect(row, photo.relPath).toBeDefined();
      // libvips clamps an out-of-range orientation to 1 (as stored): either way the pixels are not turned.
      expect([null, 1], photo.relPath).toContain(row.orientation);
      expect(row.taken_source, photo.relPath).not.toMatch(/^exif/);
      expect(row.taken_local ?? '', photo.relPath).not.toMatch(/^(0000|9999)/);
      expect([row.gps_lat, row.gps_lon], photo.relPath).toEqual([null, null]);
    }
  });

  it.skipIf(!HAS_CJPEG)('decodes a real arithmetic-coded JPEG (needs cjpeg from libjpeg-turbo-progs)', () => {
    expect(indexed.get(path.join(photos, 'odd', 'arithmetic.jpg'))?.width).toBe(160);
  });

  it('keeps a path of 250+ characters and both NFC and NFD spellings of one name, distinctly', () => {
    const deep = odd.find((p) => p.relPath.endsWith('deep-inside.jpg'))!;
    expect(deep.path.length).toBeGreaterThan(250);
    expect(indexed.has(deep.path)).toBe(true);
    expect(NFC_NAME).not.toBe(NFD_NAME);
    const folder = path.join(photos, 'odd', 'nfc-nfd');
    const names = [...indexed.keys()].filter((p) => path.dirname(p) === folder).map((p) => path.basename(p));
    expect(names.sort()).toEqual([NFC_NAME, NFD_NAME].sort());
  });

  it('records every classic bad entry (empty, truncated, not an image, FIFO, links, …) with its code', () => {
    for (const [p, expected] of bad.failures) expect(failures.get(p)?.code, expected.relPath).toBe(expected.code);
    for (const p of bad.indexable) expect(indexed.has(p), p).toBe(true);
    for (const p of bad.ignored) expect(indexed.has(p) || failures.has(p), p).toBe(false);
  });

  // Root reads a mode-000 file anyway: there the file is simply indexed (checked above) and this case cannot happen.
  it.skipIf(process.getuid?.() === 0)('records an unreadable (mode 000) file as UNREADABLE', () => {
    expect(failures.get(path.join(photos, 'classic', 'locked.jpg'))?.code).toBe('UNREADABLE');
  });

  it('loses nothing already indexed when a second run meets the bad files again', async () => {
    const again = await index();
    expect(again.code).toBe(3);
    expect(again.summary).toMatchObject({ added: 0, unchanged: first.summary.added, failed: first.summary.failed });
    expect([...rows().keys()].sort()).toEqual([...indexed.keys()].sort());
  });
});
