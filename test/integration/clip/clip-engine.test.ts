import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEngine } from '../../../main/core/clip/clip-engine.js';
import { importModelDir } from '../../../main/core/clip/model-import.js';
import type { ModelManifest } from '../../../main/core/clip/model-manifest.js';
import { defaultProviders } from '../../../main/core/clip/ort-session.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { COLOUR_PHOTOS, COLOUR_QUERIES, argmax, colourPhotoPixels, cosines, maxAbsDiff, rowNorms } from './colour-photos.js';

const vocabFile = referenceVocabFile();
const DIM = 512;

/** The imported colour model folders, by name. */
type Imported = Record<'ofa' | 'ofaFp16' | 'hf' | 'xuntu', string>;

describe.skipIf(!vocabFile)(`ClipEngine on the colour CLIP models${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let dirs: Imported;
  /** Normalised embeddings of the six photos and six queries per imported model. */
  const embeddings: Partial<Record<keyof Imported, { images: Float32Array; texts: Float32Array }>> = {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-clip-engine-'));
    const models = await generateColourClipModels(path.join(tmp, 'generated'), { vocabFile });
    const ofa = path.join(tmp, 'ofa-export');
    fs.mkdirSync(ofa);
    for (const name of fs.readdirSync(models.dir).filter((n) => n.startsWith('colour.'))) fs.renameSync(path.join(models.dir, name), path.join(ofa, name));
    dirs = { ofa: path.join(tmp, 'ofa'), ofaFp16: path.join(tmp, 'ofa-fp16'), hf: path.join(tmp, 'hf'), xuntu: path.join(tmp, 'xuntu') };
    await importModelDir(ofa, dirs.ofa, { vocabFile });
    await importModelDir(ofa, dirs.ofaFp16, { vocabFile, variant: 'fp16' });
    await importModelDir(models.hf.dir, dirs.hf, { vocabFile });
    await importModelDir(models.xuntu.dir, dirs.xuntu, { vocabFile });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A copy of an imported model folder, for tests that damage it. */
  const copyOf = (dir: string) => {
    const copy = fs.mkdtempSync(path.join(tmp, 'copy-'));
    fs.cpSync(dir, copy, { recursive: true });
    return copy;
  };

  describe.each(['ofa', 'ofaFp16', 'hf', 'xuntu'] as const)('imported %s model', (name) => {
    it('finds each colour photo with its query, with unit-length embeddings', async () => {
      const engine = await ClipEngine.load({ modelDir: dirs[name], providers: ['cpu'] });
      try {
        const images = await engine.embedImages(await colourPhotoPixels(engine.manifest), COLOUR_PHOTOS.length);
        const texts = await engine.embedTexts(COLOUR_QUERIES);
        for (const norm of [...rowNorms(images, DIM), ...rowNorms(texts, DIM)]) expect(norm).toBeCloseTo(1, 5);
        const cos = cosines(texts, images, DIM);
        cos.forEach((row, t) => {
          expect(argmax(row), `${COLOUR_QUERIES[t]}: ${row.map((c) => c.toFixed(2))}`).toBe(t);
          expect(row[t]).toBeGreaterThan(0.9);
        });
        COLOUR_PHOTOS.forEach((_, i) => expect(argmax(cos.map((row) => row[i]!))).toBe(i));
        embeddings[name] = { images, texts };
      } finally {
        await engine.close();
      }
    });
  });

  it('gives the same embeddings from all three formats (within 1e-4), and from OFA fp16 within 1e-2', () => {
    const { ofa, ofaFp16, hf, xuntu } = embeddings;
    expect(ofa && ofaFp16 && hf && xuntu, 'the per-format tests ran first').toBeTruthy();
    for (const other of [hf!, xuntu!]) {
      expect(maxAbsDiff(ofa!.images, other.images)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ofa!.texts, other.texts)).toBeLessThan(1e-4);
    }
    expect(maxAbsDiff(ofa!.images, ofaFp16!.images)).toBeLessThan(1e-2);
    expect(maxAbsDiff(ofa!.texts, ofaFp16!.texts)).toBeLessThan(1e-2);
  });

  it('averages a prompt ensemble of unit vectors and normalises the mean', async () => {
    const engine = await ClipEngine.load({ modelDir: dirs.ofa, towers: ['text'], providers: ['cpu'] });
    const prompts = ['红色', '一张红色的照片', '红色的东西'];
    const ensemble = await engine.embedPromptEnsemble(prompts);
    const each = await engine.embedTexts(prompts);
    const mean = Array.from({ length: DIM }, (_, i) => (each[i]! + each[DIM + i]! + each[2 * DIM + i]!) / 3);
    const norm = Math.hypot(...mean);
    expect(maxAbsDiff(ensemble, Float32Array.from(mean, (v) => v / norm))).toBeLessThan(1e-6);
    expect(rowNorms(ensemble, DIM)[0]).toBeCloseTo(1, 5);
    await expect(engine.embedPromptEnsemble([])).rejects.toMatchObject({ code: 'CLIP_INPUT_INVALID' });
    await engine.close();
  });

  it('loads only the towers asked for, and checks what it is given', async () => {
    const engine = await ClipEngine.load({ modelDir: dirs.hf, towers: ['image'], providers: ['cpu'], intraOpThreads: 1 });
    expect(engine.providers).toEqual({ image: 'cpu' });
    await expect(engine.embedTexts(['红色'])).rejects.toMatchObject({ code: 'CLIP_TOWER_NOT_LOADED' });
    expect(await engine.embedImages(new Float32Array(0), 0)).toHaveLength(0);
    await expect(engine.embedImages(new Float32Array(3 * 224 * 224), 2)).rejects.toMatchObject({ code: 'CLIP_INPUT_INVALID' });
    await engine.close();
    await engine.close();
  });

  it('falls back to the CPU when CUDA cannot start, recording why', async () => {
    const engine = await ClipEngine.load({ modelDir: dirs.xuntu, providers: ['cuda', 'cpu'] });
    // Where the CUDA build of onnxruntime-node and a GPU are present, CUDA is used instead.
    if (engine.providers.image === 'cuda') {
      expect(engine.providerFallbacks).toEqual({});
    } else {
      expect(engine.providers).toEqual({ image: 'cpu', text: 'cpu' });
      expect(engine.providerFallbacks.image).toMatch(/^cuda: /);
    }
    await engine.close();

    const absent = process.platform === 'win32' ? 'coreml' : 'dml';
    const cpu = await ClipEngine.load({ modelDir: dirs.xuntu, providers: [absent], towers: ['text'] });
    expect(cpu.providers).toEqual({ text: 'cpu' });
    expect(cpu.providerFallbacks.text).toMatch(new RegExp(`^${absent}: not available in onnxruntime-node`));
    await cpu.close();

    expect(defaultProviders('linux')).toEqual(['cuda', 'cpu']);
    expect(defaultProviders('win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(defaultProviders('darwin')).toEqual(['coreml', 'cpu']);
  });

  it('reports a missing tower file as MODEL_NOT_FOUND and a damaged one as MODEL_CORRUPT', async () => {
    const missing = copyOf(dirs.hf);
    fs.rmSync(path.join(missing, 'text.onnx'));
    await expect(ClipEngine.load({ modelDir: missing, providers: ['cpu'] })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining(path.join(missing, 'text.onnx')),
    });
    // The split towers read their weights from the upstream file: losing it damages both.
    const lostWeights = copyOf(dirs.hf);
    fs.truncateSync(path.join(lostWeights, 'model.onnx'), 1000);
    await expect(ClipEngine.load({ modelDir: lostWeights, providers: ['cpu'] })).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/image\.onnx could not be loaded by ONNX Runtime.*xuntu model fetch/),
    });
    await expect(ClipEngine.load({ modelDir: path.join(tmp, 'nothing-here') })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('refuses embeddings whose size differs from the manifest', async () => {
    const dir = copyOf(dirs.xuntu);
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelManifest;
    fs.writeFileSync(file, JSON.stringify({ ...manifest, embeddingDim: 256 }));
    const engine = await ClipEngine.load({ modelDir: dir, towers: ['text'], providers: ['cpu'] });
    await expect(engine.embedTexts(['红色'])).rejects.toMatchObject({ code: 'MODEL_OUTPUT_MISMATCH' });
    await engine.close();
  });
});
