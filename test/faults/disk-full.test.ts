import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { mountTmpfs, resizeTmpfs, tmpfsUnavailable, unmount } from '../helpers/tmpfs.js';
import { expectSoundLibrary, prepareFaultLibrary, progressOf, runFaultCli } from './fault-library.js';

const vocab = referenceVocabFile();
const noTmpfs = tmpfsUnavailable();
const skipReason = !vocab ? NO_VOCAB_REASON : noTmpfs;
if (skipReason) console.warn(`skipping the disk-full faults: ${skipReason}`);

const cleanUp: { work: string; mount: string }[] = [];
afterEach(() => {
  for (const { work, mount } of cleanUp.splice(0)) {
    unmount(mount);
    fs.rmSync(work, { recursive: true, force: true });
  }
});

/**
 * The disk holding the library fills up mid-run. Either way the run must stop with a plain message (no stack, no
 * photo wrongly blamed), leave a sound database, and finish once there is room again, without anything re-done by
 * hand. Photos stay outside the small disk: only the library's own writes can fail.
 */
describe.skipIf(!!skipReason)('disk full', () => {
  it.each([
    // Thumbnails are written before their batch commits, so a full cache disk is met by the thumbnail writes.
    { where: 'the thumbnail cache', mountAt: 'library/cache', sizeKb: 1024 },
    // With the database on it too, the commits meet it (SQLITE_FULL).
    { where: 'the whole library', mountAt: 'library', sizeKb: 3072 },
  ])('on $where: stops clearly, stays sound, finishes once space is freed', async ({ mountAt, sizeKb }) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-faults-full-'));
    const small = path.join(work, mountAt);
    mountTmpfs(small, sizeKb);
    cleanUp.push({ work, mount: small });
    const f = await prepareFaultLibrary(work, vocab!, { tiny: 600, real: 2 });

    const full = await runFaultCli(f, 'index', f.photos, '--json');
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(/^Error: .*(ENOSPC|disk is full)/);
    expect(full.stderr).not.toMatch(/^\s+at /m);
    const stopped = progressOf(f.dbFile);
    expect(stopped.photos).toBeGreaterThan(0);
    expect(stopped.photos).toBeLessThan(f.good.length);
    const db = new Database(f.dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // No photo is blamed for the library's own disk.
    expect(db.prepare(`SELECT count(*) FROM index_errors WHERE message LIKE '%ENOSPC%' OR message LIKE '%disk is full%'`).pluck().get()).toBe(0);
    db.close();

    resizeTmpfs(small, 64 * 1024);
    const after = await runFaultCli(f, 'index', '--json');
    expect(after.code, after.stderr).toBe(3); // finished, with the broken files recorded
    const summary = JSON.parse(after.stdout) as { errors: { path: string }[] };
    expect(new Set(summary.errors.map((e) => e.path))).toEqual(new Set(f.bad));
    expectSoundLibrary(f);
  });
});
