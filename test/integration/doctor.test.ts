import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport, FindingCode } from '../../main/core/doctor/check-library.js';
import { durableTransaction } from '../../main/core/db/open-database.js';
import { openLibrary, type Library } from '../../main/core/library/library.js';
import { thumbnailPath } from '../../main/core/media/thumbnail-cache.js';
import { setTagDecision } from '../../main/core/tagging/tag-store.js';
import { runCli } from '../helpers/cli.js';
import { writeManyTinyPhotos } from '../helpers/photo-corpus.js';

let work: string;
let lib: string;
let models: string;
let photos: string[];

const cli = (...args: string[]) => runCli(['--library', lib, '--lang', 'en', ...args]);
const doctor = async (...args: string[]) => {
  const r = await cli('doctor', '--models-dir', models, '--json', ...args);
  return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport };
};
const withLibrary = <T>(fn: (library: Library) => T): T => {
  const library = openLibrary(lib);
  try {
    return fn(library);
  } finally {
    library.close();
  }
};
const hashOf = (file: string) => withLibrary((l) => l.db.prepare('SELECT content_hash FROM photos WHERE path = ?').pluck().get(file) as string);
const cacheFile = (file: string, kind: 'grid' | 'preview') => thumbnailPath(path.join(lib, 'cache'), hashOf(file), kind);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** Older than the doctor's settling time, as a file left by a run long gone. */
const age = (file: string) => fs.utimesSync(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
const tagsOf = async (photo: string) =>
  (JSON.parse((await cli('tags', photo, '--json')).stdout) as { tags: { label: string; source: string }[] }).tags;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-doctor-'));
  lib = path.join(work, 'library');
  models = path.join(work, 'models');
  photos = await writeManyTinyPhotos(path.join(work, 'photos'), 5, { perFolder: 5 });
  expect((await cli('index', path.join(work, 'photos'))).code).toBe(0);
  fs.writeFileSync(path.join(work, 'colours.yaml'), 'name: 颜色\nlabels: [红, 绿]\n');
  expect((await cli('labels', 'import', path.join(work, 'colours.yaml'))).code).toBe(0);
  expect((await cli('confirm', '颜色/红', photos[0]!)).code).toBe(0);
  expect((await cli('reject', '颜色/绿', photos[1]!)).code).toBe(0);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('xuntu doctor', () => {
  it('finds nothing wrong in a freshly indexed library', async () => {
    const { code, report } = await doctor();
    expect(report).toEqual({ healthy: true, findings: [] });
    expect(code).toBe(0);
    expect((await cli('doctor', '--models-dir', models)).stdout).toContain('healthy');
  });

  describe('on a library broken in every way it knows', () => {
    const before = new Map<string, string>();
    let orphan: string;
    let oldTmp: string;
    let freshTmp: string;
    let lostGrid: string;
    let lostPreview: string;

    beforeAll(() => {
      for (const p of photos) before.set(p, sha(p));
      lostGrid = cacheFile(photos[2]!, 'grid');
      lostPreview = cacheFile(photos[3]!, 'preview');
      fs.rmSync(lostGrid);
      fs.rmSync(lostPreview);
      orphan = thumbnailPath(path.join(lib, 'cache'), 'ab'.repeat(32), 'grid');
      fs.mkdirSync(path.dirname(orphan), { recursive: true });
      fs.writeFileSync(orphan, 'not a photo of this library');
      oldTmp = `${lostGrid}.4242-1.tmp`;
      freshTmp = `${lostGrid}.4242-2.tmp`;
      fs.writeFileSync(oldTmp, 'half a thumbnail');
      fs.writeFileSync(freshTmp, 'a thumbnail being written right now');
      age(orphan);
      age(oldTmp);
      withLibrary(({ db }) => {
        const ids = db.prepare('SELECT id, content_hash AS hash FROM photos').all() as { id: number; hash: string }[];
        const insert = db.prepare(`INSERT INTO embeddings (photo_id, model_id, content_hash, dim, vector, created_at) VALUES (?, 'removed-model', ?, 4, ?, 0)`);
        for (const { id, hash } of ids) insert.run(id, hash, Buffer.alloc(16));
        db.prepare(`INSERT INTO prompt_embeddings (model_id, text, vector) VALUES ('removed-model', '一张红色的照片', ?)`).run(Buffer.alloc(16));
        db.prepare(`INSERT INTO query_embeddings (model_id, text, vector, used_at) VALUES ('removed-model', '红色', ?, 0)`).run(Buffer.alloc(16));
        db.prepare(`INSERT INTO index_errors (path, stage, code, message, at) VALUES ('/no/longer/a/folder/x.jpg', 'decode', 'DECODE_FAILED', 'x', 0)`).run();
      });
    });

    it('reports each problem with its count and examples, and exits 3', async () => {
      const { code, report } = await doctor();
      expect(code).toBe(3);
      expect(report.healthy).toBe(false);
      const byCode = new Map(report.findings.map((f) => [f.code, f]));
      const expected: [FindingCode, number, string][] = [
        ['MISSING_THUMBNAILS', 1, photos[2]!],
        ['MISSING_PREVIEWS', 1, photos[3]!],
        ['ORPHAN_THUMBNAILS', 1, orphan],
        ['TEMP_FILES', 1, oldTmp],
        ['ORPHAN_VECTORS', photos.length, 'removed-model'],
        ['STALE_TEXT_EMBEDDINGS', 2, 'removed-model'],
        ['STALE_INDEX_ERRORS', 1, '/no/longer/a/folder/x.jpg'],
      ];
      expect([...byCode.keys()].sort()).toEqual(expected.map(([c]) => c).sort());
      for (const [c, count, example] of expected) {
        expect(byCode.get(c), c).toMatchObject({ count, examples: [example], repairable: true, repaired: false });
      }
      const text = await cli('doctor', '--models-dir', models);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain('[ORPHAN_VECTORS]');
      expect(text.stdout).toContain('xuntu doctor --repair');
    });

    it('--repair fixes them, touching only the cache and caches in the database; a second doctor is healthy', async () => {
      const { code, report } = await doctor('--repair');
      expect(code).toBe(0);
      expect(report.findings.every((f) => f.repaired)).toBe(true);
      expect(fs.existsSync(orphan)).toBe(false);
      expect(fs.existsSync(oldTmp)).toBe(false);
      expect(fs.existsSync(freshTmp)).toBe(true);
      withLibrary(({ db }) => {
        expect(db.prepare(`SELECT count(*) FROM embeddings WHERE model_id = 'removed-model'`).pluck().get()).toBe(0);
        expect(db.prepare('SELECT count(*) FROM prompt_embeddings').pluck().get()).toBe(0);
        expect(db.prepare('SELECT count(*) FROM query_embeddings').pluck().get()).toBe(0);
        expect(db.prepare('SELECT count(*) FROM index_errors').pluck().get()).toBe(0);
      });
      expect(await doctor()).toEqual({ code: 0, report: { healthy: true, findings: [] } });
    });

    it('the next xuntu index rebuilds the lost thumbnail and preview; photos and decisions are untouched', async () => {
      const r = await cli('index', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ added: 0, updated: 1, failed: 0 });
      expect(fs.existsSync(lostGrid)).toBe(true);
      expect(fs.existsSync(lostPreview)).toBe(true);
      for (const p of photos) expect(sha(p), p).toBe(before.get(p));
      expect(await tagsOf(photos[0]!)).toContainEqual(expect.objectContaining({ label: '红', source: 'confirmed' }));
      expect(await tagsOf(photos[1]!)).toContainEqual(expect.objectContaining({ label: '绿', source: 'rejected' }));
      expect(await doctor()).toEqual({ code: 0, report: { healthy: true, findings: [] } });
    });
  });
});

describe('durability', () => {
  it('commits a decision with synchronous=FULL and goes back to NORMAL, also when it fails', () => {
    withLibrary(({ db }) => {
      const ids = db.prepare('SELECT id FROM photos').pluck().all() as number[];
      const label = db.prepare(`SELECT id FROM labels WHERE name = '绿'`).pluck().get() as number;
      let during: unknown;
      durableTransaction(db, () => (during = db.pragma('synchronous', { simple: true })));
      expect(during).toBe(2); // FULL
      expect(setTagDecision(db, [ids[4]!], label, 'confirmed')).toBe(1);
      expect(() => setTagDecision(db, [ids[4]!, 999_999], label, 'rejected')).toThrow(/999999/);
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      setTagDecision(db, [ids[4]!], label, 'clear');
    });
  });

  it('closing checkpoints the WAL into the database even while another connection stays open', () => {
    const app = openLibrary(lib);
    const cliRun = openLibrary(lib);
    cliRun.db.prepare(`INSERT INTO settings (key, value) VALUES ('doctor-test', 'x') ON CONFLICT (key) DO UPDATE SET value = 'y'`).run();
    expect(fs.statSync(path.join(lib, 'library.db-wal')).size).toBeGreaterThan(0);
    cliRun.close();
    expect(fs.statSync(path.join(lib, 'library.db-wal')).size).toBe(0);
    expect(app.db.prepare(`SELECT value FROM settings WHERE key = 'doctor-test'`).pluck().get()).toBeDefined();
    app.db.prepare(`DELETE FROM settings WHERE key = 'doctor-test'`).run();
    app.close();
  });
});
