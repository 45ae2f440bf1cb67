import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateColourClipModels, type ColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { runCli } from '../../helpers/cli.js';

const vocab = referenceVocabFile();

interface ListJson {
  modelsDir: string;
  active: { id: string; dir: string } | null;
  catalog: { id: string; default: boolean; variants: string[] }[];
  installed: { id: string; variant: string; dir: string; manifestId: string | null; active: boolean }[];
}

describe.skipIf(!vocab)(`xuntu model … and xuntu tokenize${vocab ? '' : ` (${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let models: ColourClipModels;
  let library: string;
  let modelsDir: string;
  // Every command gets the same library, and every model command the same models folder (never the user's);
  // English so messages can be matched.
  const cli = (args: string[]) =>
    runCli(['--lang', 'en', '--library', library, ...args, ...(args[0] === 'model' ? ['--models-dir', modelsDir] : [])]);

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-model-cli-'));
    models = await generateColourClipModels(path.join(tmp, 'colour'), { vocabFile: vocab! });
    library = path.join(tmp, 'library');
    modelsDir = path.join(tmp, 'models');
  });

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('lists the catalog and no active model before anything is installed', async () => {
    const r = await cli(['model', 'list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as ListJson;
    expect(list.modelsDir).toBe(path.resolve(modelsDir));
    expect(list.active).toBeNull();
    expect(list.installed).toEqual([]);
    expect(list.catalog.filter((m) => m.default)).toHaveLength(1);
    expect(list.catalog.find((m) => m.id === 'chinese-clip-vit-base-patch16')?.variants).toContain('fp16');

    const text = await cli(['model', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('chinese-clip-vit-base-patch16');
    expect(text.stdout).toContain('no model yet');
  });

  it('tokenize without a vocabulary or an active model asks for --vocab (exit 2)', async () => {
    const r = await cli(['tokenize', '红色']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--vocab');
    expect(r.stdout).toBe('');
  });

  it('imports the OFA-Sys export with --vocab, without making it active when --no-use', async () => {
    const r = await cli(['model', 'import', models.dir, '--vocab', vocab!, '--no-use']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('colour-fp32');
    const list = JSON.parse((await cli(['model', 'list', '--json'])).stdout) as ListJson;
    expect(list.active).toBeNull();
    expect(list.installed).toEqual([expect.objectContaining({ id: 'colour-fp32', variant: 'fp32', manifestId: 'colour-fp32', active: false })]);
  });

  it('imports the Xuntu-layout folder and makes it the library model', async () => {
    const r = await cli(['model', 'import', path.join(models.dir, 'xuntu'), '--vocab', vocab!]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('now uses model colour-clip-test');
    const list = JSON.parse((await cli(['model', 'list', '--json'])).stdout) as ListJson;
    expect(list.active?.id).toBe('colour-clip-test');
    const installed = list.installed.find((m) => m.id === 'colour-clip-test');
    expect(installed).toMatchObject({ variant: 'fp32', active: true });
    expect(list.active?.dir).toBe(installed?.dir);
    expect(list.installed.find((m) => m.id === 'colour-fp32')?.active).toBe(false);
  });

  it('switches models with model use, by id and by folder', async () => {
    const byId = await cli(['model', 'use', 'colour-fp32']);
    expect(byId.code, byId.stderr).toBe(0);
    expect((JSON.parse((await cli(['model', 'list', '--json'])).stdout) as ListJson).active?.id).toBe('colour-fp32');

    const byDir = await cli(['model', 'use', path.join(modelsDir, 'colour-clip-test', 'fp32')]);
    expect(byDir.code, byDir.stderr).toBe(0);
    expect((JSON.parse((await cli(['model', 'list', '--json'])).stdout) as ListJson).active?.id).toBe('colour-clip-test');

    const missing = await cli(['model', 'use', 'no-such-model:fp16']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-model:fp16 is not installed');
  });

  it("tokenizes with the active model's vocabulary, one padded row of 52 ids per text", async () => {
    const r = await cli(['tokenize', '红色', '海边的日落']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as number[][];
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toHaveLength(52);
    expect(rows[0]!.slice(0, 5)).toEqual([101, 5273, 5682, 102, 0]);
    expect(rows[1]![0]).toBe(101);
    expect(rows[1]!.indexOf(102)).toBe(6);

    const explicit = await cli(['tokenize', '红色', '--vocab', vocab!, '--context-length', '8']);
    expect(JSON.parse(explicit.stdout)).toEqual([[101, 5273, 5682, 102, 0, 0, 0, 0]]);

    const bad = await cli(['tokenize', '红色', '--vocab', vocab!, '--context-length', 'x']);
    expect(bad.code).toBe(2);
  });

  it('rejects fetch arguments it cannot use, with a clear message', async () => {
    const unknown = await cli(['model', 'fetch', 'no-such-model']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no model "no-such-model" in the catalog');

    const importOnly = await cli(['model', 'fetch', 'chinese-clip-rn50']);
    expect(importOnly.code).toBe(1);
    expect(importOnly.stderr).toContain('import-only');

    const badVariant = await cli(['model', 'fetch', 'chinese-clip-vit-base-patch16', '--variant', 'fp64']);
    expect(badVariant.code).toBe(1);
    expect(badVariant.stderr).toContain('no variant "fp64"');

    const badSource = await cli(['model', 'fetch', 'chinese-clip-vit-base-patch16', '--source', 'ftp']);
    expect(badSource.code).toBe(2);
  });

  it('verifies the active model, then reports a truncated tower file (exit 1) with advice', async () => {
    const ok = await cli(['model', 'verify']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('colour-clip-test is intact');

    const dir = path.join(modelsDir, 'colour-clip-test', 'fp32');
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: { image: string } };
    const tower = path.join(dir, manifest.files.image);
    // Replace rather than truncate in place: the install may share the file with the fixture through a hard link.
    const bytes = await fs.readFile(tower);
    await fs.rm(tower);
    await fs.writeFile(tower, bytes.subarray(0, bytes.length - 10));

    const bad = await cli(['model', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${manifest.files.image}: wrong-size`);
    expect(bad.stdout).toContain('xuntu model import');

    const json = await cli(['model', 'verify', 'colour-clip-test', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining(manifest.files.image)]);

    const other = await cli(['model', 'verify', 'colour-fp32']);
    expect(other.code, other.stdout).toBe(0);
  });
});
