import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, waitForExit } from '../helpers/cli.js';
import { writeManyTinyPhotos } from '../helpers/photo-corpus.js';

const PHOTOS = 1200;

function committedPhotos(dbFile: string): number {
  if (!fs.existsSync(dbFile)) return 0;
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // schema not created yet
  }
}

describe('kill -9 during indexing', () => {
  it('resumes to a complete library: every photo once, nothing lost, integrity ok', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-crash-'));
    const photos = path.join(work, 'photos');
    const lib = path.join(work, 'library');
    const dbFile = path.join(lib, 'library.db');
    const files = await writeManyTinyPhotos(photos, PHOTOS);

    // Kill at different depths of the run: right after the first commit, a quarter and three quarters in.
    const killedMidRun: number[] = [];
    for (const killAt of [1, PHOTOS / 4, (PHOTOS * 3) / 4]) {
      const child = spawnCli(['--library', lib, 'index', photos, '--json']);
      const exited = waitForExit(child);
      let done = false;
      void exited.then(() => (done = true));
      while (!done && committedPhotos(dbFile) < killAt) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      const { signal } = await exited;
      if (signal === 'SIGKILL') killedMidRun.push(committedPhotos(dbFile));
    }
    // The kills must really have landed mid-run, with work committed and work left to do.
    expect(killedMidRun.length).toBeGreaterThanOrEqual(2);
    expect(killedMidRun.every((n) => n > 0 && n < PHOTOS)).toBe(true);

    const last = await waitForExit(spawnCli(['--library', lib, 'index', '--json']));
    expect(last.code, last.stderr).toBe(0);
    const summary = JSON.parse(last.stdout) as { added: number; unchanged: number; failed: number };
    expect(summary.failed).toBe(0);
    expect(summary.added + summary.unchanged).toBe(PHOTOS);

    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare(`SELECT path, content_hash AS hash FROM photos WHERE status = 'present'`).all() as { path: string; hash: string }[];
    const withoutPreview = db.prepare('SELECT count(*) FROM photos WHERE preview_ready = 0').pluck().get();
    db.close();
    expect(withoutPreview).toBe(0);
    expect(rows).toHaveLength(PHOTOS);
    expect(new Set(rows.map((r) => r.path))).toEqual(new Set(files));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(PHOTOS);
  }, 180_000);
});
