import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../../main/core/app/app-service.js';
import { invokeChannel } from '../../../main/core/app/invoke-channel.js';
import { generateColourClipModels, type ColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { runCli } from '../../helpers/cli.js';

const vocab = referenceVocabFile();

/** fetch-model.test.ts checks verifyModel itself; this is the user's side: a damaged model is never put to use. */
describe.skipIf(!vocab)(`installed models are verified before use${vocab ? '' : ` (${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let models: ColourClipModels;
  let service: AppService;
  const modelsDir = () => path.join(tmp, 'models');
  const call = (channel: Parameters<typeof invokeChannel>[1], payload: unknown) => invokeChannel(service, channel, payload);

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-model-integrity-'));
    models = await generateColourClipModels(path.join(tmp, 'generated'), { vocabFile: vocab! });
    service = new AppService({ libraryDir: path.join(tmp, 'library'), modelsDir: modelsDir(), version: '0.0.0-test', defaultLanguage: 'en' });
  });

  afterAll(async () => {
    await service?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('refuses to switch to an install whose file was altered after it was installed, and says to fetch it again', async () => {
    const imported = await call('models.import', { folder: path.dirname(models.xuntu.manifest), vocab: vocab!, use: false });
    expect(imported, JSON.stringify(imported)).toMatchObject({ ok: true });
    const { dir } = (imported as { value: { dir: string } }).value;
    const image = path.join(dir, 'image.onnx');
    const original = await fs.readFile(image);
    // One byte, same size: only the sha256 recorded at install time can tell.
    const tampered = Buffer.from(original);
    tampered[tampered.length >> 1]! ^= 0xff;
    await fs.writeFile(image, tampered);

    const refused = await call('models.use', { id: 'colour-clip-test' });
    expect(refused).toMatchObject({ ok: false, code: 'MODEL_CORRUPT', message: expect.stringMatching(/fetch .*or import it again/) });
    expect((await service.handlers['app.info']({})).activeModel).toBeNull();

    const cli = await runCli(['--lang', 'en', '--library', path.join(tmp, 'cli-library'), 'model', 'use', 'colour-clip-test', '--models-dir', modelsDir()]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('image.onnx: wrong-checksum');
    expect(cli.stderr).toMatch(/fetch .*or import it again/i);

    // Repaired, the same install is taken.
    await fs.writeFile(image, original);
    expect(await call('models.use', { id: 'colour-clip-test' })).toMatchObject({ ok: true, value: { active: { id: 'colour-clip-test' } } });
  });

  it('refuses a manifest that names a file outside its folder', async () => {
    const source = path.dirname(models.xuntu.manifest);
    for (const [i, escape] of ['../../etc/passwd', '/etc/passwd', 'sub/../../image.onnx'].entries()) {
      const folder = path.join(tmp, `escaping-${i}`);
      await fs.cp(source, folder, { recursive: true });
      const manifest = JSON.parse(await fs.readFile(path.join(folder, 'manifest.json'), 'utf8')) as { id: string; files: { image: string } };
      await fs.writeFile(path.join(folder, 'manifest.json'), JSON.stringify({ ...manifest, id: `escaping-${i}`, files: { ...manifest.files, image: escape } }));

      const r = await call('models.import', { folder, vocab: vocab!, use: true });
      expect(r, escape).toMatchObject({ ok: false, code: expect.stringMatching(/^MODEL_/) });
      expect((r as { message: string }).message).toContain('must be a relative path inside the model folder');
      expect(await fs.readdir(modelsDir())).not.toContain(`escaping-${i}`);
    }
    expect((await service.handlers['app.info']({})).activeModel?.id).toBe('colour-clip-test');
  });
});
