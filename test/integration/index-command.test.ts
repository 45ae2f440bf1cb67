import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/open-database.js';
import { formatTakenAt } from '../../main/core/library/photo-queries.js';
import { runCli } from '../helpers/cli.js';
import { hasRealPhotos, writeBadPhotos, writeGoodPhotos, writeRealPhotos, type BadPhotoManifest, type GoodPhoto } from '../helpers/photo-corpus.js';

interface Summary {
  added: number; updated: number; unchanged: number; moved: number; missing: number; restored: number; failed: number;
  errors: { path: string; code: string; stage: string; reason: string }[];
}
interface Listed {
  id: number; path: string; width: number; height: number; takenAt: string | null; status: string; thumbnail: string;
  camera: { make: string | null; model: string | null };
}

let work: string;
let photos: string;
let lib: string;
let good: Map<string, GoodPhoto>;
let bad: BadPhotoManifest;
let real: string[];

const index = async (...args: string[]) => {
  const r = await runCli(['--library', lib, 'index', ...args, '--json']);
  return { ...r, summary: JSON.parse(r.stdout) as Summary };
};
const list = async (...args: string[]) => JSON.parse((await runCli(['--library', lib, 'list', '--json', ...args])).stdout) as Listed[];

function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) {
        const st = fs.statSync(p);
        out.set(p, `${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}:${st.mtimeMs}:${st.mode}`);
      }
    }
  };
  visit(dir);
  return out;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-index-'));
  photos = path.join(work, 'photos');
  lib = path.join(work, 'library');
  good = await writeGoodPhotos(path.join(photos, 'good'));
  bad = await writeBadPhotos(path.join(photos, 'bad'));
  real = hasRealPhotos() ? [...(await writeRealPhotos(path.join(photos, 'real'), { count: 3 })).keys()] : [];
});

describe('xuntu index on a folder of good and broken photos', () => {
  let first: Awaited<ReturnType<typeof index>>;
  let before: Map<string, string>;

  beforeAll(async () => {
    before = fingerprint(photos);
    first = await index(photos);
  });

  it('exits 3 (finished with failures) and lists every broken file once with its reason', () => {
    expect(first.code).toBe(3);
    const byPath = new Map(first.summary.errors.map((e) => [e.path, e]));
    for (const [p, expected] of bad.failures) {
      expect(byPath.get(p)?.code, expected.relPath).toBe(expected.code);
      expect(byPath.get(p)?.reason.length).toBeGreaterThan(0);
    }
    expect(first.summary.failed).toBe(bad.failures.size);
    expect(first.summary.errors).toHaveLength(bad.failures.size);
  });

  it('indexes every good photo with its displayed size, capture time, camera and a thumbnail', async () => {
    expect(first.summary.added).toBe(good.size + bad.indexable.length + real.length);
    const listed = new Map((await list()).map((p) => [p.path, p]));
    for (const photo of good.values()) {
      const row = listed.get(photo.path);
      expect(row, photo.relPath).toBeDefined();
      expect([row!.width, row!.height], photo.relPath).toEqual([photo.width, photo.height]);
      if (photo.taken) expect(row!.takenAt, photo.relPath).toBe(formatTakenAt(photo.taken.local, photo.taken.offsetMin));
      if (photo.camera) expect(row!.camera.model, photo.relPath).toBe(photo.camera.model);
      const thumb = await sharp(row!.thumbnail).metadata();
      expect(thumb.format).toBe('webp');
      expect(Math.min(thumb.width!, thumb.height!)).toBe(Math.min(256, photo.width, photo.height));
    }
    for (const p of [...bad.indexable, ...real]) expect(listed.has(p), p).toBe(true);
    for (const p of bad.ignored) expect(listed.has(p), p).toBe(false);
  });

  it('never writes to a photo', () => {
    expect(fingerprint(photos)).toEqual(before);
  });

  it('re-reads nothing on a second run and still reports the broken files', async () => {
    const again = await index();
    expect(again.summary).toMatchObject({ added: 0, updated: 0, moved: 0, missing: 0, unchanged: first.summary.added, failed: bad.failures.size });
  });

  it('keeps a moved photo as the same photo, with its tags', async () => {
    const [photo] = good.values();
    const before = (await list()).find((p) => p.path === photo!.path)!;
    tagConfirmed(before.id);
    const dest = path.join(photos, 'moved here', '新名字.jpg');
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.renameSync(photo!.path, dest);
    const r = await index();
    expect(r.summary).toMatchObject({ moved: 1, added: 0, missing: 0 });
    const after = (await list()).find((p) => p.path === dest)!;
    expect(after.id).toBe(before.id);
    expect(confirmedTags(after.id)).toBe(1);
    fs.renameSync(dest, photo!.path);
    expect((await index()).summary).toMatchObject({ moved: 1, added: 0, missing: 0 });
  });

  it('marks a deleted photo missing without losing it, and a returning drive restores it', async () => {
    const photo = [...good.values()][1]!;
    const id = (await list()).find((p) => p.path === photo.path)!.id;
    tagConfirmed(id);
    const parked = path.join(work, 'parked');
    fs.renameSync(photo.path, parked);
    expect((await index()).summary).toMatchObject({ missing: 1 });
    const row = (await list('--all')).find((p) => p.id === id)!;
    expect(row.status).toBe('missing');
    expect(confirmedTags(id)).toBe(1);
    fs.renameSync(parked, photo.path);
    expect((await index()).summary).toMatchObject({ restored: 1, missing: 0 });

    // The whole folder going away (an unplugged drive) keeps every photo, marked missing.
    const present = (await list()).length;
    const away = path.join(work, 'unplugged');
    fs.renameSync(photos, away);
    const offline = await index();
    expect(offline.summary.errors.map((e) => e.code)).toContain('ROOT_MISSING');
    expect(offline.summary.missing).toBe(present);
    expect(await list()).toHaveLength(0);
    expect(confirmedTags(id)).toBe(1);
    fs.renameSync(away, photos);
    const back = await index();
    expect(back.summary).toMatchObject({ restored: present, added: 0, missing: 0 });
  });
});

describe('xuntu messages', () => {
  it('speaks Chinese by default and English when the locale asks', async () => {
    const zh = await runCli(['--library', lib, 'status']);
    expect(zh.stdout).toContain('照片');
    const en = await runCli(['--library', lib, 'status'], { LANG: 'en_US.UTF-8' });
    expect(en.stdout).toContain('photos');
  });

  it('refuses bad dates with a usage error', async () => {
    const r = await runCli(['--library', lib, 'list', '--from', '2023-5'], { LANG: 'en_US.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Bad date');
  });

  it('filters the list by folder and capture date', async () => {
    const all = await list();
    const dated = all.filter((p) => p.takenAt);
    expect(dated.length).toBeGreaterThan(1);
    const day = dated[0]!.takenAt!.slice(0, 10);
    const sameDay = await list('--from', day, '--to', day);
    expect(sameDay.length).toBeGreaterThan(0);
    expect(sameDay.every((p) => p.takenAt!.startsWith(day))).toBe(true);
    const inGood = await list('--folder', path.join(photos, 'good'));
    expect(inGood.every((p) => p.path.startsWith(path.join(photos, 'good') + path.sep))).toBe(true);
    expect(inGood.length).toBeLessThan(all.length);
  });
});

function tagConfirmed(photoId: number): void {
  const db = openDatabase(path.join(lib, 'library.db'));
  const now = Date.now();
  db.prepare(`INSERT OR IGNORE INTO label_sets (id, name, created_at, updated_at) VALUES (1, '测试', ?, ?)`).run(now, now);
  db.prepare(`INSERT OR IGNORE INTO labels (id, set_id, name, position) VALUES (1, 1, '猫', 0)`).run();
  db.prepare(`INSERT OR REPLACE INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (?, 1, 'confirmed', ?)`).run(photoId, now);
  db.close();
}

function confirmedTags(photoId: number): number {
  const db = openDatabase(path.join(lib, 'library.db'));
  const n = db.prepare(`SELECT count(*) FROM photo_tags WHERE photo_id = ? AND source = 'confirmed'`).pluck().get(photoId) as number;
  db.close();
  return n;
}
