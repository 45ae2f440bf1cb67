import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { waitForExit } from '../helpers/cli.js';
import { cliOk, expectSoundLibrary, prepareFaultLibrary, progressOf, runFaultCli, spawnFaultCli, type FaultLibrary } from './fault-library.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping the truncated-model faults: ${NO_VOCAB_REASON}`);

/**
 * Replaces the installed image.onnx with its first half, as an interrupted copy or sync would. Not truncated in
 * place: import hard-links the file to its source where it cannot reflink, and the source must stay whole to be
 * imported again.
 */
const truncate = (f: FaultLibrary) => {
  const image = path.join(f.modelDir, 'image.onnx');
  const bytes = fs.readFileSync(image);
  fs.writeFileSync(`${image}.cut`, bytes.subarray(0, bytes.length >> 1));
  fs.renameSync(`${image}.cut`, image);
};

/** The run still indexes what it finds (no vectors), says which file is damaged and what to do, and exits 3. */
async function expectModelReportedDamaged(f: FaultLibrary, newPhotos: number) {
  const before = progressOf(f.dbFile);
  const r = await runFaultCli(f, 'index', '--json');
  expect(r.code, r.stderr).toBe(3);
  expect(r.stderr).toMatch(/the model files are damaged; .*image\.onnx.*xuntu model verify/);
  expect(JSON.parse(r.stdout)).toMatchObject({ added: newPhotos, embedded: 0, modelError: { code: 'MODEL_CORRUPT' } });
  expect(progressOf(f.dbFile)).toMatchObject({ photos: before.photos + newPhotos, embedded: before.embedded });
  const verify = await runFaultCli(f, 'model', 'verify', '--json');
  expect(verify.code).toBe(1);
  const report = JSON.parse(verify.stdout) as { ok: boolean; problems: string[]; advice: string };
  expect(report.ok).toBe(false);
  expect(report.problems.join('\n')).toMatch(/image\.onnx: wrong-size/);
  expect(report.advice).toMatch(/import it again/i);
}

/**
 * image.onnx cut short under a library that uses it (a full disk during a copy, a sync tool, a bad sector). The
 * user is told which file and what to do, new photos are still indexed (without vectors) and nothing already in
 * the library is touched; once the model is imported again, indexing embeds what was left.
 */
describe.skipIf(!vocab)('the model file truncated', () => {
  it('between runs and during one: a clear MODEL error, photos still indexed, `model verify` says why, nothing lost', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-faults-model-'));
    const f = await prepareFaultLibrary(work, vocab!, { tiny: 400, real: 0 });
    const newer = path.join(f.photos, 'batch-0001'); // the last 150: added later
    const aside = path.join(work, 'aside');
    fs.renameSync(newer, aside);
    expect((await runFaultCli(f, 'index', f.photos, '--json')).code).toBe(3);
    expect(progressOf(f.dbFile)).toMatchObject({ photos: 250, embedded: 250 });

    // Between two runs, with new photos waiting.
    truncate(f);
    fs.renameSync(aside, newer);
    await expectModelReportedDamaged(f, 150);
    await cliOk(f.lib, f.env, 'model', 'import', f.modelSource, '--vocab', vocab!, '--models-dir', f.env.XUNTU_MODELS!);
    expect((await runFaultCli(f, 'model', 'verify')).code).toBe(0);

    // During a run (the 150 still lack vectors): the workers loaded the model before the cut, so this run finishes;
    // the next one is told.
    const child = spawnFaultCli(f, 'index', '--json');
    const exited = waitForExit(child);
    while (progressOf(f.dbFile).embedded === 250 && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    truncate(f);
    const during = await exited;
    expect(during.code, during.stderr).toBe(3);
    expect(JSON.parse(during.stdout)).toMatchObject({ embedded: 150, failed: 3 });
    await expectModelReportedDamaged(f, 0);

    await cliOk(f.lib, f.env, 'model', 'import', f.modelSource, '--vocab', vocab!, '--models-dir', f.env.XUNTU_MODELS!);
    expect((await runFaultCli(f, 'index', '--json')).code).toBe(3);
    expectSoundLibrary(f);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
