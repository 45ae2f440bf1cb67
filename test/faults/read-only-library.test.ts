import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { immutableUnavailable, setImmutable } from '../helpers/immutable.js';
import { expectSoundLibrary, prepareFaultLibrary, runFaultCli, type FaultLibrary } from './fault-library.js';

const vocab = referenceVocabFile();
const noImmutable = immutableUnavailable();
const skipReason = !vocab ? NO_VOCAB_REASON : noImmutable;
if (skipReason) console.warn(`skipping the read-only library faults: ${skipReason}`);

let work: string;
let f: FaultLibrary;
let frozen: string[] = [];

/** A library on a read-only medium (or a backup restored without write permission): look, but do no harm. */
describe.skipIf(!!skipReason)('a read-only library', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-faults-ro-'));
    f = await prepareFaultLibrary(work, vocab!, { tiny: 200, real: 0 });
    const first = await runFaultCli(f, 'index', f.photos, '--json');
    expect(first.code, first.stderr).toBe(3);
    // The folder, the database (and its WAL files, where a run left them) and the cache.
    frozen = [f.lib, path.join(f.lib, 'cache'), ...fs.readdirSync(f.lib).map((name) => path.join(f.lib, name)).filter((p) => fs.statSync(p).isFile())];
    setImmutable(frozen, true);
  });
  afterAll(() => {
    setImmutable(frozen, false);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  // SQLite in WAL mode needs to create its -wal and -shm files beside the database even to read, so today every
  // command stops at the open; what matters here is that it stops with one plain line, not a stack or a hang.
  it.each([['list', '--all', '--json'], ['search', '红色', '--json'], ['status', '--json'], ['index', '--json']])('%s stops with a one-line error', async (...args) => {
    const r = await runFaultCli(f, ...args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: .*database.*\n$/);
  });

  it('is left as it was', async () => {
    setImmutable(frozen, false);
    frozen = [];
    expectSoundLibrary(f);
    const again = await runFaultCli(f, 'index', '--json');
    expect(again.code, again.stderr).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, unchanged: f.good.length });
  });
});
